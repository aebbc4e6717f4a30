// The three gateway kinds (spec/001's AiGateway, ToolGateway, AgentGateway),
// declared once. They share one spec and status (schemas/common.schema.json
// GatewaySpec / GatewayStatus) and one set of hooks (this folder); what differs
// is only which kind, resource and AgentRuntime field names them.

import { GROUP_VERSION } from '../agentruntime/constants.js';

export type GatewayRole = 'ai' | 'tool' | 'agent';

export interface GatewayKind {
  /** The field of spec.gateways (AgentRuntime, AgentRuntimeConfiguration) that names one. */
  role: GatewayRole;
  kind: string;
  /** Plural resource, as controllers and related-resource rules name it. */
  resource: string;
  /** The hook server's path segment: /hooks/<hookKind>/<hook>. */
  hookKind: 'aigateway' | 'toolgateway' | 'agentgateway';
  /** `<Kind>.<apiVersion>`: the key of Metacontroller's related map. */
  key: string;
}

const gateway = (role: GatewayRole, kind: string, resource: string, hookKind: GatewayKind['hookKind']): GatewayKind => ({
  role,
  kind,
  resource,
  hookKind,
  key: `${kind}.${GROUP_VERSION}`,
});

export const GATEWAY_KINDS: Readonly<Record<GatewayRole, GatewayKind>> = {
  ai: gateway('ai', 'AiGateway', 'aigateways', 'aigateway'),
  tool: gateway('tool', 'ToolGateway', 'toolgateways', 'toolgateway'),
  agent: gateway('agent', 'AgentGateway', 'agentgateways', 'agentgateway'),
};

/** In spec.gateways' order: ai, tool, agent. */
export const GATEWAY_ROLES: readonly GatewayRole[] = ['ai', 'tool', 'agent'];
