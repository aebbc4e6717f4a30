// The dependency gate: one named check per kind of object the agent depends on.
// Each names the condition that reports it, the related objects it stands for
// (status.linkedResources) and whether the pods serve without it.
//
// spec.waitForDependencies true: a dependency that is missing or not Ready
// holds the rollout back (phase Waiting; running children are kept as last
// applied). false: the agent is deployed without it and its condition reports
// it (issue 13). The pods serve without a ToolRegistry (a call to a missing
// tool is an error result to the model); without the PromptPack or Provider
// the runtime starts but cannot serve — the hook names what is missing in
// OMNIA_MISSING_DEPENDENCIES and the runtime stays not Ready, refusing each
// turn with that reason, until the dependency is Ready and the pods roll onto
// it. That only ever applies to a Deployment that does not run the dependency
// yet: a running Deployment that has it is kept as last applied when it goes
// away, never rolled onto a pod that cannot serve.
//
// Adding a dependency: one entry here, its condition type in problems.ts, and
// its resolver in ../resolve/ returning a `pending` Problem.

import { ENV } from '../../../contract/pod-env.js';
import type { KubeObject, ObjectMap } from '../../metacontroller.js';
import { dig, digString, isObject } from '../../../shared/json.js';
import { findObject } from '../../shared/objects.js';
import { T } from '../constants.js';
import type { AgentSpec, ObjectRef } from '../spec.js';
import type { ConditionType, Problem } from './problems.js';
import { GATEWAY_KINDS, GATEWAY_ROLES, type GatewayRole } from '../../gateway/kinds.js';

type GatewayRefs = Partial<Record<GatewayRole, ObjectRef>>;

export interface DependencyCheck {
  condition: ConditionType;
  kind: string;
  /** Metacontroller's related-objects key of that kind. */
  related: string;
  /** The pods serve without it (a call to a missing tool or peer is an error result to the model). */
  servesWithout(spec: AgentSpec): boolean;
  /** The Problem reasons that mean "missing or not Ready yet" (others, e.g. a missing Secret, are not waited for here). */
  reasons: readonly string[];
  /** The objects this spec references, for status.linkedResources (gateways: as resolved, defaults included). */
  refs(spec: AgentSpec, gateways?: GatewayRefs): ObjectRef[];
  /** The version a linked object offers, when it has one. */
  version?(obj: KubeObject): string | undefined;
  /** The condition is left out while the spec references nothing of this kind (only a delegating agent carries PeersReady). */
  onlyWhenReferenced?: true;
  /** Held back for in both modes: waitForDependencies false does not deploy without it (the gateways). */
  alwaysWait?: true;
}

/** The primary provider's reference (resolve/provider.ts's precedence); inline providers link nothing. */
function providerRef(spec: AgentSpec): ObjectRef[] {
  if (spec.facade.handler !== 'runtime') return [];
  const primary = spec.providers.find((p) => p.name === 'default') ?? spec.providers[0];
  const ref = spec.providerRef ?? primary?.providerRef;
  return ref ? [ref] : [];
}

export const DEPENDENCIES: readonly DependencyCheck[] = [
  {
    condition: 'PromptPackReady',
    kind: 'PromptPack',
    related: T.promptPack,
    // Only the runtime container reads the pack (demo and echo handlers do not).
    servesWithout: (spec) => spec.facade.handler !== 'runtime',
    reasons: ['NotFound', 'NotReady', 'VersionNotAvailable'],
    refs: (spec) => (spec.promptPackRef.name ? [{ name: spec.promptPackRef.name }] : []),
    version: (obj) => digString(obj, 'status', 'activeVersion'),
  },
  {
    condition: 'ProviderReady',
    kind: 'Provider',
    related: T.provider,
    servesWithout: (spec) => spec.facade.handler !== 'runtime',
    reasons: ['NotFound', 'ProviderNotReady', 'ProviderError'],
    refs: providerRef,
  },
  {
    condition: 'ToolRegistryReady',
    kind: 'ToolRegistry',
    related: T.toolRegistry,
    servesWithout: () => true,
    reasons: ['NotFound', 'NotReady'],
    refs: (spec) => (spec.toolRegistryRef ? [spec.toolRegistryRef] : []),
  },
  {
    // Ready once the peer exists and is exposed, not once it runs (resolve/peers.ts): A↔B must not wait for each other.
    condition: 'PeersReady',
    kind: 'AgentRuntime',
    related: T.agentRuntime,
    servesWithout: () => true,
    reasons: ['NotFound', 'PeerNotExposed'],
    refs: (spec) => spec.agentNetwork.access.map((name) => ({ name })),
    onlyWhenReferenced: true,
  },
  // One condition for the three gateway kinds, waited for in both modes:
  // without the gateway's URL the pod cannot be wired to send through it, and
  // sending around it is what the gateway is there to prevent.
  ...GATEWAY_ROLES.map(
    (role): DependencyCheck => ({
      condition: 'GatewaysReady',
      kind: GATEWAY_KINDS[role].kind,
      related: GATEWAY_KINDS[role].key,
      servesWithout: () => false,
      alwaysWait: true,
      reasons: ['GatewayNotFound', 'GatewayNotReady'],
      refs: (_spec, gateways) => {
        const ref = gateways?.[role];
        return ref ? [ref] : [];
      },
      onlyWhenReferenced: true,
    }),
  ),
];

