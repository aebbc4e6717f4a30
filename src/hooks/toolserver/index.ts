// ToolServer: a CompositeController owning a Deployment and a Service. It
// relates nothing, so it has no customize hook.
import { depthGuarded } from '../request/depth.js';
import type { KindHooks } from '../types.js';
import { syncToolServer } from './sync.js';

export const hooks: KindHooks = depthGuarded({
  sync: syncToolServer,
});
