import { isObject } from '../../shared/json.js';
import type { KubeObject } from '../metacontroller.js';
import { lastApplied } from '../shared/objects.js';
import {
  HASH_ANNOTATION,
  MANAGED_BY,
  PACK_LABEL,
  packLabelValue,
  ROLLOUT_ANNOTATIONS,
  VERSION_ANNOTATION,
} from './names.js';
import type { Served } from './observed.js';
import type { RolloutDecision } from './rollout.js';

// One ConfigMap per served version. The version and content hash ride along as
// annotations so a later sync can recognise the version a ConfigMap holds
// (e.g. one pinned by an AgentRuntime) without trusting its name; the active
// and canary ones also carry their role (and the canary its clock), which is
// how a sync recovers the rollout when the status is gone.

export function versionConfigMap(packName: string, namespace: string, served: Served, decision: RolloutDecision): KubeObject {
  const labels: Record<string, string> = {
    'app.kubernetes.io/name': 'omnia-promptpack',
    'app.kubernetes.io/managed-by': MANAGED_BY,
    'omnia.altairalabs.ai/component': 'promptpack',
    [PACK_LABEL]: packLabelValue(packName),
  };
  const annotations: Record<string, string> = { [VERSION_ANNOTATION]: served.version, [HASH_ANNOTATION]: served.contentHash };
  const { active, canary } = decision;
  if (active?.configMapName === served.configMapName) annotations[ROLLOUT_ANNOTATIONS.role] = 'active';
  else if (canary?.configMapName === served.configMapName) {
    annotations[ROLLOUT_ANNOTATIONS.role] = 'canary';
    annotations[ROLLOUT_ANNOTATIONS.weight] = String(canary.weight);
    if (decision.canaryStartedAt) annotations[ROLLOUT_ANNOTATIONS.startedAt] = decision.canaryStartedAt;
    if (decision.lastStepTime) annotations[ROLLOUT_ANNOTATIONS.lastStepTime] = decision.lastStepTime;
  }
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: served.configMapName,
      namespace,
      labels,
      annotations,
    },
    data: { [served.key]: served.text },
  };
}

/**
 * An observed child re-emitted unchanged: what the hook last asked for, or the
 * live object's own content when no last-applied record exists. Used only when
 * nothing valid can be served, so that nothing running is deleted.
 */
export function keepAsObserved(child: KubeObject): KubeObject {
  const last = lastApplied(child);
  if (last) return last;
  const meta = child.metadata;
  const out: KubeObject = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: meta.name, ...(meta.namespace ? { namespace: meta.namespace } : {}) },
  };
  if (meta.labels) out.metadata.labels = meta.labels;
  if (meta.annotations) {
    const { ['metacontroller.k8s.io/last-applied-configuration']: _ignored, ...rest } = meta.annotations;
    out.metadata.annotations = rest;
  }
  if (isObject(child.data)) out.data = child.data;
  if (isObject(child.binaryData)) out.binaryData = child.binaryData;
  return out;
}
