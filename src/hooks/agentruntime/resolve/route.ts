// The agent's HTTPRoute: spec.gatewayRoute, else one to the AgentGateway the
// agent uses when that names its Gateway API Gateway. Its Gateway: the
// spec's, else the AgentGateway's, else the AgentRuntimeConfiguration's
// default. An agent that is not exposed has no Service to route to, so it
// gets no route.

import { CHILD_KINDS, notEnabledMessage } from '../child-kinds.js';
import { DEFAULT_ROUTE_TIMEOUT, type AgentSpec, type GatewayParent, type GatewayRouteSpec } from '../spec.js';
import type { Problem } from '../status/problems.js';
import type { ResolvedGateway } from './gateways.js';

export interface RoutePlan {
  /** The route's settings when the agent has one (its URL is named once it exists). */
  route?: GatewayRouteSpec;
  /** Set when this answer builds the HTTPRoute: the Gateway it attaches to. */
  gatewayParent?: GatewayParent;
  problem?: Problem;
}

/**
 * `routesEnabled`: the controller declares HTTPRoute children (the Gateway API
 * option). A spec.gatewayRoute without it is the optional kinds' check in
 * sync.ts; a route the AgentGateway implies is checked here, naming it.
 */
export function resolveRoute(spec: AgentSpec, agentGateway: ResolvedGateway | undefined, defaultParent: GatewayParent | undefined, routesEnabled: boolean): RoutePlan {
  const implied = agentGateway?.parentRef;
  const route = spec.gatewayRoute ?? (implied ? { hostnames: [], timeout: DEFAULT_ROUTE_TIMEOUT } : undefined);
  if (route === undefined || !spec.agentNetwork.expose) return { route };
  if (!routesEnabled) {
    if (spec.gatewayRoute) return { route };
    const k = CHILD_KINDS.httpRoute;
    return { route, problem: { condition: 'Ready', reason: k.optional.reason, message: `AgentGateway ${agentGateway!.name} routes agents with an HTTPRoute: ${notEnabledMessage(k)}`, severity: 'failed' } };
  }
  const gatewayParent = spec.gatewayRoute?.parentRef ?? implied ?? defaultParent;
  if (gatewayParent) return { route, gatewayParent };
  return {
    route,
    problem: {
      condition: 'Ready',
      reason: 'GatewayParentMissing',
      message: 'spec.gatewayRoute names no parentRef and no AgentRuntimeConfiguration sets gatewayRoute.parentRef',
      severity: 'failed',
    },
  };
}
