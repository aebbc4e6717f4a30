import type { KindHooks } from '../types.js';
import { customizeToolRegistry } from './customize.js';
import { syncToolRegistry } from './sync.js';

// ToolRegistry: a DecoratorController that resolves tools into its status.
export const hooks: KindHooks = {
  sync: syncToolRegistry,
  customize: (request) => customizeToolRegistry(request),
};
