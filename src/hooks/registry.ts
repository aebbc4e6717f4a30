// Which pure hook functions the server exposes, and which Metacontroller API
// calls them. The envelope decides what the server checks before calling a
// hook and which response fields may leave it (Metacontroller's v2 decoder
// rejects any unknown field, so a stray field is caught here, not in-cluster).
import { hooks as agentruntime } from './agentruntime/index.js';
import { hooks as agentruntimeconfiguration } from './agentruntimeconfiguration/index.js';
import { hooks as promptpack } from './promptpack/index.js';
import { hooks as provider } from './provider/index.js';
import { hooks as toolregistry } from './toolregistry/index.js';
import type { HookKind, HookName, KindHooks } from './types.js';

/** CompositeController parents own children; DecoratorController targets get attachments. */
export type ControllerType = 'composite' | 'decorator';

export interface KindEntry {
  controller: ControllerType;
  hooks: KindHooks;
}

export type HookRegistry = Readonly<Record<string, KindEntry>>;

export const HOOK_NAMES: readonly HookName[] = ['sync', 'customize', 'finalize'];

export const defaultRegistry: Readonly<Record<HookKind, KindEntry>> = {
  agentruntime: { controller: 'composite', hooks: agentruntime },
  promptpack: { controller: 'composite', hooks: promptpack },
  provider: { controller: 'decorator', hooks: provider },
  toolregistry: { controller: 'decorator', hooks: toolregistry },
  agentruntimeconfiguration: { controller: 'decorator', hooks: agentruntimeconfiguration },
};

/**
 * The request field holding the object the hook is about. Customize requests
 * carry `parent` for both controller types; decorator sync/finalize carry `object`.
 */
export function subjectField(controller: ControllerType, hook: HookName): 'parent' | 'object' {
  return controller === 'decorator' && hook !== 'customize' ? 'object' : 'parent';
}

const COMPOSITE_RESPONSE = ['status', 'children', 'resyncAfterSeconds', 'finalized'];
const DECORATOR_RESPONSE = ['labels', 'annotations', 'status', 'attachments', 'resyncAfterSeconds', 'finalized'];
const CUSTOMIZE_RESPONSE = ['relatedResources'];

/** The top-level response fields Metacontroller's strict v2 decoder accepts for this hook. */
export function allowedResponseFields(controller: ControllerType, hook: HookName): readonly string[] {
  if (hook === 'customize') return CUSTOMIZE_RESPONSE;
  return controller === 'composite' ? COMPOSITE_RESPONSE : DECORATOR_RESPONSE;
}
