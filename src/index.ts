// `omnia-hooks`: the library a platform team imports. The pure hook functions
// of every kind (request body and clock in, response body out; no I/O), the
// Metacontroller wire types, the CRDs' generated types, and the offline tools
// behind `omnia render` and `omnia validate`. The testing helper is
// `omnia-hooks/testing`. Everything else under dist/ is internal.

export { customize as customizeAgentRuntime } from './hooks/agentruntime/customize.js';
export { finalize as finalizeAgentRuntime } from './hooks/agentruntime/finalize.js';
export { sync as syncAgentRuntime } from './hooks/agentruntime/sync.js';
export { customizeAgentRuntimeConfiguration } from './hooks/agentruntimeconfiguration/customize.js';
export { syncAgentRuntimeConfiguration } from './hooks/agentruntimeconfiguration/sync.js';
export { customizePromptPack } from './hooks/promptpack/customize.js';
export { syncPromptPack } from './hooks/promptpack/sync.js';
export { customizeProvider } from './hooks/provider/customize.js';
export { syncProvider } from './hooks/provider/sync.js';
export { customizeToolRegistry } from './hooks/toolregistry/customize.js';
export { syncToolRegistry } from './hooks/toolregistry/sync.js';
export { syncToolServer } from './hooks/toolserver/sync.js';
export { customizeAgenticWorkforce } from './hooks/agenticworkforce/customize.js';
export { syncAgenticWorkforce } from './hooks/agenticworkforce/sync.js';

/** Every kind's hooks as the hook server routes them (`/hooks/<kind>/<hook>`), with its controller type. */
export { defaultRegistry as hooks, type KindEntry } from './hooks/registry.js';
export { HookRequestError, type ControllerType, type Hook, type HookKind, type HookName, type KindHooks } from './hooks/types.js';
export type {
  CompositeSyncRequest,
  CompositeSyncResponse,
  CustomizeRequest,
  CustomizeResponse,
  DecoratorSyncRequest,
  DecoratorSyncResponse,
  KubeObject,
  ObjectMap,
  RelatedResourceRule,
} from './hooks/metacontroller.js';

export type * from './types/generated/index.js';

export { render, FAILED_PHASES, type Rendered, type RenderResult } from './render/render.js';
export { objectsFrom, type ObjectsInput } from './render/objects.js';
export { admit, refusal, type Admission } from './crds/validate.js';
