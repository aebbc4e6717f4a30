// Service `<name>` (or its DNS-1035 form, names.ts): ClusterIP, port `facade` → the facade port, selecting the
// pods of both tracks so a running canary receives its share of connections.
// It also tells the agent's PromptPack (which relates it by the pack label) which
// versions this agent's Deployments run: the Service is ~1 KB where a Deployment
// is ~11 KB, and the pack's sync carries one per agent.

import type { KubeObject } from '../../metacontroller.js';
import { agentSelector, ANNOTATION_PACK_VERSIONS, commonLabels, LABEL_PROMPTPACK, packLabelValue } from '../constants.js';
import { childNames } from './names.js';

/** `versions`: the pack versions of the Deployments in this answer (stable, and canary while one runs). */
export function buildService(name: string, port: number, packName: string, versions: readonly string[]): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      annotations: { [ANNOTATION_PACK_VERSIONS]: [...new Set(versions)].sort().join(',') },
      labels: { ...commonLabels(name), [LABEL_PROMPTPACK]: packLabelValue(packName) },
      name: childNames(name).service,
    },
    spec: {
      ports: [{ name: 'facade', port, protocol: 'TCP', targetPort: 'facade' }],
      selector: agentSelector(name),
      type: 'ClusterIP',
    },
  };
}
