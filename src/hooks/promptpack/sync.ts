import { dig } from '../../shared/json.js';
import type { CompositeSyncResponse, KubeObject, ObjectMap } from '../metacontroller.js';
import { withTransitionTimes, type DesiredCondition } from '../shared/conditions.js';
import { findObject, objectsOf } from '../shared/objects.js';
import { readRequest } from '../request/envelope.js';
import { keepAsObserved, versionConfigMap } from './children.js';
import { readAgents } from './agents.js';
import { reportedAgentCount } from './agent-count.js';
import { CHILD_KEY, versionConfigMapName } from './names.js';
import {
  CONFIGMAP_TYPE,
  compareText,
  observedVersions,
  readObservedStatus,
  recoverServed,
  refOf,
  statusVersions,
  type Served,
} from './observed.js';
import { decideRollout, type RolloutDecision } from './rollout.js';
import { checkPublished, readPack, type ContentResult } from './source.js';
import { parsePackSpec, sameVersion } from './spec.js';
import type { PackVersionRef, PromptPackStatus } from '../../types/generated/promptpack.js';

/** Sync: validate spec.version's content, advance the rollout, own one ConfigMap per served version. */
export function syncPromptPack(request: unknown, now: Date): CompositeSyncResponse {
  const { subject: parent, name, namespace, children, related } = readRequest(request, 'composite', 'sync', 'PromptPack');
  const spec = parsePackSpec(parent.spec);
  const observed = readObservedStatus(parent.status, children);
  const activeServed = recoverServed(children, observed.active);

  let content: ContentResult;
  if (spec.problems.length > 0 || !spec.configMapName || !spec.version) {
    content = { ok: false, stage: 'source', reason: 'InvalidSpec', message: spec.problems.join('; ') };
  } else {
    content = readPack(findObject(related, CONFIGMAP_TYPE, spec.configMapName, namespace), spec.configMapName, spec.key, spec.version);
  }
  const canaryServed = recoverServed(children, observed.canary);
  if (content.ok && spec.configMapName && spec.version) {
    content = checkPublished(content, spec.configMapName, spec.version, publishedAs(spec.version, [activeServed, canaryServed, ...observedVersions(children, CHILD_KEY)]));
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
    canaryServed,
    observed,
    now,
  });

  const { agents: running, inUse } = readAgents(related, name, namespace);
  const counted = reportedAgentCount(
    running.length,
    { count: dig(parent.status, 'referencingAgents'), countedAt: dig(parent.status, 'agentsCountedAt') },
    now,
  );
  const desired = desiredChildren(name, namespace, decision, children, inUse);
  const status = buildStatus({ spec, content, decision, namespace, agents: counted.count, agentsCountedAt: counted.countedAt, inUse, desired, observedStatus: parent.status, now });
  const response: CompositeSyncResponse = { status: { ...status }, children: desired.objects };
  const resync = [decision.resyncAfterSeconds, counted.resyncAfterSeconds].filter((v): v is number => v !== undefined);
  if (resync.length > 0) response.resyncAfterSeconds = Math.min(...resync);
  return response;
}

/**
 * What `version` was published as: the version ConfigMap that serves or keeps
 * it, intact. None when it never served, or its ConfigMap is gone: then nothing
 * serves those bytes any more, and a refusal could not hold (the status that
 * recorded them is rewritten by the same answer).
 */
function publishedAs(version: string, served: (Served | undefined)[]): Served | undefined {
  return served.find((r): r is Served => r !== undefined && sameVersion(r.version, version));
}

function nameConflict(child: string, version: string, source: string, active: Served | undefined): string | undefined {
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
  /** Versions in use by a Deployment that have a ConfigMap kept for them. */
  keptInUse: string[];
  /** status.versions[]: every version ConfigMap served or retained, in semver order. */
  versions: PackVersionRef[];
}

