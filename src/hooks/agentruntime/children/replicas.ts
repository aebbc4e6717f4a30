// Replica counts. Without autoscaling the spec decides; with it the autoscaler
// owns `<name>`'s count, which is carried over from the observed Deployment (or
// minReplicas at creation) so the field is always emitted and never flip-flops
// between set and unset (metacontroller-hooks.md, 3-way merge).

import type { KubeObject } from '../../metacontroller.js';
import { digNumber } from '../../../shared/json.js';
import type { AgentSpec } from '../spec.js';

export interface ReplicaPlan {
  stable: number;
  canary?: number;
  /** Whether more than one pod is expected (→ PodDisruptionBudget). */
  multiple: boolean;
}

export function planReplicas(spec: AgentSpec, observedStable: KubeObject | undefined, canaryWeight: number | undefined): ReplicaPlan {
  const a = spec.runtime.autoscaling;
  if (a.enabled) {
    const observed = digNumber(observedStable, 'spec', 'replicas');
    const stable = observed !== undefined && Number.isInteger(observed) && observed >= 0 ? observed : a.minReplicas;
    // The canary is not autoscaled: it gets its weight's share of the current count, at least one pod.
    const canary = canaryWeight === undefined ? undefined : Math.max(1, Math.round((stable * canaryWeight) / 100));
    return { stable, canary, multiple: a.maxReplicas > 1 };
  }
  const total = spec.runtime.replicas;
  if (canaryWeight === undefined) return { stable: total, multiple: total > 1 };
  if (total === 0) return { stable: 0, canary: 0, multiple: false };
  // At least one canary pod, and the stable track keeps at least one pod while a
  // canary is tried: within the total when it has room, one extra pod when total is 1.
  let canary = Math.max(1, Math.round((total * canaryWeight) / 100));
  if (total >= 2) canary = Math.min(canary, total - 1);
  const stable = Math.max(1, total - canary);
  return { stable, canary, multiple: stable + canary > 1 };
}
