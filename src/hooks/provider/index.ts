import { depthGuarded } from '../request/depth.js';
import type { KindHooks } from '../types.js';
import { customizeProvider } from './customize.js';
import { syncProvider } from './sync.js';

// Provider: a DecoratorController (no attachments) that only reports status.
export const hooks: KindHooks = depthGuarded({
  sync: syncProvider,
  customize: (request) => customizeProvider(request),
});
