// What one Deployment is doing, read from the object the API server reports:
// rolled out and ready, rolling out (old pods still around), scaling, stuck
// (ProgressDeadlineExceeded) or scaled to zero — and how many pods serve.
// A scale changes only the count; a rollout replaces pods (updatedReplicas
// below the pods that exist), which is how the two are told apart.

import type { KubeObject } from '../../metacontroller.js';
import { dig, digNumber, isObject } from '../../../shared/json.js';

export interface DeploymentHealth {
  name: string;
  /** Rolled out and every wanted pod ready (or settled at zero). */
  ready: boolean;
  reason: 'NotCreated' | 'ProgressDeadlineExceeded' | 'ScaledToZero' | 'Ready' | 'RollingOut' | 'Progressing' | 'Scaling' | 'Starting';
  message: string;
  desired: number;
  readyReplicas: number;
  available: number;
  updated: number;
  /** Pods that exist (status.replicas): old and new during a rollout. */
  existing: number;
  rollingOut: boolean;
  stuck: boolean;
}

export function deploymentHealth(desired: KubeObject, observed: KubeObject | undefined): DeploymentHealth {
  const name = desired.metadata.name;
  const want = digNumber(desired, 'spec', 'replicas') ?? 1;
  const counts = {
    name,
    desired: want,
    readyReplicas: digNumber(observed, 'status', 'readyReplicas') ?? 0,
    available: digNumber(observed, 'status', 'availableReplicas') ?? 0,
    updated: digNumber(observed, 'status', 'updatedReplicas') ?? 0,
    existing: digNumber(observed, 'status', 'replicas') ?? 0,
  };
  const ready = counts.readyReplicas;
  if (!observed) {
    return { ...counts, ready: false, reason: 'NotCreated', message: `Deployment ${name} not created yet`, rollingOut: false, stuck: false };
  }
  const generation = digNumber(observed, 'metadata', 'generation');
  const observedGeneration = digNumber(observed, 'status', 'observedGeneration');
  const settled = generation === undefined || observedGeneration === undefined || observedGeneration >= generation;
  const rollingOut = counts.updated < counts.existing;
  const conditions = dig(observed, 'status', 'conditions');
  const stalled = Array.isArray(conditions)
    ? conditions.find((c) => isObject(c) && c.type === 'Progressing' && c.reason === 'ProgressDeadlineExceeded')
    : undefined;
  const base = { ...counts, rollingOut, stuck: false };
  if (stalled) {
    const detail = isObject(stalled) && typeof stalled.message === 'string' ? `: ${stalled.message}` : '';
    return { ...base, stuck: true, ready: false, reason: 'ProgressDeadlineExceeded', message: `Deployment ${name} failed to progress${detail}` };
  }
  if (settled && want === 0 && counts.existing === 0) {
    return { ...base, ready: true, reason: 'ScaledToZero', message: `Deployment ${name} is scaled to zero` };
  }
  if (settled && !rollingOut && counts.existing <= want && counts.updated >= want && ready >= want && counts.available >= want) {
    return { ...base, ready: true, reason: 'Ready', message: `Deployment ${name}: ${ready}/${want} replicas ready` };
  }
  if (rollingOut) {
    return { ...base, ready: false, reason: 'RollingOut', message: `Deployment ${name}: rolling out, ${counts.updated}/${want} updated, ${counts.available} available` };
  }
  if (!settled) {
    // A change the Deployment controller has not picked up yet: which kind it is shows on a later sync.
    return { ...base, ready: false, reason: 'Progressing', message: `Deployment ${name}: ${ready}/${want} replicas ready` };
  }
  // Not a rollout: the count changed (a scale), or the first pods are starting.
  // A new Deployment (nothing available yet) is Starting from its first sync on, so
  // its pods appearing one by one write no second status (issue 19: fewer writes).
  const reason = counts.available > 0 ? 'Scaling' : 'Starting';
  const message = counts.existing > want ? `scaling down to ${want}, ${counts.existing} pods left` : `${ready}/${want} replicas ready`;
  return { ...base, ready: false, reason, message: `Deployment ${name}: ${message}` };
}

/** The Deployment's status as status.deployment mirrors it (keys sorted; no lastUpdateTime, which moves on every progress step). */
export function deploymentMirror(observed: KubeObject | undefined): Record<string, unknown> | undefined {
  if (!observed || !isObject(observed.status)) return undefined;
  const raw = dig(observed, 'status', 'conditions');
  const conditions = (Array.isArray(raw) ? raw.filter(isObject) : [])
    .filter((c) => typeof c.type === 'string' && typeof c.status === 'string')
    .map((c) => ({
      ...(typeof c.lastTransitionTime === 'string' ? { lastTransitionTime: c.lastTransitionTime } : {}),
      ...(typeof c.message === 'string' ? { message: c.message } : {}),
      ...(typeof c.reason === 'string' ? { reason: c.reason } : {}),
      status: c.status as string,
      type: c.type as string,
    }))
    .sort((a, b) => (a.type < b.type ? -1 : a.type > b.type ? 1 : 0));
  return {
    availableReplicas: digNumber(observed, 'status', 'availableReplicas') ?? 0,
    conditions,
    readyReplicas: digNumber(observed, 'status', 'readyReplicas') ?? 0,
    replicas: digNumber(observed, 'status', 'replicas') ?? 0,
    updatedReplicas: digNumber(observed, 'status', 'updatedReplicas') ?? 0,
  };
}
