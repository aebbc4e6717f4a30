// The gateways an agent's traffic flows through (spec.gateways, else the
// namespace's then the cluster's AgentRuntimeConfiguration, role by role), and
// whether its namespace requires them (the label below). Each named gateway is
// looked up in the agent's namespace, then in the controller's, where a
// platform's shared gateways live: customize relates every gateway of both,
// since it cannot know the defaults (they come from the configurations).

import { digArray, digString, isObject } from '../../../shared/json.js';
import type { EgressRule } from '../../gateway/address.js';
import { GATEWAY_KINDS, GATEWAY_ROLES, type GatewayRole } from '../../gateway/kinds.js';
import type { GatewayNames } from '../../gateway/refs.js';
import type { KubeObject, ObjectMap } from '../../metacontroller.js';
import { findObject } from '../../shared/objects.js';
import { CONTROLLER_NAMESPACE, T } from '../constants.js';
import { readGatewayParent, type ObjectRef, type AgentSpec, type GatewayParent } from '../spec.js';
import { SpecReader } from '../../request/spec-reader.js';
import type { Problem } from '../status/problems.js';
import type { ClusterConfig } from './cluster-config.js';
import type { ProviderPlan } from './provider.js';
import { VENDOR_TYPES, VENDORS } from '../../../contract/vendors.js';

/** The Namespace label that makes gateways mandatory (the admission policy and the NetworkPolicy child). */
export const REQUIRE_GATEWAYS_LABEL = 'omnia.altairalabs.ai/require-gateways';
/** The agent's Namespace, related for its require-gateways label. */
export const NAMESPACE_TYPE = T.namespace;

/** Where each gateway's related objects may be: the agent's namespace, then the controller's. */
export function gatewayNamespaces(namespace: string): string[] {
  return namespace === CONTROLLER_NAMESPACE ? [namespace] : [namespace, CONTROLLER_NAMESPACE];
}

export interface ResolvedGateway {
  kind: string;
  name: string;
  namespace: string;
  /** status.url: the base URL the pods use. */
  url: string;
  /** status.egress: the NetworkPolicy rule that reaches it, when the gateway could say. */
  egress?: EgressRule;
  /** An AgentGateway's spec.parentRef: the Gateway API Gateway its agents' HTTPRoutes attach to. */
  parentRef?: GatewayParent;
}

export interface GatewaysPlan {
  /** The namespace carries omnia.altairalabs.ai/require-gateways=true. */
  enforced: boolean;
  used: Partial<Record<GatewayRole, ResolvedGateway>>;
  /** Each named gateway as found (or where it was looked for first), for status.linkedResources. */
  refs: Partial<Record<GatewayRole, ObjectRef>>;
}

export interface GatewaysResult {
  plan: GatewaysPlan;
  /** One GatewaysReady problem (every gateway's, joined), or undefined. */
  problem?: Problem;
  /** GatewaysReady when there is no problem; undefined when no gateway is used nor required (no condition then). */
  healthy?: { reason: string; message: string };
}

export function isEnforced(related: ObjectMap, namespace: string): boolean {
  const ns = findObject(related, NAMESPACE_TYPE, namespace);
  return ns?.metadata.labels?.[REQUIRE_GATEWAYS_LABEL] === 'true';
}

/** The names in force: the agent's own, else the configurations' defaults (cluster-config.ts layers those). */
export function effectiveNames(spec: AgentSpec, cfg: ClusterConfig): GatewayNames {
  const out: GatewayNames = {};
  for (const role of GATEWAY_ROLES) {
    const name = spec.gateways[role] ?? cfg.gateways[role];
    if (name) out[role] = name;
  }
  return out;
}

function readyMessage(gw: KubeObject): string {
  const ready = (digArray(gw.status, 'conditions') ?? []).find((c) => isObject(c) && c.type === 'Ready');
  const message = isObject(ready) && typeof ready.message === 'string' ? `: ${ready.message}` : '';
  return `${gw.kind} ${gw.metadata.namespace}/${gw.metadata.name} is not Ready${message}`;
}

function readEgress(gw: KubeObject): EgressRule | undefined {
  const to = digArray(gw.status, 'egress', 'to')?.filter(isObject);
  const ports = digArray(gw.status, 'egress', 'ports')?.filter(isObject);
  if (!to || to.length === 0 || !ports) return undefined;
  return { ports: ports as EgressRule['ports'], to };
}

