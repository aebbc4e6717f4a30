import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../../src/facade/sessions/memory.js';
import { startFacade, upgradeStatus, type Running } from '../helpers.js';

// The facade's wiring of function mode: /functions/ goes to the function
// handler with the facade's auth chain, store (audit) and metrics registry.

const dir = mkdtempSync(join(tmpdir(), 'omnia-fn-'));
writeFileSync(
  join(dir, 'function.json'),
  JSON.stringify({
    name: 'support',
    inputSchema: { type: 'object', required: ['text'], properties: { text: { type: 'string' } } },
    outputSchema: { type: 'object', required: ['text'], properties: { text: { type: 'string' } } },
  }),
);
const keys = join(dir, 'keys');
writeFileSync(keys, 'fn-key-123\n');
const store = createMemoryStore({ ttlMs: 60_000, maxSessionEvents: 100, maxSessions: 100 });
let f: Running;

beforeAll(async () => {
  f = await startFacade(
    { OMNIA_MODE: 'function', OMNIA_CONFIG_DIR: dir, OMNIA_FACADE_ALLOW_UNAUTHENTICATED: 'false', OMNIA_API_KEYS_FILE: keys },
    { store },
  );
});
afterAll(async () => {
  await f?.facade.close();
  rmSync(dir, { recursive: true, force: true });
});

const post = (body: unknown, key?: string) =>
  fetch(`http://127.0.0.1:${f.port}/functions/support`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: JSON.stringify(body),
  });

describe('function mode routing', () => {
  it('admits a valid key and answers with the handler output, audited as a function session', async () => {
    const res = await post({ text: 'hello' }, 'fn-key-123');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { output: unknown; invocation_id: string };
    expect(body.output).toEqual({ text: 'hello' });
    // The audit trail is written after the answer; give it a moment.
    for (let i = 0; i < 50 && !(await store.get(body.invocation_id)); i++) await new Promise((r) => setTimeout(r, 20));
    expect((await store.get(body.invocation_id))?.tags).toEqual(['function']);
  });

  it('refuses a request without a credential with 401 (same chain as /ws)', async () => {
    const res = await post({ text: 'hello' });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: string }).error).toBe('unauthorized');
  });

  it('does not serve /ws in function mode', async () => {
    expect(await upgradeStatus(`ws://127.0.0.1:${f.port}/ws`)).toBe(404);
  });

  it('shows function metrics on the facade registry', async () => {
    const text = (await f.health('/metrics')).text;
    expect(text).toMatch(/^omnia_function_/m);
    expect(text).toContain('omnia_agent_connections_active{agent="support",namespace="team-a"} 0');
  });
});
