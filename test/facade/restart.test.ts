import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, startRedis, type PostgresServer, type RedisServer } from '../support/services.js';
import { Client, startFacade } from './helpers.js';

// A facade restart in the middle of a conversation: the first facade closes,
// a second one starts on the same store, and the client resumes by session_id
// with nothing lost.

async function conversationAcrossRestart(env: Record<string, string>): Promise<(string | undefined)[][]> {
  const first = await startFacade({ ...env, OMNIA_HANDLER_MODE: 'demo' });
  const c1 = await Client.open(first.wsUrl());
  const { session_id } = await c1.next();
  const r1 = await c1.say('Hello!');
  const r2 = await c1.say('What is the weather in Bergen?');
  await first.facade.close();
  expect((await c1.closed).code).toBe(1001);

  const second = await startFacade({ ...env, OMNIA_HANDLER_MODE: 'demo' });
  try {
    const c2 = await Client.open(second.wsUrl(`?resume=${session_id}`));
    expect(await c2.next()).toMatchObject({ type: 'connected', session_id, connected: { resumed: true } });
    const r3 = await c2.say('And my password?', { session_id });
    expect(r3.at(-1)).toMatchObject({ type: 'done', session_id });
    const c3 = await Client.open(second.wsUrl());
    await c3.next();
    const r4 = await c3.say('hi again', { session_id }); // resume by message on a fresh connection
    expect(r4.at(-1)?.session_id).toBe(session_id);
    await Promise.all([c2.close(), c3.close()]);

    // Read the history through a third store client, as another pod would.
    const reader = await startFacade({ ...env });
    try {
      const c4 = await Client.open(reader.wsUrl(`?resume=${session_id}`));
      expect((await c4.next()).connected.resumed).toBe(true);
      await c4.close();
    } finally {
      await reader.facade.close();
    }
    const done = (r: { type: string; content?: string }[]) => r.at(-1)?.content;
    const expected = [
      ['user', 'Hello!'],
      ['assistant', done(r1)],
      ['user', 'What is the weather in Bergen?'],
      ['assistant', done(r2)],
      ['user', 'And my password?'],
      ['assistant', done(r3)],
      ['user', 'hi again'],
      ['assistant', done(r4)],
    ];
    return expected;
  } finally {
    await second.facade.close();
  }
}

describe.each([
  ['redis', () => startRedis()],
  ['postgres', () => startPostgres()],
])('facade restart on %s', (type, start) => {
  let server: RedisServer | PostgresServer;
  beforeAll(async () => {
    server = await start();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('resumes the conversation on a new facade with no message lost', async () => {
    const env = { OMNIA_SESSION_TYPE: type, OMNIA_SESSION_STORE_URL: server.url };
    const expected = await conversationAcrossRestart(env);
    // Check the stored history with the store itself, opened fresh.
    const { createSessionStore } = await import('../../src/facade/sessions/index.js');
    const store = await createSessionStore({
      type: type as 'redis' | 'postgres',
      url: server.url,
      ttlMs: 86_400_000,
      maxSessions: 1000,
      maxSessionEvents: 500,
      maxSessionBytes: 16 * 2 ** 20,
      maxStoreBytes: 128 * 2 ** 20,
      historyLimit: 50,
      sweepIntervalMs: 0,
    });
    try {
      // The session id is the one the conversation used: find it from the first user message.
      const ids = await findSessionIds(type, server.url);
      expect(ids).toHaveLength(1);
      const history = await store.history(ids[0] as string);
      expect(history.map((m) => [m.role, m.content])).toEqual(expected);
      const audit = await store.audit(ids[0] as string);
      expect(audit?.toolCalls.map((t) => t.name)).toEqual(['get_weather', 'lookup_password_policy']);
    } finally {
      await store.close();
    }
  });
});

/** Every session id in the store (each suite starts from an empty server). */
async function findSessionIds(type: string, url: string): Promise<string[]> {
  if (type === 'redis') {
    const { Redis } = await import('ioredis');
    const r = new Redis(url);
    const keys = await r.keys('omnia:session:*');
    await r.quit();
    return keys.filter((k) => /^omnia:session:[^:]+$/.test(k)).map((k) => k.slice('omnia:session:'.length));
  }
  const pg = (await import('pg')).default;
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const { rows } = await c.query('SELECT id FROM sessions');
  await c.end();
  return rows.map((r: { id: string }) => r.id);
}