export function resolveGateways(spec: AgentSpec, cfg: ClusterConfig, related: ObjectMap, namespace: string): GatewaysResult {
  const enforced = isEnforced(related, namespace);
  const names = effectiveNames(spec, cfg);
  const plan: GatewaysPlan = { enforced, used: {}, refs: {} };
  const problems: Problem[] = [];
  const pending = (reason: string, message: string): void => void problems.push({ condition: 'GatewaysReady', reason, message, severity: 'pending' });
  const failed = (reason: string, message: string): void => void problems.push({ condition: 'GatewaysReady', reason, message, severity: 'failed' });
  const callsModel = spec.facade.handler === 'runtime';

  for (const role of GATEWAY_ROLES) {
    const name = names[role];
    if (!name) continue;
    const g = GATEWAY_KINDS[role];
    const where = gatewayNamespaces(namespace);
    const found = where.map((ns) => findObject(related, g.key, name, ns)).find((o) => o !== undefined);
    plan.refs[role] = { name, namespace: found?.metadata.namespace ?? namespace };
    if (!found) {
      pending('GatewayNotFound', `${g.kind} "${name}" not found in namespace ${where.join(' or ')}`);
      continue;
    }
    const url = digString(found.status, 'url');
    if (digString(found.status, 'phase') !== 'Ready' || !url) {
      pending('GatewayNotReady', readyMessage(found));
      continue;
    }
    const egress = readEgress(found);
    const parentRef = role === 'agent' ? readGatewayParent(new SpecReader(), isObject(found.spec) ? found.spec : undefined, 'spec') : undefined;
    plan.used[role] = { kind: g.kind, name, namespace: found.metadata.namespace ?? namespace, url, ...(egress ? { egress } : {}), ...(parentRef ? { parentRef } : {}) };
    // The agent gateway is ingress: the pod never sends to it, so its egress rule is not needed.
    if (enforced && role !== 'agent' && !egress) {
      failed('GatewayUnreachable', `${g.kind} ${found.metadata.namespace}/${name} publishes no egress rule (status.egress), so the NetworkPolicy of this namespace would block it: give the gateway a Service with a selector, or spec.egressCIDRs with spec.url`);
    }
  }
  if (enforced && callsModel && !names.ai) {
    failed(
      'AiGatewayRequired',
      `namespace ${namespace} requires gateways (label ${REQUIRE_GATEWAYS_LABEL}=true): set spec.gateways.ai, or gateways.ai in the namespace's AgentRuntimeConfiguration`,
    );
  }

  if (problems.length > 0) {
    const first = problems.find((p) => p.severity === 'failed') ?? problems[0]!;
    return { plan, problem: { ...first, message: problems.map((p) => p.message).join('; ') } };
  }
  const used = GATEWAY_ROLES.flatMap((role) => {
    const u = plan.used[role];
    return u ? [`${role}: ${u.kind} ${u.namespace}/${u.name} at ${u.url}`] : [];
  });
  if (used.length === 0 && !enforced) return { plan };
  const egress = enforced ? `egress limited to ${used.length > 0 ? 'the gateways, ' : ''}DNS and in-cluster tool Services (namespace requires gateways)` : '';
  return { plan, healthy: { reason: 'Resolved', message: [...used, egress].filter((s) => s !== '').join('; ') } };
}

/**
 * The provider as the pods use it behind an AiGateway: the vendor calls go to
 * the gateway's URL plus the vendor's base path (contract/vendors.ts), with the
 * vendor's own request paths and API-key header, so an OpenAI- or
 * Anthropic-compatible gateway needs nothing else. The gateway wins over a
 * provider's baseURL. `mock` calls nothing and is left alone; `auto` goes by
 * the vendor whose key variable the hook chose.
 */
export function throughAiGateway(provider: ProviderPlan, gateway: ResolvedGateway): ProviderPlan {
  const type = provider.settings.type;
  const vendor = type === 'auto' ? VENDOR_TYPES.find((v) => VENDORS[v].apiKeyEnv === provider.apiKey?.env) : type === 'mock' ? undefined : type;
  if (!vendor) return provider;
  const baseURL = `${gateway.url.replace(/\/+$/, '')}${VENDORS[vendor].basePath}`;
  return { ...provider, settings: { ...provider.settings, baseURL } };
}
