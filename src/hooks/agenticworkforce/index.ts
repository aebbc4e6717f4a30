// AgenticWorkforce: a DecoratorController that only writes a status (it owns
// nothing); customize relates the AgentRuntimes its graph walks.
import { depthGuarded } from '../request/depth.js';
import type { KindHooks } from '../types.js';
import { customizeAgenticWorkforce } from './customize.js';
import { syncAgenticWorkforce } from './sync.js';

export const hooks: KindHooks = depthGuarded({
  sync: syncAgenticWorkforce,
  customize: (request) => customizeAgenticWorkforce(request),
});
