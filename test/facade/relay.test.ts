// The one relay of a handler's events (src/facade/turns/relay.ts), which the
// WebSocket connection and the HTTP surfaces share: what reaches the
// transport's sink, in which order, what the session store holds when the
// outcome is known, and what a cut-off or unfinished turn leaves behind.
import { pino } from 'pino';
import { beforeEach, describe, expect, it } from 'vitest';
import type { HandlerEvent } from '../../src/facade/handlers/types.js';
import { createMemoryStore } from '../../src/facade/sessions/memory.js';
import type { SessionStore } from '../../src/facade/sessions/types.js';
import { relayTurn, type TurnSink } from '../../src/facade/turns/relay.js';

const SESSION = 's-1';

async function* events(list: HandlerEvent[], between?: () => void): AsyncIterable<HandlerEvent> {
  for (const ev of list) {
    yield ev;
    between?.();
  }
}

describe('relayTurn', () => {
  let store: SessionStore;
  let seen: string[];
  let sink: TurnSink;
  const signal = { aborted: false };
  const run = (list: HandlerEvent[], between?: () => void) =>
    relayTurn(events(list, between), { store, logger: pino({ level: 'silent' }), handlerName: 'echo', sessionId: SESSION, turnStarted: process.hrtime.bigint(), signal, sink });

  beforeEach(async () => {
    store = createMemoryStore({ ttlMs: 60_000, maxSessionEvents: 100, maxSessions: 10 });
    await store.create({ id: SESSION, agent: 'a', namespace: 'n' });
    seen = [];
    signal.aborted = false;
    sink = {
      chunk: (t) => seen.push(`chunk:${t}`),
      toolCall: (ev) => seen.push(`call:${ev.id}`),
      toolResult: (ev) => seen.push(`result:${ev.id}`),
    };
  });

  it('passes chunks and tool events on in order, stores the tool call with its result, and the streamed text as the reply when done carries none', async () => {
    const outcome = await run([
      { type: 'chunk', content: 'Hel' },
      { type: 'tool_call', id: 't1', name: 'lookup', arguments: { q: 1 } },
      { type: 'tool_result', id: 't1', result: { ok: true } },
      { type: 'chunk', content: 'lo' },
      { type: 'done', content: '', usage: { input_tokens: 3, output_tokens: 2, cost_usd: 0.01 }, model: 'm', provider: 'p' },
    ]);
    expect(seen).toEqual(['chunk:Hel', 'call:t1', 'result:t1', 'chunk:lo']);
    expect(outcome).toEqual({ ok: true, content: 'Hello', usage: { input_tokens: 3, output_tokens: 2, cost_usd: 0.01 }, model: 'm', provider: 'p' });
    const audit = (await store.audit(SESSION))!;
    expect(audit.messages.map((m) => [m.role, m.content])).toEqual([['assistant', 'Hello']]);
    expect(audit.toolCalls).toMatchObject([{ id: 't1', name: 'lookup', arguments: { q: 1 }, result: { ok: true } }]);
    expect(audit.providerCalls).toMatchObject([{ model: 'm', provider: 'p', input_tokens: 3, output_tokens: 2 }]);
  });

  it('an error: the outcome carries it, and the session records the error event and what the turn spent', async () => {
    const outcome = await run([{ type: 'error', code: 'PROVIDER_ERROR', message: 'down', usage: { input_tokens: 1, output_tokens: 0, cost_usd: 0 } }]);
    expect(outcome).toEqual({ ok: false, code: 'PROVIDER_ERROR', message: 'down', usage: { input_tokens: 1, output_tokens: 0, cost_usd: 0 } });
    const audit = (await store.audit(SESSION))!;
    expect(audit.events).toMatchObject([{ type: 'error', detail: { code: 'PROVIDER_ERROR', message: 'down' } }]);
    expect(audit.providerCalls).toMatchObject([{ provider: 'echo', model: 'unknown', input_tokens: 1 }]);
  });

  it('a handler that ends without done or error: INTERNAL_ERROR, and a tool call left without its result is stored as failed', async () => {
    const outcome = await run([{ type: 'tool_call', id: 't9', name: 'slow', arguments: {} }]);
    expect(outcome).toEqual({ ok: false, code: 'INTERNAL_ERROR', message: 'the agent ended its turn without a reply' });
    expect((await store.audit(SESSION))!.toolCalls).toMatchObject([{ id: 't9', name: 'slow', error: 'no result before the turn ended' }]);
  });

  it('cut off mid-turn: nothing more reaches the sink or the store, and the outcome is CANCELLED', async () => {
    const outcome = await run(
      [
        { type: 'chunk', content: 'a' },
        { type: 'chunk', content: 'b' },
        { type: 'done', content: 'ab' },
      ],
      () => (signal.aborted = true),
    );
    expect(outcome).toMatchObject({ ok: false, code: 'CANCELLED' });
    expect(seen).toEqual(['chunk:a']);
    expect((await store.audit(SESSION))!.messages).toEqual([]);
  });

  it('cut off while the reply was being stored: the reply stays stored, and the outcome is CANCELLED (the transport has answered already)', async () => {
    const append = store.appendMessages.bind(store);
    // A store with I/O (no sync face): the cut comes while its write is on its way.
    const slow: SessionStore = Object.assign(Object.create(store) as SessionStore, {
      sync: undefined,
      appendMessages: async (id: string, messages: Parameters<SessionStore['appendMessages']>[1]) => {
        signal.aborted = true;
        await append(id, messages);
      },
    });
    store = slow;
    const outcome = await run([{ type: 'done', content: 'late' }]);
    expect(outcome).toMatchObject({ ok: false, code: 'CANCELLED' });
    expect((await store.audit(SESSION))!.messages.map((m) => m.content)).toEqual(['late']);
  });
});
