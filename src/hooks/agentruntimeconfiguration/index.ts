import { depthGuarded } from '../request/depth.js';
import type { KindHooks } from '../types.js';
import { customizeAgentRuntimeConfiguration } from './customize.js';
import { syncAgentRuntimeConfiguration } from './sync.js';

// AgentRuntimeConfiguration: a DecoratorController that validates defaults and reports which one is in effect.
export const hooks: KindHooks = depthGuarded({
  sync: syncAgentRuntimeConfiguration,
  customize: (request) => customizeAgentRuntimeConfiguration(request),
});
