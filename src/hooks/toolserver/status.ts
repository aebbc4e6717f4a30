// The ToolServer status, read from the observed Deployment and Service: Ready
// only when every wanted pod is ready and the Service exists, so a ToolRegistry
// listing the server and the status agree on when it can be called. Conditions
// keep their lastTransitionTime while their status holds (no write loops).

import type { KubeObject } from '../metacontroller.js';
import { withTransitionTimes, type DesiredCondition } from '../shared/conditions.js';
import { dig } from '../../shared/json.js';
import { deploymentHealth } from '../agentruntime/status/rollout.js';
import type { ToolServerStatus } from '../../types/generated/toolserver.js';

export interface StatusInput {
  /** Why the spec cannot be deployed; the running children are then kept. */
  invalid?: string;
  /** The Deployment this answer asks for (desired, or the kept one). */
  deployment?: KubeObject;
  observedDeployment?: KubeObject;
  serviceName: string;
  serviceExists: boolean;
  url?: string;
  toolName: string;
  observedStatus: unknown;
  now: Date;
}

type Phase = NonNullable<ToolServerStatus['phase']>;

export function toolServerStatus(s: StatusInput): ToolServerStatus {
  const health = s.deployment ? deploymentHealth(s.deployment, s.observedDeployment) : undefined;
  const deploymentReady: DesiredCondition = health
    ? { type: 'DeploymentReady', status: health.ready ? 'True' : 'False', reason: health.reason, message: health.message }
    : { type: 'DeploymentReady', status: 'False', reason: 'NotCreated', message: 'no Deployment is asked for' };
  const serviceReady: DesiredCondition = s.serviceExists
    ? { type: 'ServiceReady', status: 'True', reason: 'Created', message: `Service ${s.serviceName} exists` }
    : { type: 'ServiceReady', status: 'False', reason: 'NotCreated', message: `Service ${s.serviceName} not created yet` };

  let phase: Phase;
  let ready: DesiredCondition;
  if (s.invalid) {
    phase = 'Failed';
    const kept = s.deployment ? '; the running Deployment and Service are kept as last applied' : '; nothing is deployed until this is fixed';
    ready = { type: 'Ready', status: 'False', reason: 'InvalidSpec', message: `invalid spec: ${s.invalid}${kept}` };
  } else if (!health || health.reason === 'NotCreated' || !s.serviceExists) {
    phase = 'Pending';
    ready = { type: 'Ready', status: 'False', reason: 'NotCreated', message: health?.reason === 'NotCreated' ? health.message : serviceReady.message };
  } else if (health.ready && health.reason !== 'ScaledToZero') {
    phase = 'Ready';
    ready = { type: 'Ready', status: 'True', reason: 'Ready', message: `serving at ${s.url ?? s.serviceName}` };
  } else {
    phase = 'NotReady';
    ready = { type: 'Ready', status: 'False', reason: health.reason, message: health.message };
  }

  return {
    conditions: withTransitionTimes([ready, deploymentReady, serviceReady], dig(s.observedStatus, 'conditions'), s.now),
    phase,
    replicas: { available: health?.available ?? 0, desired: health?.desired ?? 0, ready: health?.readyReplicas ?? 0 },
    serviceName: s.serviceName,
    toolName: s.toolName,
    ...(s.url && !s.invalid ? { url: s.url } : {}),
  };
}
