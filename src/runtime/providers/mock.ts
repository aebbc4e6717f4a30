import type { ChatMessage, ModelEvent, ModelRequest, Provider, ToolCall } from './types.js';

// A deterministic provider for demos, examples and protocol tests: no network,
// no key. Its script:
//  - function mode (JSON requested): answers {"echo": input.text} when the input
//    has a string "text", else {"echo": <the whole input>};
//  - a user message that names an available tool (as a whole word) gets a call
//    to that tool; its arguments are the first JSON object in the message, else
//    {"query": <message>};
//  - after tool results: "<tool> returned: <result>" for each result;
//  - anything else: "You said: <message>".
// Replies stream word by word; token counts are characters / 4, rounded up.

function tokens(text: string): number {
  return Math.ceil(text.length / 4);
}

function firstJsonObject(text: string): Record<string, unknown> | undefined {
  for (let start = text.indexOf('{'); start !== -1; start = text.indexOf('{', start + 1)) {
    for (let end = text.lastIndexOf('}'); end > start; end = text.lastIndexOf('}', end - 1)) {
      try {
        const v: unknown = JSON.parse(text.slice(start, end + 1));
        if (v !== null && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
      } catch {
        // keep narrowing
      }
    }
  }
  return undefined;
}

function namesTool(text: string, name: string): boolean {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^A-Za-z0-9_-])${escaped}($|[^A-Za-z0-9_-])`, 'i').test(text);
}

function messageText(m: ChatMessage): string {
  if (m.role === 'tool') return m.results.map((r) => r.content).join('\n');
  return m.content;
}

export function echoOutput(input: unknown): { echo: unknown } {
  if (input !== null && typeof input === 'object' && typeof (input as { text?: unknown }).text === 'string') {
    return { echo: (input as { text: string }).text };
  }
  return { echo: input };
}

function* words(text: string): Generator<ModelEvent> {
  for (const piece of text.match(/\S+\s*|\s+/g) ?? []) yield { type: 'text', text: piece };
}

export function createMockProvider(model = 'mock'): Provider {
  return {
    name: 'mock',
    model,
    async *stream(req: ModelRequest): AsyncIterable<ModelEvent> {
      const inputTokens = tokens(req.system) + req.messages.reduce((n, m) => n + tokens(messageText(m)), 0);
      const last = req.messages[req.messages.length - 1];
      let reply: string;
      let call: ToolCall | undefined;
      if (req.json) {
        let input: unknown = last ? messageText(last) : null;
        try {
          input = JSON.parse(String(input));
        } catch {
          // not JSON: echo the text as given
        }
        reply = JSON.stringify(echoOutput(input));
      } else if (last?.role === 'tool') {
        reply = last.results.map((r) => `${r.name} ${r.isError ? 'failed' : 'returned'}: ${r.content}`).join('\n');
      } else {
        const text = last ? messageText(last) : '';
        const tool = req.toolChoice === 'none' ? undefined : req.tools.find((t) => namesTool(text, t.name));
        if (tool) {
          const n = req.messages.filter((m) => m.role === 'tool').length + 1;
          call = { id: `mock_call_${n}`, name: tool.name, arguments: firstJsonObject(text) ?? { query: text } };
          reply = '';
        } else {
          reply = `You said: ${text}`;
        }
      }
      if (req.signal.aborted) return;
      yield* words(reply);
      if (call) yield { type: 'tool_call', call };
      yield { type: 'usage', inputTokens, outputTokens: tokens(reply) + (call ? tokens(JSON.stringify(call.arguments)) : 0) };
    },
  };
}
