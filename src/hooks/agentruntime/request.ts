// The AgentRuntime hooks answer a CompositeController whose parents are
// AgentRuntimes; the envelope itself is read as for every kind.

import { readRequest, type HookRequest } from '../request/envelope.js';
import type { HookName } from '../types.js';

export function readAgentRequest(body: unknown, hook: HookName): HookRequest {
  return readRequest(body, 'composite', hook, 'AgentRuntime');
}
