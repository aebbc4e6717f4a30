import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { createMemoryStore } from '../../../src/facade/sessions/memory.js';
import { createPostgresStore, type PostgresSessionStore } from '../../../src/facade/sessions/postgres.js';
import { createRedisStore } from '../../../src/facade/sessions/redis.js';
import { recordBytes, textBytes } from '../../../src/facade/sessions/trail.js';
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

  describe('byte budgets', () => {
    const KiB = 1024;
    const SESSION = 64 * KiB;
    const TOTAL = 256 * KiB;
    const budgeted = () => createMemoryStore({ ...opts(new TestClock()), maxSessionEvents: 1000, maxSessions: 1000, maxSessionBytes: SESSION, maxStoreBytes: TOTAL });
    /** What a session's records cost, recomputed from its audit with the store's own rule (trail.ts). */
    const audited = async (store: SessionStore, id: string): Promise<number> => {
      const a = await store.audit(id);
      if (!a) return 0;
      return (
        a.messages.reduce((n, m) => n + textBytes(m.content), 0) +
        [...a.providerCalls, ...a.toolCalls, ...a.events].reduce((n, r) => n + recordBytes(r), 0)
      );
    };

    it('never accounts more than the budgets under many large messages, and accounts exactly what it keeps', async () => {
      const store = budgeted();
      const ids: string[] = [];
      for (let s = 0; s < 20; s++) ids.push((await store.create({ agent: 'a', namespace: 'n' })).id);
      let written = 0;
      for (let round = 0; round < 10; round++) {
        for (const [i, id] of ids.entries()) {
          // 4–20 KiB of text per message, some of it two-byte (accounted the same: 2 bytes per code unit).
          const content = (round % 2 ? 'é' : 'x').repeat((4 + ((i * 7 + round) % 17)) * KiB);
          await store.appendMessages(id, [{ role: 'user', content }]).catch(() => undefined);
          await store.recordToolCall(id, { id: `t${round}`, name: 'big', arguments: {}, result: { blob: 'y'.repeat(3 * KiB) }, duration_ms: 1 }).catch(() => undefined);
          written += textBytes(content) + 6 * KiB;
          expect(store.accountedBytes?.()).toBeLessThanOrEqual(TOTAL);
        }
      }
      expect(written).toBeGreaterThan(10 * TOTAL);
      let kept = 0;
      for (const id of ids) {
        const bytes = await audited(store, id);
        expect(bytes).toBeLessThanOrEqual(SESSION);
        kept += bytes;
      }
      expect(store.accountedBytes?.()).toBe(kept);
      expect(kept).toBeGreaterThan(TOTAL / 2);
    });

    it("drops a session's oldest records first, keeping its newest", async () => {
      const store = budgeted();
      const { id } = await store.create({ agent: 'a', namespace: 'n' });
      for (let i = 0; i < 10; i++) await store.appendMessages(id, [{ role: 'user', content: `${i}`.repeat(10 * KiB) }]);
      // 20 KiB accounted per message: the newest three fit in 64 KiB.
      expect((await store.history(id)).map((m) => m.content[0])).toEqual(['7', '8', '9']);
      expect(await store.audit(id)).not.toBeNull();
    });

    it('evicts the least recently written sessions once the store is over its budget', async () => {
      const store = budgeted();
      const ids: string[] = [];
      for (let s = 0; s < 6; s++) {
        const { id } = await store.create({ agent: 'a', namespace: 'n' });
        ids.push(id);
        await store.appendMessages(id, [{ role: 'user', content: 'z'.repeat(30 * KiB) }]);
      }
      // 60 KiB each, 256 KiB in all: the two written longest ago are gone, the rest intact.
      expect(await store.get(ids[0] as string)).toBeNull();
      expect(await store.get(ids[1] as string)).toBeNull();
      for (const id of ids.slice(2)) expect((await store.history(id)).map((m) => m.content.length)).toEqual([30 * KiB]);
      expect(store.accountedBytes?.()).toBe(4 * 60 * KiB);
    });

    it('releases the bytes of expired and closed sessions', async () => {
      const clock = new TestClock();
      const store = createMemoryStore({ ...opts(clock), maxSessions: 10, maxSessionBytes: SESSION, maxStoreBytes: TOTAL });
      const { id } = await store.create({ agent: 'a', namespace: 'n' });
      await store.appendMessages(id, [{ role: 'user', content: 'q'.repeat(KiB) }]);
      expect(store.accountedBytes?.()).toBe(2 * KiB);
      clock.advance(TTL_MS + 1);
      expect(await store.lookup(id)).toEqual({ state: 'expired' });
      expect(store.accountedBytes?.()).toBe(0);
    });
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
      await expect.poll(() => s.ping(), { timeout: 10_000, interval: 50 }).toBe(true);
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
