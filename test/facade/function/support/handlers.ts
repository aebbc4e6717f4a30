import type { Handler, InvokeResult, InvokeToolCall } from '../../../../src/facade/handlers/types.js';

// Small deterministic Handlers for the function endpoint's tests. They are
// real Handler implementations (the runtime is another component's), driven by
// the input so one handler covers the whole status matrix:
//   {text: "..."}            → output {echo: text}
//   {text: "break-schema"}   → output {wrong: 1} (violates {echo: string})
//   {text: "not-json"}       → output is the raw text (the runtime could not parse it)
//   {text: "explode"}        → invoke throws (the runtime failed)
//   {text: "explode-after-tools"} → invoke throws an error carrying the tool calls
//                              already made (ECHO_TOOL_CALLS plus a malformed entry)
//   {text: "explode-after-spending"} → invoke throws an error carrying the first tool call
//                              and the usage already spent (a negative count, no model)
//   {text: "hang"}           → never answers until aborted
//   {text: "nothing"}        → resolves with no result (a broken custom runtime)
//   {text: "use-tools"}      → output {echo: text} after two tool calls (one failed)
export const ECHO_USAGE = { input_tokens: 7, output_tokens: 3, cost_usd: 0.0002 };
export const ECHO_TOOL_CALLS: InvokeToolCall[] = [
  { id: 'call_1', name: 'weather', arguments: { city: 'Oslo' }, result: { forecast: 'sunny', note: 'nul\u0000here' }, durationMs: 12 },
  { id: 'call_2', name: 'broken', arguments: {}, error: 'tool "broken" failed: HTTP 500: database is down', durationMs: 3 },
];

export function echoHandler(opts: { model?: string } = {}): Handler & { invocations: string[]; aborted: string[] } {
  const invocations: string[] = [];
  const aborted: string[] = [];
  return {
    name: 'test-echo',
    invocations,
    aborted,
    async *converse() {
      yield { type: 'error', code: 'INTERNAL_ERROR', message: 'function-only test handler' };
    },
    async invoke(input, { invocationId, signal }): Promise<InvokeResult> {
      invocations.push(invocationId);
      const text = (input as { text: string }).text;
      const extra = opts.model !== undefined ? { model: opts.model } : {};
      if (text === 'explode') throw new Error('runtime exploded');
      if (text === 'explode-after-tools') {
        throw Object.assign(new Error('runtime exploded after tools'), { toolCalls: [...ECHO_TOOL_CALLS, { id: 'no-name', durationMs: 1 }] });
      }
      if (text === 'explode-after-spending') {
        throw Object.assign(new Error('runtime exploded after spending'), {
          toolCalls: [ECHO_TOOL_CALLS[0]],
          usage: { input_tokens: 12, output_tokens: -1, cost_usd: 0.0009 },
          provider: 'openai',
        });
      }
      if (text === 'nothing') return undefined as unknown as InvokeResult;
      if (text === 'hang') {
        return new Promise((_resolve, reject) => {
          signal.addEventListener('abort', () => {
            aborted.push(invocationId);
            reject(signal.reason);
          });
        });
      }
      if (text === 'break-schema') return { output: { wrong: 1 }, rawOutput: '{"wrong":1}', usage: ECHO_USAGE, ...extra };
      if (text === 'not-json') return { output: 'Sure! Here it is', rawOutput: 'Sure! Here it is', usage: ECHO_USAGE, ...extra };
      const output = { echo: text };
      const tools = text === 'use-tools' ? { toolCalls: ECHO_TOOL_CALLS } : {};
      return { output, rawOutput: JSON.stringify(output), usage: ECHO_USAGE, ...extra, ...tools };
    },
    healthy: async () => true,
  };
}

/** A Handler that talks to a runtime over HTTP, for "runtime down" (connection refused). */
export function httpInvokeHandler(baseUrl: string): Handler {
  return {
    name: 'http-invoke',
    async *converse() {
      yield { type: 'error', code: 'INTERNAL_ERROR', message: 'function-only test handler' };
    },
    async invoke(input, { signal }): Promise<InvokeResult> {
      const res = await fetch(`${baseUrl}/invoke`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ input }),
        signal,
      });
      return (await res.json()) as InvokeResult;
    },
    healthy: async () => false,
  };
}

/** A handler without invoke (like a chat-only handler). */
export function chatOnlyHandler(): Handler {
  return {
    name: 'chat-only',
    async *converse() {
      yield { type: 'done', content: 'hi' };
    },
    healthy: async () => true,
  };
}
