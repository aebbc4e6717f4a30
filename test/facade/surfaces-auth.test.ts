import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../src/facade/sessions/memory.js';
import type { SessionStore } from '../../src/facade/sessions/types.js';
import { startFacade, type Running } from './helpers.js';

// Every HTTP surface sits behind the /ws auth chain and rate limit: no
// credential, a wrong one and a right one give 401, 401, 200 on each route,
// in that route's error shape; the rate limit counts per caller.

const KEY = 'key-surfaces-0123456789';
const dir = mkdtempSync(join(tmpdir(), 'omnia-surfaces-'));
const keysFile = join(dir, 'api-keys');
writeFileSync(keysFile, `${KEY}\nkey-other-9876543210\n`);

const JSON_CT = { 'content-type': 'application/json' };
const ROUTES: { name: string; method: string; path: string; body?: unknown; shape: 'openai' | 'facade' }[] = [
  { name: 'A2A card', method: 'GET', path: '/.well-known/agent-card.json', shape: 'facade' },
  { name: 'KAOS card', method: 'GET', path: '/.well-known/agent', shape: 'facade' },
  { name: 'A2A JSON-RPC', method: 'POST', path: '/a2a', body: { jsonrpc: '2.0', id: 1, method: 'tasks/get', params: { id: 'none' } }, shape: 'facade' },
  { name: 'chat completions', method: 'POST', path: '/v1/chat/completions', body: { model: 'support', messages: [{ role: 'user', content: 'hi' }] }, shape: 'openai' },
  { name: 'models', method: 'GET', path: '/v1/models', shape: 'openai' },
  { name: 'agent invoke', method: 'POST', path: '/agent/invoke', body: { task: 'hi' }, shape: 'facade' },
];

describe('auth matrix and rate limit on the HTTP surfaces', () => {
  let facade: Running;
  let store: SessionStore;
  const call = (r: (typeof ROUTES)[number], token?: string) =>
    fetch(`http://127.0.0.1:${facade.port}${r.path}`, {
      method: r.method,
      headers: { ...(r.body ? JSON_CT : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      ...(r.body ? { body: JSON.stringify(r.body) } : {}),
    });

  beforeAll(async () => {
    store = createMemoryStore({ ttlMs: 60_000, maxSessionEvents: 100, maxSessions: 100 });
    facade = await startFacade({ OMNIA_FACADE_ALLOW_UNAUTHENTICATED: 'false', OMNIA_API_KEYS_FILE: keysFile, OMNIA_MAX_MESSAGES_PER_MINUTE: '3' }, { store });
  });
  afterAll(async () => {
    await facade.facade.close();
    await store.close();
  });

  it.each(ROUTES.map((r) => [r.name, r] as const))('%s: none 401, wrong 401, right 200', async (_name, route) => {
    for (const token of [undefined, 'wrong-key']) {
      const res = await call(route, token);
      expect(res.status).toBe(401);
      const body = await res.json();
      if (route.shape === 'openai') expect(body).toEqual({ error: { message: expect.any(String), type: 'authentication_error', param: null, code: 'invalid_api_key' } });
      else expect(body).toEqual({ error: 'unauthorized', detail: expect.any(String) });
    }
    const ok = await call(route, KEY);
    expect(ok.status).toBe(200);
    await ok.arrayBuffer();
  });

  it('the card announces the bearer scheme the auth chain wants', async () => {
    const card = (await (await call(ROUTES[0]!, KEY)).json()) as any;
    expect(card.securitySchemes).toEqual({ bearer: { type: 'http', scheme: 'bearer' } });
    expect(card.security).toEqual([{ bearer: [] }]);
  });

  it('limits each caller to OMNIA_MAX_MESSAGES_PER_MINUTE turns, in each route\'s error shape', async () => {
    // The three turn routes above spent KEY's budget of 3 (the card and the model list spend nothing).
    expect((await call(ROUTES[4]!, KEY)).status).toBe(200);
    const rpc = await call(ROUTES[2]!, KEY);
    expect(rpc.status).toBe(429);
    expect(await rpc.json()).toEqual({ error: 'rate_limited', detail: expect.any(String) });
    const chat = await call(ROUTES[3]!, KEY);
    expect(chat.status).toBe(429);
    expect(((await chat.json()) as any).error).toMatchObject({ type: 'rate_limit_error', code: 'rate_limited' });
    const invoke = await call(ROUTES[5]!, KEY);
    expect(invoke.status).toBe(429);
    expect(await invoke.json()).toEqual({ error: 'rate_limited', detail: expect.any(String) });
    // Another key has its own budget.
    expect((await call(ROUTES[5]!, 'key-other-9876543210')).status).toBe(200);
  });
});
