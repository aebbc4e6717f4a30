// HorizontalPodAutoscaler (autoscaling/v2) or KEDA ScaledObject for `<name>`,
// never both. Both scale the stable Deployment only; a canary keeps its share.
// Names (theirs and the Deployment's they target) come from names.ts.

import { sortKeys } from '../../../shared/canonical-json.js';
import type { KubeObject } from '../../metacontroller.js';
import { commonLabels } from '../constants.js';
import type { AgentSpec, KedaTrigger } from '../spec.js';
import { childNames } from './names.js';

export function buildHpa(name: string, spec: AgentSpec): KubeObject {
  const a = spec.runtime.autoscaling;
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { labels: commonLabels(name), name: childNames(name).hpa },
    spec: {
      behavior: { scaleDown: { stabilizationWindowSeconds: a.scaleDownStabilizationSeconds } },
      maxReplicas: a.maxReplicas,
      metrics: [
        { resource: { name: 'memory', target: { averageUtilization: a.targetMemoryUtilizationPercentage, type: 'Utilization' } }, type: 'Resource' },
        { resource: { name: 'cpu', target: { averageUtilization: a.targetCPUUtilizationPercentage, type: 'Utilization' } }, type: 'Resource' },
      ],
      minReplicas: a.minReplicas,
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: childNames(name).stable },
    },
  };
}

/**
 * The trigger used when spec.runtime.autoscaling.keda.triggers is empty. Its
 * `agent` is the AgentRuntime's full name, as the facade labels its metrics
 * (OMNIA_AGENT_NAME; Prometheus label values have no length limit).
 */
export function defaultTrigger(name: string, namespace: string, serverAddress: string): KedaTrigger {
  return {
    metadata: {
      query: `sum(omnia_agent_connections_active{agent="${name}",namespace="${namespace}"}) or vector(0)`,
      serverAddress,
      threshold: '10',
    },
    type: 'prometheus',
  };
}

export function buildScaledObject(name: string, namespace: string, spec: AgentSpec, prometheus: string): KubeObject {
  const a = spec.runtime.autoscaling;
  // User-given triggers may come in any key order; ours are written sorted.
  const triggers = a.keda.triggers.length > 0 ? sortKeys(a.keda.triggers) : [defaultTrigger(name, namespace, prometheus)];
  return {
    apiVersion: 'keda.sh/v1alpha1',
    kind: 'ScaledObject',
    metadata: { labels: commonLabels(name), name: childNames(name).scaledObject },
    spec: {
      cooldownPeriod: a.keda.cooldownPeriod,
      maxReplicaCount: a.maxReplicas,
      minReplicaCount: a.minReplicas,
      pollingInterval: a.keda.pollingInterval,
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: childNames(name).stable },
      triggers,
    },
  };
}
