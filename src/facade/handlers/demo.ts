import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Handler, HandlerEvent, Turn } from './types.js';

// A scripted agent for demos and tests: it streams its reply word by word and
// fakes a tool round trip for password and weather questions. Keywords match
// whole words only, so "passwords" or "sweatherapy" do not trigger a script.

export interface DemoOptions {
  /** Pause between streamed chunks; 0 in tests. */
  chunkDelayMs?: number;
}

const PASSWORD = /\bpassword\b/i;
const WEATHER = /\bweather\b/i;
const GREETING = /\b(hello|hi|hey|greetings|good (morning|afternoon|evening))\b/i;
const PLACE = /\b(?:in|at|for)\s+([A-Z][\p{L}-]*(?:\s+[A-Z][\p{L}-]*)*)/u;

interface Script {
  tool?: { name: string; arguments: Record<string, unknown>; result: unknown };
  reply: string;
}

export function scriptFor(content: string): Script {
  if (PASSWORD.test(content)) {
    return {
      tool: {
        name: 'lookup_password_policy',
        arguments: { topic: 'password' },
        result: { min_length: 12, requires_mfa: true, rotation_days: 90, reset_url: 'https://example.com/reset' },
      },
      reply:
        'Passwords need at least 12 characters and multi-factor authentication is required. ' +
        'You can reset yours at https://example.com/reset; it must be rotated every 90 days.',
    };
  }
  if (WEATHER.test(content)) {
    const location = PLACE.exec(content)?.[1] ?? 'your area';
    return {
      tool: { name: 'get_weather', arguments: { location }, result: { location, forecast: 'sunny', temperature_c: 21 } },
      reply: `The weather in ${location} is sunny at 21°C.`,
    };
  }
  if (GREETING.test(content)) {
    return { reply: "Hello! I'm the Omnia demo agent. Ask me about the weather or your password policy." };
  }
  return { reply: `I'm a demo agent, so I can only pretend. You said: ${content}` };
}

/** Splits text into word-sized chunks that concatenate back to the original. */
export function chunksOf(text: string): string[] {
  return text.match(/\S+\s*/g) ?? [text];
}

export function createDemoHandler(opts: DemoOptions = {}): Handler {
  const delay = opts.chunkDelayMs ?? 30;
  const pause = async (signal: AbortSignal) => {
    if (delay > 0) await sleep(delay, undefined, { signal });
  };
  return {
    name: 'demo',
    async *converse(turn: Turn): AsyncGenerator<HandlerEvent> {
      const script = scriptFor(turn.content);
      try {
        if (script.tool) {
          const id = `call_${randomUUID().slice(0, 8)}`;
          yield { type: 'tool_call', id, name: script.tool.name, arguments: script.tool.arguments };
          await pause(turn.signal);
          yield { type: 'tool_result', id, result: script.tool.result };
        }
        for (const chunk of chunksOf(script.reply)) {
          await pause(turn.signal);
          yield { type: 'chunk', content: chunk };
        }
      } catch (err) {
        if (turn.signal.aborted) return;
        throw err;
      }
      const words = script.reply.split(/\s+/).length;
      yield { type: 'done', content: script.reply, usage: { input_tokens: turn.content.split(/\s+/).length, output_tokens: words, cost_usd: 0 } };
    },
    healthy: async () => true,
  };
}