// Retention rule: an observed version ConfigMap (recognised by its version/hash
// annotations and intact content) stays while at least one of this pack's agent
// Deployments runs that version — an agent pinned to it (promptPackRef.version),
// or one not yet moved off a version that stopped serving. On the first sync
// where none does, and it is neither active nor canary, it is left out and
// Metacontroller deletes it. Only versions that once served can be retained:
// the source ConfigMap holds spec.version alone.
function desiredChildren(
  name: string,
  namespace: string,
  decision: RolloutDecision,
  children: ObjectMap,
  inUse: string[],
): DesiredChildren {
  const served = new Map<string, Served>();
  for (const s of [decision.active, decision.canary]) if (s) served.set(s.configMapName, s);
  const keptInUse: string[] = [];
  for (const v of observedVersions(children, CHILD_KEY)) {
    const use = inUse.find((p) => sameVersion(p, v.version));
    if (!use) continue;
    keptInUse.push(use);
    if (!served.has(v.configMapName)) served.set(v.configMapName, v);
  }
  const versions = statusVersions([...served.values()]);
  if (decision.event === 'nothing-to-serve') {
    // Nothing valid to serve: keep whatever runs rather than delete it. Only the
    // intact versions in use are reported, as those are what agents can use.
    return { objects: objectsOf(children, CONFIGMAP_TYPE).map(keepAsObserved), keptInUse, versions };
  }
  const objects = [...served.values()]
    .sort((a, b) => compareText(a.configMapName, b.configMapName))
    .map((s) => versionConfigMap(name, namespace, s, decision));
  return { objects, keptInUse, versions };
}


interface StatusInput {
  spec: ReturnType<typeof parsePackSpec>;
  content: ContentResult;
  decision: RolloutDecision;
  namespace: string;
  agents: number;
  /** When `agents` last changed (agent-count.ts). */
  agentsCountedAt: string;
  inUse: string[];
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
  status.agentsCountedAt = input.agentsCountedAt;
  return status;
}


function conditionsFor(input: StatusInput): DesiredCondition[] {
  const { content, decision, spec } = input;
  const version = spec.version ?? '(none)';
  // When a candidate is refused while another version serves, say so where the
  // failure is reported, so `kubectl describe` shows both facts together.
  const frozen = decision.event === 'canary-frozen' ? decision.canary : undefined;
  const serving = frozen
    ? ` — ${decision.active?.version} keeps serving and canary ${frozen.version} is frozen at ${frozen.weight}% on the content it had`
    : decision.active && !sameVersion(decision.active.version, spec.version)
      ? ` — version ${version} is not served; ${decision.active.version} keeps serving`
      : decision.active
        ? ` — the published content of ${decision.active.version} keeps serving`
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
  } else if (content.stage === 'version') {
    // Readable and valid, but not what spec.version may publish.
    source = { type: 'SourceValid', status: 'False', reason: content.reason, message: content.message + serving };
    schema = { type: 'SchemaValid', status: 'True', reason: 'Valid', message: `the pack in key "${content.sourceKey ?? ''}" satisfies the PromptPack schema` };
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
  const conditions = [source, schema, agentsCondition(input)];
  if (frozen && !content.ok) {
    // Present only while frozen: the canary neither steps nor is withdrawn until
    // spec.version is readable again (or set back to the active version).
    conditions.push({
      type: 'CanaryFrozen',
      status: 'True',
      reason: content.reason,
      message: `canary ${frozen.version} stays at ${frozen.weight}% from ConfigMap "${frozen.configMapName}" until the source holds a valid version ${version} again`,
    });
  }
  return conditions;
}

function agentsCondition(input: StatusInput): DesiredCondition {
  const n = input.agents;
  const { active, canary } = input.decision;
  let message = `${n} AgentRuntime${n === 1 ? '' : 's'} in namespace ${input.namespace} run${n === 1 ? 's' : ''} this PromptPack`;
  // Active and canary always serve; only the versions kept for agents alone are worth naming.
  const others = input.inUse.filter((v) => !sameVersion(v, active?.version) && !sameVersion(v, canary?.version));
  const kept = others.filter((v) => input.desired.keptInUse.includes(v));
  const missing = others.filter((v) => !input.desired.keptInUse.includes(v));
  if (kept.length) message += `; versions kept for agents still running them: ${kept.join(', ')}`;
  if (missing.length) message += `; versions agents run with no ConfigMap: ${missing.join(', ')}`;
  return { type: 'AgentsNotified', status: 'True', reason: n > 0 ? 'AgentsReferencing' : 'NoReferencingAgents', message };
}
