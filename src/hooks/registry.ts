// Which pure hook functions the server exposes, and which Metacontroller API
// calls them. The controller type decides the request's shape
// (src/hooks/request/envelope.ts) and which response fields may leave a hook
// (Metacontroller's v2 decoder rejects any unknown field, so a stray field is
// caught here, not in-cluster).
import { hooks as agentruntime } from './agentruntime/index.js';
import { hooks as agentruntimeconfiguration } from './agentruntimeconfiguration/index.js';
import { gatewayHooks } from './gateway/hooks.js';
import { GATEWAY_KINDS } from './gateway/kinds.js';
import { hooks as promptpack } from './promptpack/index.js';
import { hooks as provider } from './provider/index.js';
import { hooks as toolregistry } from './toolregistry/index.js';
import { hooks as toolserver } from './toolserver/index.js';
import { hooks as agenticworkforce } from './agenticworkforce/index.js';
import type { ControllerType, HookKind, HookName, KindHooks } from './types.js';

export interface KindEntry {
  controller: ControllerType;
  /** The subject's Kubernetes kind: a request about another kind is refused (400 wrong_kind). */
  kind?: string;
  hooks: KindHooks;
}

export type HookRegistry = Readonly<Record<string, KindEntry>>;

export const HOOK_NAMES: readonly HookName[] = ['sync', 'customize', 'finalize'];

export const defaultRegistry: Readonly<Record<HookKind, KindEntry>> = {
  agentruntime: { controller: 'composite', kind: 'AgentRuntime', hooks: agentruntime },
  promptpack: { controller: 'composite', kind: 'PromptPack', hooks: promptpack },
  provider: { controller: 'decorator', kind: 'Provider', hooks: provider },
  toolregistry: { controller: 'decorator', kind: 'ToolRegistry', hooks: toolregistry },
  agentruntimeconfiguration: { controller: 'decorator', kind: 'AgentRuntimeConfiguration', hooks: agentruntimeconfiguration },
  aigateway: { controller: 'decorator', kind: GATEWAY_KINDS.ai.kind, hooks: gatewayHooks(GATEWAY_KINDS.ai) },
  toolgateway: { controller: 'decorator', kind: GATEWAY_KINDS.tool.kind, hooks: gatewayHooks(GATEWAY_KINDS.tool) },
  agentgateway: { controller: 'decorator', kind: GATEWAY_KINDS.agent.kind, hooks: gatewayHooks(GATEWAY_KINDS.agent) },
  toolserver: { controller: 'composite', kind: 'ToolServer', hooks: toolserver },
  agenticworkforce: { controller: 'decorator', kind: 'AgenticWorkforce', hooks: agenticworkforce },
};

const COMPOSITE_RESPONSE = ['status', 'children', 'resyncAfterSeconds', 'finalized'];
const DECORATOR_RESPONSE = ['labels', 'annotations', 'status', 'attachments', 'resyncAfterSeconds', 'finalized'];
const CUSTOMIZE_RESPONSE = ['relatedResources'];

/** The top-level response fields Metacontroller's strict v2 decoder accepts for this hook. */
export function allowedResponseFields(controller: ControllerType, hook: HookName): readonly string[] {
  if (hook === 'customize') return CUSTOMIZE_RESPONSE;
  return controller === 'composite' ? COMPOSITE_RESPONSE : DECORATOR_RESPONSE;
}
