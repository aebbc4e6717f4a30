// PodDisruptionBudget `<name>` when more than one replica is expected. It allows
// one voluntary eviction at a time, so it never blocks draining a node that holds
// the only pod, and keeps capacity while several pods run.

import type { KubeObject } from '../../metacontroller.js';
import { agentSelector, commonLabels } from '../constants.js';
import { childNames } from './names.js';

export function buildPdb(name: string): KubeObject {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { labels: commonLabels(name), name: childNames(name).pdb },
    spec: { maxUnavailable: 1, selector: { matchLabels: agentSelector(name) } },
  };
}
