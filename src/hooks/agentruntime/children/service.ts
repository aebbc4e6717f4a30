// Service `<name>` (or its DNS-1035 form, names.ts): ClusterIP, port `facade` → the facade port, selecting the
// pods of both tracks so a running canary receives its share of connections.
// It also tells the agent's PromptPack (which relates it by the pack label) which
// versions this agent's Deployments run: the Service is ~1 KB where a Deployment
// is ~11 KB, and the pack's sync carries one per agent.
// With in-memory sessions and more than one pod, a session lives in one pod
// only: `sessionAffinity: ClientIP` keeps a client on the pod that holds its
// sessions, for as long as a session lives (capped at Kubernetes' one day).

import type { KubeObject } from '../../metacontroller.js';
import { agentSelector, ANNOTATION_PACK_VERSIONS, commonLabels, LABEL_PROMPTPACK, packLabelValue } from '../constants.js';
import { parseDuration } from '../../../shared/duration.js';
import type { AgentSpec } from '../spec.js';
import { childNames } from './names.js';

/** Kubernetes' bounds for sessionAffinityConfig.clientIP.timeoutSeconds. */
const MAX_AFFINITY_SECONDS = 86_400;

/** Seconds of ClientIP stickiness when sessions stay in one pod among several, else undefined. */
export function stickySeconds(spec: AgentSpec, multiplePods: boolean): number | undefined {
  if (spec.session.type !== 'memory' || !multiplePods) return undefined;
  const ttl = Math.ceil((parseDuration(spec.session.ttl) ?? 0) / 1000);
  return Math.min(MAX_AFFINITY_SECONDS, Math.max(1, ttl));
}

/**
 * `versions`: the pack versions of the Deployments in this answer (stable, and
 * canary while one runs); `sticky`: stickySeconds().
 */
export function buildService(name: string, port: number, packName: string, versions: readonly string[], sticky?: number): KubeObject {
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
      ...(sticky !== undefined ? { sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: sticky } } } : {}),
      type: 'ClusterIP',
    },
  };
}
