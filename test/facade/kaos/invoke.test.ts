import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scriptFor } from '../../../src/facade/handlers/demo.js';
import { createMemoryStore } from '../../../src/facade/sessions/memory.js';
import type { SessionStore } from '../../../src/facade/sessions/types.js';
import { startFacade, type Running } from '../helpers.js';

// KAOS's POST /agent/invoke, called the way curl would: plain JSON in, plain JSON out.

describe('POST /agent/invoke', () => {
  let facade: Running;
  let store: SessionStore;
  let url: string;
  const post = (body: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
    fetch(url, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });

  beforeAll(async () => {
    store = createMemoryStore({ ttlMs: 60_000, maxSessionEvents: 100, maxSessions: 100 });
    facade = await startFacade({ OMNIA_HANDLER_MODE: 'demo' }, { store });
    url = `http://127.0.0.1:${facade.port}/agent/invoke`;
  });
  afterAll(async () => {
    await facade.facade.close();
    await store.close();
  });

  it('answers {response, status, session_id} and continues the session it is given', async () => {
    const res = await post({ task: 'hello' });
    expect(res.status).toBe(200);
    const first = (await res.json()) as { response: string; status: string; session_id: string };
    expect(first).toEqual({ response: scriptFor('hello').reply, status: 'completed', session_id: expect.any(String) });
    const again = (await (await post({ task: 'what is the weather in Oslo', session_id: first.session_id })).json()) as { session_id: string };
    expect(again.session_id).toBe(first.session_id);
    const audit = await store.audit(first.session_id);
    expect(audit?.session.tags).toEqual(['invoke']);
    expect(audit?.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user', 'assistant']);
  });

  it('refuses bad calls with {error, detail}', async () => {
    for (const [body, status] of [
      [{}, 400],
      [{ task: '  ' }, 400],
      [{ task: 'hi', session_id: 'not a valid id!' }, 400],
      ['{', 400],
    ] as const) {
      const res = await post(body);
      expect(res.status).toBe(status);
      expect(await res.json()).toEqual({ error: expect.any(String), detail: expect.any(String) });
    }
    expect((await post({ task: 'hi' }, { 'content-type': 'text/plain' })).status).toBe(415);
    expect((await fetch(url)).status).toBe(405);
  });
});
