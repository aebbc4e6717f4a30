import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { createMemoryStore } from '../../../src/facade/sessions/memory.js';
import { createPostgresStore, type PostgresSessionStore } from '../../../src/facade/sessions/postgres.js';
import { createRedisStore } from '../../../src/facade/sessions/redis.js';
import type { SessionStore } from '../../../src/facade/sessions/types.js';
import { startPostgres, startRedis, type PostgresServer, type RedisServer } from '../../support/services.js';
import { MAX_EVENTS, TTL_MS, TestClock, sessionStoreContract } from './store-contract.js';

const opts = (clock: TestClock) => ({ ttlMs: TTL_MS, maxSessionEvents: MAX_EVENTS, now: clock.now });

describe('memory store', () => {
  const clock = new TestClock();
  const store = createMemoryStore({ ...opts(clock), maxSessions: 1000 });
  sessionStoreContract('memory', () => ({ store, clock }));

  it('evicts the least recently used session past maxSessions', async () => {
    const c = new TestClock();
    const small = createMemoryStore({ ...opts(c), maxSessions: 2 });
    const a = await small.create({ agent: 'x', namespace: 'y' });
    const b = await small.create({ agent: 'x', namespace: 'y' });
    await small.appendMessages(a.id, [{ role: 'user', content: 'touch a' }]);
    const cc = await small.create({ agent: 'x', namespace: 'y' });
    expect(await small.get(b.id)).toBeNull();
    expect(await small.get(a.id)).not.toBeNull();
    expect(await small.get(cc.id)).not.toBeNull();
  });
});

describe('redis store (real redis-server)', () => {
  let server: RedisServer;
  let store: SessionStore;
  const clock = new TestClock();
  beforeAll(async () => {
    server = await startRedis();
    store = createRedisStore({ ...opts(clock), url: server.url });
  });
  afterAll(async () => {
    await store?.close();
    await server?.stop();
  });
  sessionStoreContract('redis', () => ({ store, clock }));

  it('ping is false once the server is gone', async () => {
    const other = await startRedis();
    const s = createRedisStore({ ...opts(clock), url: other.url });
    expect(await s.ping()).toBe(true);
    await other.stop();
    expect(await s.ping()).toBe(false);
    await s.close();
  });

  it('fails fast while the server is down and works again, with the same store, once it is back', async () => {
    const first = await startRedis();
    const s = createRedisStore({ ...opts(clock), url: first.url });
    let back: RedisServer | undefined;
    try {
      const { id } = await s.create({ agent: 'a', namespace: 'n' });
      await first.stop();
      // A correctness bound, not a speed target: ioredis's defaults kept each call ~14 s.
      const BOUND_MS = 3_000;
      const calls = [
        () => s.appendMessages(id, [{ role: 'user', content: 'anyone there?' }]),
        () => s.history(id),
        () => s.create({ agent: 'a', namespace: 'n' }),
        () => s.appendMessages(id, [{ role: 'user', content: 'still nobody?' }]),
      ];
      for (const call of calls) {
        const started = performance.now();
        await expect(call()).rejects.toThrow();
        expect(performance.now() - started).toBeLessThan(BOUND_MS);
      }
      back = await startRedis(first.port);
      // The store reconnects by itself (its retry backoff is capped at 1 s).
      for (let i = 0; i < 50 && !(await s.ping()); i++) await new Promise((r) => setTimeout(r, 100));
      const again = await s.create({ agent: 'a', namespace: 'n' });
      await s.appendMessages(again.id, [{ role: 'user', content: 'back' }]);
      expect((await s.history(again.id)).map((m) => m.content)).toEqual(['back']);
    } finally {
      await s.close();
      await first.stop();
      await back?.stop();
    }
  });
});

describe('postgres store (real PostgreSQL 15)', () => {
  let server: PostgresServer;
  let store: PostgresSessionStore;
  const clock = new TestClock();
  beforeAll(async () => {
    server = await startPostgres();
    store = await createPostgresStore({ ...opts(clock), url: server.url, sweepIntervalMs: 0 });
  });
  afterAll(async () => {
    await store?.close();
    await server?.stop();
  });
  sessionStoreContract('postgres', () => ({ store, clock }));

  it('creates its tables idempotently (a second store on the same database starts fine)', async () => {
    const again = await createPostgresStore({ ...opts(clock), url: server.url, sweepIntervalMs: 0 });
    expect(await again.ping()).toBe(true);
    await again.close();
  });

  it('sweeps expired sessions, cascading their trails, and still reports them expired', async () => {
    const { id } = await store.create({ agent: 'a', namespace: 'n' });
    await store.appendMessages(id, [{ role: 'user', content: 'bye' }]);
    await store.recordToolCall(id, { id: 't', name: 'n', arguments: {}, duration_ms: 1 });
    clock.advance(TTL_MS + 1);
    expect(await store.sweep()).toBeGreaterThanOrEqual(1);
    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    const counts = await client.query(
      `SELECT (SELECT count(*) FROM sessions WHERE id = $1)::int AS s,
              (SELECT count(*) FROM messages WHERE session_id = $1)::int AS m,
              (SELECT count(*) FROM tool_calls WHERE session_id = $1)::int AS t`,
      [id],
    );
    await client.end();
    expect(counts.rows[0]).toEqual({ s: 0, m: 0, t: 0 });
    expect(await store.lookup(id)).toEqual({ state: 'expired' });
    clock.advance(TTL_MS + 1);
    await store.sweep();
    expect(await store.lookup(id)).toEqual({ state: 'unknown' });
  });
});
