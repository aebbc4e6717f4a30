// finalize: called instead of sync once the PromptPack is deleted (Metacontroller
// holds it with its finalizer while this answers finalized: false).
//
// In-use protection, as Kubernetes protects a PersistentVolumeClaim a pod still
// mounts: the version ConfigMaps are this pack's children, so the garbage
// collector would delete them with it, and the next pod of an agent still
// running that version (a restart, a scale-up, a node drain) would hang in
// ContainerCreating. So the ConfigMaps an agent runs (its Service lists the
// versions, the relation sync already uses) are kept, and the pack stays
// Deleting — naming the agents — until none does; then the children go and the
// finalizer is released. The agents copying what they mount instead would put
// every pack's content into every agent's sync request and etcd N times
// (bench/hooks.md, "PromptPack fan-in").

import { withTransitionTimes, type DesiredCondition } from '../shared/conditions.js';
import { dig } from '../../shared/json.js';
import type { CompositeSyncResponse } from '../metacontroller.js';
import { readRequest } from '../request/envelope.js';
import type { PromptPackStatus } from '../../types/generated/promptpack.js';
import { readAgents, type PackAgents } from './agents.js';
import { keepAsObserved } from './children.js';
import { CHILD_KEY } from './names.js';
import { compareText, CONFIGMAP_TYPE, observedVersions, statusVersions } from './observed.js';
import { sameVersion } from './spec.js';
import { objectsOf } from '../shared/objects.js';

/** A safety net only: a change to an agent's Service (related) already triggers the next call. */
export const FINALIZE_RESYNC_SECONDS = 60;

export function finalizePromptPack(request: unknown, now: Date): CompositeSyncResponse {
  const { subject: parent, name, namespace, children, related } = readRequest(request, 'composite', 'finalize', 'PromptPack');
  const running = readAgents(related, name, namespace);
  // Only intact version ConfigMaps some agent runs; each re-emitted exactly as
  // last applied, so keeping it writes nothing.
  const kept = observedVersions(children, CHILD_KEY).filter((v) => running.inUse.some((u) => sameVersion(u, v.version)));
  const keptNames = new Set(kept.map((v) => v.configMapName));
  const objects = objectsOf(children, CONFIGMAP_TYPE)
    .filter((c) => keptNames.has(c.metadata.name))
    .sort((a, b) => compareText(a.metadata.name, b.metadata.name))
    .map(keepAsObserved);
  const waiting = kept.length > 0;
  const status: PromptPackStatus = {
    phase: 'Deleting',
    ...(kept.length > 0 ? { versions: statusVersions(kept) } : {}),
    conditions: withTransitionTimes([inUse(running, kept.map((v) => v.version))], dig(parent.status, 'conditions'), now),
    referencingAgents: running.agents.length,
  };
  return waiting
    ? { status: { ...status }, children: objects, finalized: false, resyncAfterSeconds: FINALIZE_RESYNC_SECONDS }
    : { status: { ...status }, children: [], finalized: true };
}

function inUse(running: PackAgents, keptVersions: string[]): DesiredCondition {
  if (keptVersions.length === 0) {
    return { type: 'InUse', status: 'False', reason: 'NoAgentsRunning', message: 'no AgentRuntime runs a version of this PromptPack: its ConfigMaps are deleted with it' };
  }
  const holders = running.agents
    .map((a) => ({ name: a.name, versions: a.versions.filter((v) => keptVersions.some((k) => sameVersion(k, v))) }))
    .filter((a) => a.versions.length > 0);
  const list = holders.map((a) => `${a.name} (${a.versions.join(', ')})`).join(', ');
  const n = holders.length;
  return {
    type: 'InUse',
    status: 'True',
    reason: 'AgentsRunningVersions',
    message: `deletion waits for ${n} AgentRuntime${n === 1 ? '' : 's'} still running its versions: ${list}; point their spec.promptPackRef at another PromptPack or delete them`,
  };
}
