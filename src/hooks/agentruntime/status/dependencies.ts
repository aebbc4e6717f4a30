// The dependency gate: one named check per kind of object the agent depends on.
// Each names the condition that reports it, the related objects it stands for
// (status.linkedResources) and whether the pod can run without it.
//
// spec.waitForDependencies true: a dependency that is missing or not Ready
// holds the rollout back (phase Waiting; running children are kept as last
// applied). false: a `soft` dependency no longer holds it — the agent is
// deployed without it and the condition reports it; a hard one still does,
// because without its PromptPack or Provider the pod has no prompt or model to
// run and would only be "green but broken".
//
// Adding a dependency (e.g. peers): one entry here, its condition type in
// problems.ts, and its resolver in ../resolve/ returning a `pending` Problem.

import type { KubeObject, ObjectMap } from '../../metacontroller.js';
import { digString } from '../../../shared/json.js';
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
  /** The pod runs without it (a call to a missing tool or peer is an error result to the model). */
  soft: boolean;
  /** The Problem reasons that mean "missing or not Ready yet" (others, e.g. a missing Secret, are not waited for here). */
  reasons: readonly string[];
  /** The objects this spec references, for status.linkedResources (gateways: as resolved, defaults included). */
  refs(spec: AgentSpec, gateways: GatewayRefs): ObjectRef[];
  /** The version a linked object offers, when it has one. */
  version?(obj: KubeObject): string | undefined;
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
    soft: false,
    reasons: ['NotFound', 'NotReady', 'VersionNotAvailable'],
    refs: (spec) => (spec.promptPackRef.name ? [{ name: spec.promptPackRef.name }] : []),
    version: (obj) => digString(obj, 'status', 'activeVersion'),
  },
  { condition: 'ProviderReady', kind: 'Provider', related: T.provider, soft: false, reasons: ['NotFound', 'ProviderNotReady', 'ProviderError'], refs: providerRef },
  {
    condition: 'ToolRegistryReady',
    kind: 'ToolRegistry',
    related: T.toolRegistry,
    soft: true,
    reasons: ['NotFound', 'NotReady'],
    refs: (spec) => (spec.toolRegistryRef ? [spec.toolRegistryRef] : []),
  },
  // One condition for the three gateway kinds. Not soft: without the gateway's
  // URL the pod cannot be wired to send through it, and sending around it is
  // what the gateway is there to prevent.
  ...GATEWAY_ROLES.map(
    (role): DependencyCheck => ({
      condition: 'GatewaysReady',
      kind: GATEWAY_KINDS[role].kind,
      related: GATEWAY_KINDS[role].key,
      soft: false,
      reasons: ['GatewayNotFound', 'GatewayNotReady'],
      refs: (_spec, gateways) => {
        const ref = gateways[role];
        return ref ? [ref] : [];
      },
    }),
  ),
];

const BY_CONDITION = new Map(DEPENDENCIES.map((d) => [d.condition, d] as const));

/** A dependency that is missing or not Ready yet (not a refusal, which needs a spec change). */
export function isDependencyProblem(p: Problem): boolean {
  return p.severity === 'pending' && (BY_CONDITION.get(p.condition)?.reasons.includes(p.reason) ?? false);
}

export interface Gate {
  /** Problems that stop the rollout: the observed children are kept, nothing new is created. */
  holding: Problem[];
  /** Of those, the dependencies waited for (phase Waiting while nothing serves). */
  waitingFor: Problem[];
  /** Soft dependencies the agent is deployed without (waitForDependencies: false). */
  tolerated: Problem[];
}

export function gate(problems: readonly Problem[], waitForDependencies: boolean): Gate {
  const g: Gate = { holding: [], waitingFor: [], tolerated: [] };
  for (const p of problems) {
    if (!isDependencyProblem(p)) g.holding.push(p);
    else if (!waitForDependencies && BY_CONDITION.get(p.condition)!.soft) g.tolerated.push(p);
    else {
      g.holding.push(p);
      g.waitingFor.push(waitForDependencies ? p : { ...p, message: `${p.message} (needed even with waitForDependencies false: without it the pod has no prompt or model)` });
    }
  }
  return g;
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
