import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresStore, type PostgresSessionStore } from '../../../src/facade/sessions/postgres.js';
import { startPostgres, type PostgresServer } from '../../support/services.js';
import { ECHO_TOOL_CALLS, ECHO_USAGE, echoHandler } from './support/handlers.js';
import { postJson, startFunction, type StartedFunction } from './support/server.js';

// The audit trail as rows in a real PostgreSQL 15, read back with plain SQL
// (not through the store) so the test sees what a dashboard query would.

describe('function audit rows in PostgreSQL', () => {
  let server: PostgresServer;
  let store: PostgresSessionStore;
  let f: StartedFunction;
  let sql: pg.Client;

  beforeAll(async () => {
    server = await startPostgres();
    store = await createPostgresStore({ url: server.url, ttlMs: 3_600_000, maxSessionEvents: 500, sweepIntervalMs: 0 });
    f = await startFunction({ handler: echoHandler({ model: 'echo-model-1' }), audit: store, namespace: 'team-a' });
    sql = new pg.Client({ connectionString: server.url });
    await sql.connect();
  });
  afterAll(async () => {
    await f?.close();
    await sql?.end();
    await store?.close();
    await server?.stop();
  });

  const rows = async (table: string, id: string) =>
    (await sql.query(`SELECT * FROM ${table} WHERE session_id = $1 ORDER BY seq`, [id])).rows;

  it('a successful invocation: sessions, messages and provider_calls rows', async () => {
    const r = await postJson(`${f.url}/functions/echo`, { text: 'persist me' });
    expect(r.status).toBe(200);
    await f.fn.drain();
    const id = r.json?.invocation_id as string;

    const sessions = (await sql.query('SELECT * FROM sessions WHERE id = $1', [id])).rows;
    expect(sessions).toHaveLength(1);
    expect(sessions[0]).toMatchObject({ agent: 'echo', namespace: 'team-a', tags: ['function'], status: 'completed' });

    expect((await rows('messages', id)).map((m) => [m.role, m.content])).toEqual([
      ['user', '{"text":"persist me"}'],
      ['assistant', '{"echo":"persist me"}'],
    ]);
    const calls = await rows('provider_calls', id);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({
      model: 'echo-model-1',
      input_tokens: ECHO_USAGE.input_tokens,
      output_tokens: ECHO_USAGE.output_tokens,
      cost_usd: ECHO_USAGE.cost_usd,
    });
    expect(await rows('runtime_events', id)).toEqual([]);

    // "tagged function for fast filtering": the GIN-indexed tag query finds it.
    const tagged = await sql.query(`SELECT id FROM sessions WHERE tags @> ARRAY['function']`);
    expect(tagged.rows.map((x) => x.id)).toContain(id);
  });

  it('tool calls of an invocation: tool_calls rows in call order', async () => {
    const r = await postJson(`${f.url}/functions/echo`, { text: 'use-tools' });
    expect(r.status).toBe(200);
    await f.fn.drain();
    const id = r.json?.invocation_id as string;
    const tools = await rows('tool_calls', id);
    expect(tools.map((t) => [t.call_id, t.name, t.arguments, t.result, t.error, t.duration_ms])).toEqual([
      ['call_1', 'weather', { city: 'Oslo' }, { forecast: 'sunny', note: 'nul\uFFFDhere' }, null, 12],
      ['call_2', 'broken', {}, null, ECHO_TOOL_CALLS[1]!.error, 3],
    ]);
  });

  it('output_invalid and input_invalid: runtime_events rows and status error', async () => {
    const bad = await postJson(`${f.url}/functions/echo`, { text: 'break-schema' });
    const invalid = await postJson(`${f.url}/functions/echo`, { nope: true });
    expect([bad.status, invalid.status]).toEqual([502, 400]);
    await f.fn.drain();

    const badId = bad.headers.get('x-invocation-id') as string;
    const badEvents = await rows('runtime_events', badId);
    expect(badEvents.map((e) => e.type)).toEqual(['function.output_invalid']);
    expect(badEvents[0]?.detail.message).toContain("output must have required property 'echo'");
    expect((await rows('messages', badId)).map((m) => m.content)).toEqual(['{"text":"break-schema"}', '{"wrong":1}']);
    expect(await rows('provider_calls', badId)).toHaveLength(1);

    const invalidId = invalid.headers.get('x-invocation-id') as string;
    expect((await rows('runtime_events', invalidId)).map((e) => [e.type, e.detail])).toEqual([
      ['function.input_invalid', { message: "input must have required property 'text', input must NOT have additional properties" }],
    ]);
    const statuses = await sql.query('SELECT id, status FROM sessions WHERE id = ANY($1) ORDER BY id', [[badId, invalidId]]);
    expect(statuses.rows.map((s) => s.status)).toEqual(['error', 'error']);
  });
});
