// HorizontalPodAutoscaler (autoscaling/v2) or KEDA ScaledObject for `<name>`,
// never both. Both scale the stable Deployment only; a canary keeps its share.

import type { KubeObject } from '../metacontroller.js';
import { commonLabels } from './constants.js';
import type { AgentSpec, KedaTrigger } from './spec.js';

export function buildHpa(name: string, spec: AgentSpec): KubeObject {
  const a = spec.runtime.autoscaling;
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name, labels: commonLabels(name) },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name },
      minReplicas: a.minReplicas,
      maxReplicas: a.maxReplicas,
      metrics: [
        { type: 'Resource', resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: a.targetMemoryUtilizationPercentage } } },
        { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: a.targetCPUUtilizationPercentage } } },
      ],
      behavior: { scaleDown: { stabilizationWindowSeconds: a.scaleDownStabilizationSeconds } },
    },
  };
}

/** The trigger used when spec.runtime.autoscaling.keda.triggers is empty. */
export function defaultTrigger(name: string, namespace: string, serverAddress: string): KedaTrigger {
  return {
    type: 'prometheus',
    metadata: {
      serverAddress,
      query: `sum(omnia_agent_connections_active{agent="${name}",namespace="${namespace}"}) or vector(0)`,
      threshold: '10',
    },
  };
}

export function buildScaledObject(name: string, namespace: string, spec: AgentSpec, prometheus: string): KubeObject {
  const a = spec.runtime.autoscaling;
  const triggers = a.keda.triggers.length > 0 ? a.keda.triggers : [defaultTrigger(name, namespace, prometheus)];
  return {
    apiVersion: 'keda.sh/v1alpha1',
    kind: 'ScaledObject',
    metadata: { name, labels: commonLabels(name) },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name },
      pollingInterval: a.keda.pollingInterval,
      cooldownPeriod: a.keda.cooldownPeriod,
      minReplicaCount: a.minReplicas,
      maxReplicaCount: a.maxReplicas,
      triggers,
    },
  };
}
