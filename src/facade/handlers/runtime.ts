import type { Handler } from './types.js';

// Placeholder until the runtime client lands: every turn is AGENT_UNAVAILABLE.
export function createRuntimeHandler(_opts: { address: string }): Handler {
  return {
    name: 'runtime',
    async *converse() {
      yield { type: 'error', code: 'AGENT_UNAVAILABLE', message: 'the runtime handler is not available in this build' };
    },
    healthy: async () => false,
  };
}