// The first row of each condition (GatewaysReady has one per gateway kind, alike but for the kind).
const BY_CONDITION = new Map<ConditionType, DependencyCheck>();
for (const d of DEPENDENCIES) if (!BY_CONDITION.has(d.condition)) BY_CONDITION.set(d.condition, d);

/** The check behind a dependency condition (for GatewaysReady, one of its three rows: they share everything but the kind). */
export function dependencyOf(condition: ConditionType): DependencyCheck {
  return BY_CONDITION.get(condition)!;
}

/** Each dependency condition's check once (GatewaysReady's rows share all this reads), in table order. */
export const DEPENDENCY_CHECKS: readonly DependencyCheck[] = [...BY_CONDITION.values()];

/** A dependency that is missing or not Ready yet (not a refusal, which needs a spec change). */
export function isDependencyProblem(p: Problem): boolean {
  return p.severity === 'pending' && (BY_CONDITION.get(p.condition)?.reasons.includes(p.reason) ?? false);
}

export interface Gate {
  /** Problems that stop the rollout: the observed children are kept, nothing new is created. */
  holding: Problem[];
  /** Of those, the dependencies waited for (phase Waiting while nothing serves). */
  waitingFor: Problem[];
  /** Dependencies the agent is deployed without (waitForDependencies: false). */
  tolerated: Problem[];
  /** Of those, the ones the pods cannot serve without (phase Pending, OMNIA_MISSING_DEPENDENCIES). */
  unserved: Problem[];
}

export interface GateInput {
  /** Its waitForDependencies chooses the mode; its handler, what the pods serve without. */
  spec: AgentSpec;
  /**
   * The conditions of the dependencies the running stable Deployment was deployed
   * without (runsWithout); undefined when no Deployment runs yet.
   */
  running?: ReadonlySet<string>;
}

export function gate(problems: readonly Problem[], g: GateInput): Gate {
  const out: Gate = { holding: [], waitingFor: [], tolerated: [], unserved: [] };
  for (const p of problems) {
    const dep = isDependencyProblem(p) ? BY_CONDITION.get(p.condition)! : undefined;
    if (!dep) out.holding.push(p);
    else if (g.spec.waitForDependencies || dep.alwaysWait) {
      out.holding.push(p);
      out.waitingFor.push(p);
    } else if (dep.servesWithout(g.spec)) out.tolerated.push(p);
    else if (!g.running || g.running.has(p.condition)) {
      out.tolerated.push(p);
      out.unserved.push(p);
    } else {
      // The running pods have it: rolling them onto pods without it would stop a serving agent.
      out.holding.push(p);
      out.waitingFor.push({ ...p, message: `${p.message} (the running pods keep what they run: waitForDependencies false deploys without it only pods that do not have it yet)` });
    }
  }
  return out;
}

/** `Kind namespace/name` of each dependency the pods cannot serve without: OMNIA_MISSING_DEPENDENCIES. */
export function missingDependencies(g: Gate, spec: AgentSpec, namespace: string): string[] {
  return g.unserved.flatMap((p) => {
    const dep = BY_CONDITION.get(p.condition)!;
    return dep.refs(spec).map((ref) => `${dep.kind} ${ref.namespace ?? namespace}/${ref.name}`);
  });
}

/** The conditions of the dependencies a Deployment was deployed without, read back from its runtime container's env. */
export function runsWithout(deployment: KubeObject): Set<string> {
  const containers = dig(deployment, 'spec', 'template', 'spec', 'containers');
  const runtime = Array.isArray(containers) ? containers.find((c) => isObject(c) && c.name === 'runtime') : undefined;
  const env = dig(runtime, 'env');
  const entry = Array.isArray(env) ? env.find((e) => isObject(e) && e.name === ENV.missingDependencies.name) : undefined;
  const v = ENV.missingDependencies;
  const items = isObject(entry) && typeof entry.value === 'string' ? v.parse(entry.value, v.name) : [];
  const kinds = new Set(items.map((item) => item.split(' ')[0]));
  return new Set(DEPENDENCIES.filter((d) => kinds.has(d.kind)).map((d) => d.condition));
}

export interface LinkedResource {
  kind: string;
  name: string;
  namespace: string;
  phase: string;
  version?: string;
}

/** What each reference resolved to, sorted by kind then name. Keys in sorted order (canonical JSON). */
export function linkedResources(spec: AgentSpec, related: ObjectMap, namespace: string, gateways: GatewayRefs = {}): LinkedResource[] {
  const out: LinkedResource[] = [];
  for (const d of DEPENDENCIES) {
    for (const ref of d.refs(spec, gateways)) {
      const ns = ref.namespace ?? namespace;
      const obj = findObject(related, d.related, ref.name, ns);
      const version = obj && d.version?.(obj);
      out.push({
        kind: d.kind,
        name: ref.name,
        namespace: ns,
        phase: obj ? (digString(obj, 'status', 'phase') ?? 'Unknown') : 'NotFound',
        ...(version ? { version } : {}),
      });
    }
  }
  return out.sort((a, b) => (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
