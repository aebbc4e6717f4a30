import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFacade, type Facade } from '../../../src/facade/app.js';
import { loadFacadeConfig } from '../../../src/facade/config.js';
import { postJson } from './support/server.js';

// Function mode inside the whole facade process, configured from the pod env
// (docs/env.md): function.json from OMNIA_CONFIG_DIR, the real auth chain
// (API keys file, OMNIA_FACADE_ALLOW_UNAUTHENTICATED), metrics on the health port.

const SCHEMA = { type: 'object', required: ['text'], additionalProperties: false, properties: { text: { type: 'string' } } };

function configDir(fn: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'omnia-facade-fn-'));
  writeFileSync(join(dir, 'function.json'), JSON.stringify(fn));
  writeFileSync(join(dir, 'api-keys'), 'key-one\nkey-two\n');
  return dir;
}

function envFor(dir: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    OMNIA_AGENT_NAME: 'echoer',
    OMNIA_NAMESPACE: 'team-a',
    OMNIA_MODE: 'function',
    OMNIA_HANDLER_MODE: 'echo',
    OMNIA_FACADE_PORT: '0',
    OMNIA_HEALTH_PORT: '0',
    OMNIA_BIND_ADDRESS: '127.0.0.1',
    OMNIA_CONFIG_DIR: dir,
    OMNIA_API_KEYS_FILE: join(dir, 'api-keys'),
    OMNIA_DRAIN_TIMEOUT: '2s',
    ...extra,
  };
}

describe('function mode in the facade (strict auth)', () => {
  const dir = configDir({ name: 'echoer', inputSchema: SCHEMA, outputSchema: SCHEMA });
  let facade: Facade;
  let base: string;
  let health: string;
  beforeAll(async () => {
    facade = createFacade(loadFacadeConfig(envFor(dir)), { logger: pino({ level: 'silent' }) });
    const { port, healthPort } = await facade.listen();
    base = `http://127.0.0.1:${port}`;
    health = `http://127.0.0.1:${healthPort}`;
  });
  afterAll(async () => {
    await facade?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('401 without a credential and with a wrong one', async () => {
    const none = await postJson(`${base}/functions/echoer`, { text: 'hi' });
    expect(none.status).toBe(401);
    expect(none.json?.error).toBe('unauthorized');
    const wrong = await postJson(`${base}/functions/echoer`, { text: 'hi' }, { authorization: 'Bearer nope' });
    expect(wrong.status).toBe(401);
    expect(wrong.json?.error).toBe('unauthorized');
  });

  it('200 with an API key from the mounted file', async () => {
    const r = await postJson(`${base}/functions/echoer`, { text: 'hi' }, { authorization: 'Bearer key-two' });
    expect(r.status).toBe(200);
    expect(r.json?.output).toEqual({ text: 'hi' });
  });

  it('404 for another function name, 405 for GET', async () => {
    const other = await postJson(`${base}/functions/summarizer`, { text: 'hi' }, { authorization: 'Bearer key-one' });
    expect(other.status).toBe(404);
    expect(other.json?.error).toBe('function_not_found');
    const get = await fetch(`${base}/functions/echoer`);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
  });

  it('the function series are on the health port /metrics', async () => {
    const text = await (await fetch(`${health}/metrics`)).text();
    expect(text).toContain('omnia_function_invocations_total{function="echoer",namespace="team-a",code="unauthorized"} 2');
    expect(text).toContain('omnia_function_invocations_total{function="echoer",namespace="team-a",code="ok"} 1');
    expect(text).toContain('omnia_function_duration_seconds_bucket{le="0.005",function="echoer",namespace="team-a",code="ok"}');
  });
});

describe('function mode with OMNIA_FACADE_ALLOW_UNAUTHENTICATED=true', () => {
  const dir = configDir({ name: 'echoer', inputSchema: SCHEMA, outputSchema: SCHEMA });
  let facade: Facade;
  let base: string;
  beforeAll(async () => {
    facade = createFacade(loadFacadeConfig(envFor(dir, { OMNIA_FACADE_ALLOW_UNAUTHENTICATED: 'true' })), {
      logger: pino({ level: 'silent' }),
    });
    base = `http://127.0.0.1:${(await facade.listen()).port}`;
  });
  afterAll(async () => {
    await facade?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('admits a request without credentials', async () => {
    const r = await postJson(`${base}/functions/echoer`, { text: 'open' });
    expect(r.status).toBe(200);
    expect(r.json?.output).toEqual({ text: 'open' });
  });
});

describe('start-up with a broken function.json', () => {
  it('stops with a message naming the schema at fault', async () => {
    const dir = configDir({ name: 'echoer', inputSchema: SCHEMA, outputSchema: { type: 'objekt' } });
    const facade = createFacade(loadFacadeConfig(envFor(dir)), { logger: pino({ level: 'silent' }) });
    try {
      await expect(facade.listen()).rejects.toThrow(/^outputSchema is not a valid JSON Schema: schema is invalid: data\/type must be equal to one of the allowed values/);
    } finally {
      await facade.close().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
