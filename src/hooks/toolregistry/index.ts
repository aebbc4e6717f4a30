import { depthGuarded } from '../request/depth.js';
import type { KindHooks } from '../types.js';
import { customizeToolRegistry } from './customize.js';
import { syncToolRegistry } from './sync.js';

// ToolRegistry: a DecoratorController that resolves tools into its status.
export const hooks: KindHooks = depthGuarded({
  sync: syncToolRegistry,
  customize: (request) => customizeToolRegistry(request),
});
