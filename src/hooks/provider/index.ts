import type { KindHooks } from '../types.js';
import { customizeProvider } from './customize.js';
import { syncProvider } from './sync.js';

// Provider: a DecoratorController (no attachments) that only reports status.
export const hooks: KindHooks = {
  sync: syncProvider,
  customize: (request) => customizeProvider(request),
};
