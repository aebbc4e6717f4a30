import { randomUUID } from 'node:crypto';
import http from 'node:http';
import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import type { Handler, Turn } from '../../src/facade/handlers/types.js';
import { createMemoryStore } from '../../src/facade/sessions/memory.js';
import { startFacade, type Running } from './helpers.js';

// A turn on an HTTP surface ends with its caller: a client that hangs up
// aborts the handler's turn; tasks/cancel cancels an A2A task; a drain waits
// for turns in flight and refuses new ones with 503.

/** A handler that streams one chunk, then waits until released or aborted. */
function heldHandler() {
  const turns: Turn[] = [];
  let release: (() => void) | undefined;
  const handler: Handler = {
    name: 'held',
    async *converse(turn) {
      turns.push(turn);
      yield { type: 'chunk', content: 'first ' };
      await new Promise<void>((resolve) => {
        release = resolve;
        turn.signal.addEventListener('abort', () => resolve(), { once: true });
      });
      if (!turn.signal.aborted) yield { type: 'done', content: 'first and last' };
    },
    healthy: async () => true,
  };
  return { handler, turns, release: () => release?.() };
}

describe('HTTP surfaces: cancellation and drain', () => {
  let facade: Running | undefined;
  afterEach(async () => {
    await facade?.facade.close();
    facade = undefined;
  });

  it('a chat-completions client that hangs up mid-stream aborts the turn', async () => {
    const held = heldHandler();
    facade = await startFacade({}, { handler: held.handler });
    const ac = new AbortController();
    const client = new OpenAI({ baseURL: `http://127.0.0.1:${facade.port}/v1`, apiKey: 'x', maxRetries: 0 });
    const stream = await client.chat.completions.create({ model: 'support', stream: true, messages: [{ role: 'user', content: 'hi' }] }, { signal: ac.signal });
    for await (const chunk of stream) {
      if (chunk.choices[0]?.delta.content) break; // leaving the loop closes the response
    }
    await expect.poll(() => held.turns[0]?.signal.aborted).toBe(true);
  });

  it('tasks/cancel cancels a running A2A task', async () => {
    const held = heldHandler();
    const store = createMemoryStore({ ttlMs: 60_000, maxSessionEvents: 100, maxSessions: 10 });
    facade = await startFacade({}, { handler: held.handler, store });
    const url = `http://127.0.0.1:${facade.port}/a2a`;
    const rpc = (method: string, params: unknown) =>
      fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }) });
    const streaming = await rpc('message/stream', { message: { kind: 'message', role: 'user', messageId: randomUUID(), parts: [{ kind: 'text', text: 'hi' }] } });
    const reader = streaming.body!.getReader();
    const first = JSON.parse(new TextDecoder().decode((await reader.read()).value).split('\n\n')[0]!.replace(/^data: /, ''));
    const taskId = first.result.id as string;
    await expect.poll(() => held.turns.length).toBe(1);
    const cancelled = (await (await rpc('tasks/cancel', { id: taskId })).json()) as any;
    expect(cancelled.result.status.state).toBe('canceled');
    await expect.poll(() => held.turns[0]?.signal.aborted).toBe(true);
    await reader.cancel();
    await store.close();
  });

  it('a drain waits for a turn in flight on /agent/invoke and refuses new ones with 503', async () => {
    const held = heldHandler();
    facade = await startFacade({ OMNIA_DRAIN_TIMEOUT: '10s' }, { handler: held.handler });
    const port = facade.port;
    const invoke = () =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = http.request({ host: '127.0.0.1', port, path: '/agent/invoke', method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
          let body = '';
          res.on('data', (d) => (body += d));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        });
        req.on('error', reject);
        req.end(JSON.stringify({ task: 'hi' }));
      });
    const inFlight = invoke();
    await expect.poll(() => held.turns.length).toBe(1);
    let drained = false;
    const draining = facade.facade.drain().then(() => (drained = true));
    await expect.poll(() => facade!.facade.isDraining).toBe(true);
    const refused = await fetch(`http://127.0.0.1:${port}/agent/invoke`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"task":"hi"}' });
    expect(refused.status).toBe(503);
    expect(drained).toBe(false);
    held.release();
    expect(await inFlight).toEqual({ status: 200, body: expect.stringContaining('"response":"first and last"') });
    await draining;
  });
});
