import type { Handler } from './types.js';

// The simplest handler: one `done` that repeats the message. No runtime, no key.
export function createEchoHandler(): Handler {
  return {
    name: 'echo',
    async *converse(turn) {
      yield { type: 'done', content: `Echo: ${turn.content}` };
    },
    async invoke(input) {
      const rawOutput = JSON.stringify(input);
      return { output: input, rawOutput, usage: { input_tokens: 0, output_tokens: 0, cost_usd: 0 } };
    },
    healthy: async () => true,
  };
}
