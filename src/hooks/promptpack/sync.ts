import { dig, digNonEmptyString } from '../../shared/json.js';
import type { CompositeSyncResponse, KubeObject, ObjectMap } from '../metacontroller.js';
import { withTransitionTimes, type DesiredCondition } from '../shared/conditions.js';
import { findObject, objectsOf } from '../shared/objects.js';
import { readRequest } from '../request/envelope.js';
import { keepAsObserved, versionConfigMap } from './children.js';
import { CHILD_KEY, nameTooLong, versionConfigMapName } from './names.js';
import { CONFIGMAP_TYPE, observedVersions, readObservedStatus, recoverServed, type Served } from './observed.js';
import { decideRollout, type RolloutDecision } from './rollout.js';
import { readPack, type ContentResult } from './source.js';
import { compareVersions } from './semver.js';
import { parsePackSpec, sameVersion } from './spec.js';
import type { PackVersionRef, PromptPackStatus } from '../../types/generated/promptpack.js';

export const AGENTRUNTIME_TYPE = 'AgentRuntime.omnia.altairalabs.ai/v1alpha1';

/** Sync: validate spec.version's content, advance the rollout, own one ConfigMap per served version. */
export function syncPromptPack(request: unknown, now: Date): CompositeSyncResponse {
  const { subject: parent, name, namespace, children, related } = readRequest(request, 'composite', 'sync');
  const spec = parsePackSpec(parent.spec);
  const observed = readObservedStatus(parent.status);
  const activeServed = recoverServed(children, observed.active);

  let content: ContentResult;
  if (spec.problems.length > 0 || !spec.configMapName || !spec.version) {
    content = { ok: false, stage: 'source', reason: 'InvalidSpec', message: spec.problems.join('; ') };
  } else {
    content = readPack(findObject(related, CONFIGMAP_TYPE, spec.configMapName, namespace), spec.configMapName, spec.key);
  }

  let candidate: Served | undefined;
  if (content.ok && spec.version && spec.configMapName) {
    const configMapName = versionConfigMapName(name, spec.version);
    const conflict = nameConflict(configMapName, spec.version, spec.configMapName, activeServed);
    if (conflict) content = { ok: false, stage: 'source', reason: 'ConfigMapNameConflict', message: conflict };
    else candidate = { version: spec.version, configMapName, key: CHILD_KEY, contentHash: content.contentHash, text: content.text };
  }

  const decision = decideRollout({
    rollout: spec.rollout,
    candidate,
    candidateVersion: spec.version,
    activeServed,
    observed,
    now,
  });

  const agents = objectsOf(related, AGENTRUNTIME_TYPE).filter(
    (a) => (a.metadata.namespace ?? namespace) === namespace && dig(a.spec, 'promptPackRef', 'name') === name,
  );
  const pinned = [...new Set(agents.map((a) => digNonEmptyString(a.spec, 'promptPackRef', 'version')).filter(isString))].sort();

  const desired = desiredChildren(name, namespace, decision, children, pinned);
  const status = buildStatus({ spec, content, decision, namespace, agents: agents.length, pinned, desired, observedStatus: parent.status, now });
  const response: CompositeSyncResponse = { status: { ...status }, children: desired.objects };
  if (decision.resyncAfterSeconds !== undefined) response.resyncAfterSeconds = decision.resyncAfterSeconds;
  return response;
}

function isString(v: string | undefined): v is string {
  return v !== undefined;
}

function nameConflict(child: string, version: string, source: string, active: Served | undefined): string | undefined {
  if (nameTooLong(child)) return `ConfigMap name "${child}" for version ${version} is longer than 253 characters`;
  if (child === source) {
    return `the source ConfigMap "${source}" has the name this PromptPack uses for version ${version}; rename the source`;
  }
  if (active && active.configMapName === child && !sameVersion(active.version, version)) {
    return `versions ${active.version} and ${version} both map to ConfigMap "${child}"; choose a version that differs in more than punctuation`;
  }
  return undefined;
}

interface DesiredChildren {
  objects: KubeObject[];
  /** Pinned versions that have a ConfigMap kept for them. */
  keptPinned: string[];
  /** status.versions[]: every version ConfigMap served or retained, in semver order. */
  versions: PackVersionRef[];
}

