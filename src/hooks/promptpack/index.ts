import { depthGuarded } from '../request/depth.js';
import type { KindHooks } from '../types.js';
import { customizePromptPack } from './customize.js';
import { finalizePromptPack } from './finalize.js';
import { syncPromptPack } from './sync.js';

// PromptPack: a CompositeController owning one ConfigMap per served version;
// finalize keeps the ones agents still run after the pack is deleted.
export const hooks: KindHooks = depthGuarded({
  sync: syncPromptPack,
  customize: (request) => customizePromptPack(request),
  finalize: finalizePromptPack,
});
