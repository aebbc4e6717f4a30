// The AgentRuntime controller's hooks (CompositeController, v2 hooks).
import { depthGuarded } from '../request/depth.js';
import type { KindHooks } from '../types.js';
import { customize } from './customize.js';
import { finalize } from './finalize.js';
import { sync } from './sync.js';

export const hooks: KindHooks = depthGuarded({
  customize: (request) => customize(request),
  sync: (request, now) => sync(request, now),
  finalize: (request) => finalize(request),
});