// Retention rule for pinned versions: an observed version ConfigMap (recognised
// by its version/hash annotations and intact content) stays while at least one
// AgentRuntime in the namespace references this pack with that
// promptPackRef.version. On the first sync where none does, and it is neither
// active nor canary, it is left out and Metacontroller deletes it. Only versions
// that once served can be retained: the source ConfigMap holds spec.version alone.
function desiredChildren(
  name: string,
  namespace: string,
  decision: RolloutDecision,
  children: ObjectMap,
  pinned: string[],
): DesiredChildren {
  const served = new Map<string, Served>();
  for (const s of [decision.active, decision.canary]) if (s) served.set(s.configMapName, s);
  const keptPinned: string[] = [];
  for (const v of observedVersions(children, CHILD_KEY)) {
    const pin = pinned.find((p) => sameVersion(p, v.version));
    if (!pin) continue;
    keptPinned.push(pin);
    if (!served.has(v.configMapName)) served.set(v.configMapName, v);
  }
  const versions = [...served.values()]
    .map(refOf)
    .sort((a, b) => compareVersions(a.version, b.version) || compareText(a.configMapName, b.configMapName));
  if (decision.event === 'nothing-to-serve') {
    // Nothing valid to serve: keep whatever runs rather than delete it. Only the
    // intact pinned versions are reported, as those are what pinned agents can use.
    return { objects: objectsOf(children, CONFIGMAP_TYPE).map(keepAsObserved), keptPinned, versions };
  }
  const objects = [...served.values()]
    .sort((a, b) => compareText(a.configMapName, b.configMapName))
    .map((s) => versionConfigMap(name, namespace, s));
  return { objects, keptPinned, versions };
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

interface StatusInput {
  spec: ReturnType<typeof parsePackSpec>;
  content: ContentResult;
  decision: RolloutDecision;
  namespace: string;
  agents: number;
  pinned: string[];
  desired: DesiredChildren;
  observedStatus: unknown;
  now: Date;
}

// Typed against the generated CRD types so a field the CRD does not know (and
// the API server would prune) fails to compile.
function buildStatus(input: StatusInput): PromptPackStatus {
  const { content, decision } = input;
  const { active, canary } = decision;
  const phase =
    decision.event === 'nothing-to-serve'
      ? !content.ok && content.missing
        ? 'Pending'
        : 'Failed'
      : canary
        ? 'Canary'
        : 'Active';
  const status: PromptPackStatus = { phase };
  if (active) {
    status.activeVersion = active.version;
    status.active = refOf(active);
  }
  if (canary) {
    status.canary = { ...refOf(canary), weight: canary.weight };
    status.canaryStartedAt = decision.canaryStartedAt;
    status.lastStepTime = decision.lastStepTime;
  }
  if (input.desired.versions.length > 0) status.versions = input.desired.versions;
  status.conditions = withTransitionTimes(conditionsFor(input), dig(input.observedStatus, 'conditions'), input.now);
  status.referencingAgents = input.agents;
  return status;
}

function refOf(s: Served): PackVersionRef {
  return { version: s.version, configMapName: s.configMapName, key: s.key, contentHash: s.contentHash };
}

function conditionsFor(input: StatusInput): DesiredCondition[] {
  const { content, decision, spec } = input;
  const version = spec.version ?? '(none)';
  // When a candidate is refused while another version serves, say so where the
  // failure is reported, so `kubectl describe` shows both facts together.
  const serving =
    decision.active && !sameVersion(decision.active.version, spec.version)
      ? ` — version ${version} is not served; ${decision.active.version} keeps serving`
      : decision.active
        ? ` — the last valid content of ${decision.active.version} keeps serving`
        : '';

  let source: DesiredCondition;
  let schema: DesiredCondition;
  if (content.ok) {
    source = {
      type: 'SourceValid',
      status: 'True',
      reason: 'Found',
      message: `ConfigMap "${spec.configMapName}" key "${content.sourceKey}" holds version ${version}`,
    };
    schema = { type: 'SchemaValid', status: 'True', reason: 'Valid', message: `version ${version} satisfies the PromptPack schema` };
  } else if (content.stage === 'schema') {
    source = {
      type: 'SourceValid',
      status: 'True',
      reason: 'Found',
      message: `ConfigMap "${spec.configMapName}" key "${content.sourceKey ?? ''}" holds version ${version}`,
    };
    schema = { type: 'SchemaValid', status: 'False', reason: content.reason, message: content.message + serving };
  } else {
    source = { type: 'SourceValid', status: 'False', reason: content.reason, message: content.message + serving };
    schema = { type: 'SchemaValid', status: 'Unknown', reason: 'SourceInvalid', message: 'not checked: the source could not be read' };
  }
  return [source, schema, agentsCondition(input)];
}

function agentsCondition(input: StatusInput): DesiredCondition {
  const n = input.agents;
  let message = `${n} AgentRuntime${n === 1 ? '' : 's'} in namespace ${input.namespace} reference${n === 1 ? 's' : ''} this PromptPack`;
  const missing = input.pinned.filter((p) => !input.desired.keptPinned.includes(p));
  const kept = input.pinned.filter((p) => input.desired.keptPinned.includes(p));
  if (kept.length) message += `; pinned versions kept: ${kept.join(', ')}`;
  if (missing.length) message += `; pinned versions with no ConfigMap: ${missing.join(', ')}`;
  return { type: 'AgentsNotified', status: 'True', reason: n > 0 ? 'AgentsReferencing' : 'NoReferencingAgents', message };
}
