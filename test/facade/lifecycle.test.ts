import { afterEach, describe, expect, it } from 'vitest';
import type { Handler } from '../../src/facade/handlers/types.js';
import { loadFacadeConfig } from '../../src/facade/config.js';
import { startRedis } from '../support/services.js';
import { Client, metricValue, startFacade, upgradeStatus, type Running } from './helpers.js';

const running: Running[] = [];
async function facade(env: Record<string, string> = {}, overrides: Parameters<typeof startFacade>[1] = {}): Promise<Running> {
  const r = await startFacade(env, overrides);
  running.push(r);
  return r;
}
afterEach(async () => {
  await Promise.all(running.splice(0).map((r) => r.facade.close()));
});

describe('health port', () => {
  it('/healthz is 200 and /readyz is 200 with a reachable store and healthy handler', async () => {
    const f = await facade();
    expect((await f.health('/healthz')).status).toBe(200);
    const ready = await f.health('/readyz');
    expect(ready.status).toBe(200);
    expect(JSON.parse(ready.text)).toEqual({ status: 'ready', checks: { store: 'ok', handler: 'ok' } });
    expect((await f.health('/nope')).status).toBe(404);
  });

  it('/readyz is 503 when the handler is unhealthy (runtime mode without a runtime)', async () => {
    const sick: Handler = { name: 'sick', async *converse() {}, healthy: async () => false };
    const f = await facade({}, { handler: sick });
    const ready = await f.health('/readyz');
    expect(ready.status).toBe(503);
    expect(JSON.parse(ready.text).checks).toEqual({ store: 'ok', handler: 'unhealthy' });
  });

  it('/readyz is 503 when the Redis store becomes unreachable', async () => {
    const redis = await startRedis();
    try {
      const f = await facade({ OMNIA_SESSION_TYPE: 'redis', OMNIA_SESSION_STORE_URL: redis.url });
      expect((await f.health('/readyz')).status).toBe(200);
      await redis.stop();
      const ready = await f.health('/readyz');
      expect(ready.status).toBe(503);
      expect(JSON.parse(ready.text).checks.store).toBe('unreachable');
    } finally {
      await redis.stop();
    }
  });
});

describe('Redis outage', () => {
  it('a turn fails fast while Redis is down, and the same facade serves turns again once it is back', async () => {
    const redis = await startRedis();
    let back: Awaited<ReturnType<typeof startRedis>> | undefined;
    try {
      const f = await facade({ OMNIA_SESSION_TYPE: 'redis', OMNIA_SESSION_STORE_URL: redis.url });
      const c = await Client.open(f.wsUrl());
      await c.next();
      expect((await c.say('hello')).at(-1)?.type).toBe('done');
      await redis.stop();
      // Several turns: ioredis's default backoff grew with every reconnect attempt, so
      // the first failure came soon and later ones took ~14 s each.
      for (let turn = 0; turn < 4; turn++) {
        const started = performance.now();
        const failed = await c.say('are you there?');
        // A correctness bound, not a speed target.
        expect(performance.now() - started).toBeLessThan(3_000);
        expect(failed).toEqual([expect.objectContaining({ type: 'error', error: expect.objectContaining({ code: 'INTERNAL_ERROR' }) })]);
      }
      back = await startRedis(redis.port);
      await expect.poll(async () => (await f.health('/readyz')).status, { timeout: 10_000, interval: 50 }).toBe(200);
      // The restarted server has no data: a new connection starts a new session.
      const d = await Client.open(f.wsUrl());
      await d.next();
      expect((await d.say('hello again')).at(-1)).toMatchObject({ type: 'done', content: 'Echo: hello again' });
    } finally {
      await redis.stop();
      await back?.stop();
    }
  });
});

describe('memory store byte budget', () => {
  it('many clients sending large messages keep the store within OMNIA_MAX_STORE_BYTES (omnia_agent_session_store_bytes)', async () => {
    const FRAME = 32 * 1024;
    const TOTAL = 16 * FRAME;
    const f = await facade({
      OMNIA_MAX_FRAME_BYTES: String(FRAME),
      OMNIA_MAX_SESSION_BYTES: String(4 * FRAME),
      OMNIA_MAX_STORE_BYTES: String(TOTAL),
      OMNIA_MAX_MESSAGES_PER_MINUTE: '1000',
    });
    const lbl = { agent: 'support', namespace: 'team-a' };
    const clients = await Promise.all(Array.from({ length: 12 }, () => Client.open(f.wsUrl())));
    await Promise.all(clients.map((c) => c.next()));
    // Each turn stores the message and its echo: ~2 × 60 KiB accounted, 12 × 8 turns ≈ 24 × the budget.
    const content = 'm'.repeat(FRAME - 100);
    let stored = 0;
    let done = 0;
    for (let turn = 0; turn < 8; turn++) {
      const replies = await Promise.all(clients.map((c) => c.say(content)));
      for (const r of replies) {
        // A session evicted to stay within the budget is gone, as past OMNIA_MAX_SESSIONS: the
        // connection is told and its next message starts a new session.
        if (r.at(-1)?.type === 'done') done++;
        else expect(r.at(-1)?.error.code).toBe('SESSION_NOT_FOUND');
      }
      stored += clients.length * 2 * 2 * content.length;
      const bytes = metricValue((await f.health('/metrics')).text, 'omnia_agent_session_store_bytes', lbl);
      expect(bytes).toBeGreaterThan(0);
      expect(bytes).toBeLessThanOrEqual(TOTAL);
    }
    expect(stored).toBeGreaterThan(20 * TOTAL);
    // The store still serves: most turns complete.
    expect(done).toBeGreaterThan(clients.length * 2);
    // A frame past the limit is refused before anything is stored.
    const over = await clients[0]!.say('o'.repeat(FRAME + 1));
    expect(over[0]?.error).toMatchObject({ code: 'INVALID_MESSAGE', details: { max_bytes: FRAME } });
    await Promise.all(clients.map((c) => c.close()));
  });

  it('refuses to start with budgets that cannot hold the largest accepted message', () => {
    const base = { OMNIA_MAX_FRAME_BYTES: '1048576' };
    expect(() => loadFacadeConfig({ ...base, OMNIA_MAX_SESSION_BYTES: '1048576' })).toThrow(/OMNIA_MAX_SESSION_BYTES: 1048576 is below 2 × OMNIA_MAX_FRAME_BYTES/);
    expect(() => loadFacadeConfig({ ...base, OMNIA_MAX_STORE_BYTES: '4194304' })).toThrow(/OMNIA_MAX_STORE_BYTES: 4194304 is below OMNIA_MAX_SESSION_BYTES/);
    // Redis and PostgreSQL have no byte budgets.
    expect(() => loadFacadeConfig({ ...base, OMNIA_SESSION_TYPE: 'redis', OMNIA_SESSION_STORE_URL: 'redis://r', OMNIA_MAX_SESSION_BYTES: '1' })).not.toThrow();
  });
});

describe('metrics', () => {
  it('counts a scripted conversation, all series labelled agent and namespace', async () => {
    const f = await facade({ OMNIA_HANDLER_MODE: 'demo', OMNIA_MAX_MESSAGES_PER_MINUTE: '100' });
    const lbl = { agent: 'support', namespace: 'team-a' };
    const a = await Client.open(f.wsUrl());
    const b = await Client.open(f.wsUrl());
    await a.next();
    await b.next();
    const r1 = await a.say('hello'); // chunks + done
    const r2 = await a.say('weather in Rome?'); // tool_call, tool_result, chunks, done
    a.send('not json'); // error
    await a.next();
    const text1 = await (await f.health('/metrics')).text;
    expect(metricValue(text1, 'omnia_agent_connections_active', lbl)).toBe(2);
    expect(metricValue(text1, 'omnia_agent_connections_total', lbl)).toBe(2);
    expect(metricValue(text1, 'omnia_agent_sessions_active', lbl)).toBe(1); // b never sent a message
    expect(metricValue(text1, 'omnia_agent_requests_total', { ...lbl, status: 'ok' })).toBe(2);
    expect(metricValue(text1, 'omnia_agent_request_duration_seconds_count', { ...lbl, status: 'ok' })).toBe(2);
    expect(metricValue(text1, 'omnia_agent_messages_received_total', lbl)).toBe(3);
    // 2 connected + both replies + 1 error
    expect(metricValue(text1, 'omnia_agent_messages_sent_total', lbl)).toBe(2 + r1.length + r2.length + 1);

    const err = await b.say('hi', { session_id: 'missing' });
    expect(err[0]?.error.code).toBe('SESSION_NOT_FOUND');
    await a.close();
    await new Promise((r) => setTimeout(r, 50));
    const text2 = (await f.health('/metrics')).text;
    expect(metricValue(text2, 'omnia_agent_requests_total', { ...lbl, status: 'error' })).toBe(1);
    expect(metricValue(text2, 'omnia_agent_connections_active', lbl)).toBe(1);
    expect(metricValue(text2, 'omnia_agent_sessions_active', lbl)).toBe(0);
    await b.close();
  });
});

describe('graceful drain', () => {
  it('finishes the reply in flight, then closes with 1001; new connections get 503 and /readyz 503', async () => {
    const f = await facade({ OMNIA_HANDLER_MODE: 'demo', OMNIA_DRAIN_TIMEOUT: '10s' }, { demo: { chunkDelayMs: 25 } });
    const c = await Client.open(f.wsUrl());
    const idle = await Client.open(f.wsUrl());
    await c.next();
    await idle.next();
    c.send({ type: 'message', content: 'Tell me the weather in Lisbon' });
    const first = await c.next(); // the reply has started
    expect(first.type).toBe('tool_call');
    const drained = f.facade.drain();
    expect(f.facade.isDraining).toBe(true);
    expect((await f.health('/readyz')).status).toBe(503);
    expect(await upgradeStatus(f.wsUrl())).toBe(503);
    const rest = await c.untilReply();
    expect(rest.at(-1)).toMatchObject({ type: 'done', content: 'The weather in Lisbon is sunny at 21°C.' });
    expect(await c.closed).toEqual({ code: 1001, reason: 'server is shutting down' });
    expect((await idle.closed).code).toBe(1001);
    await drained;
  });

  it('a message arriving during the drain is refused with AGENT_UNAVAILABLE', async () => {
    const f = await facade({ OMNIA_HANDLER_MODE: 'demo', OMNIA_DRAIN_TIMEOUT: '10s' }, { demo: { chunkDelayMs: 30 } });
    const busy = await Client.open(f.wsUrl());
    const other = await Client.open(f.wsUrl());
    await busy.next();
    await other.next();
    busy.send({ type: 'message', content: 'hello' });
    await busy.next();
    const drained = f.facade.drain();
    const refused = await other.say('me too');
    expect(refused[0]?.error.code).toBe('AGENT_UNAVAILABLE');
    await drained;
  });

  it('cancels a reply that outlives OMNIA_DRAIN_TIMEOUT and still closes with 1001', async () => {
    const stuck: Handler = {
      name: 'stuck',
      async *converse(turn) {
        yield { type: 'chunk', content: 'thinking…' };
        await new Promise((resolve) => turn.signal.addEventListener('abort', resolve));
      },
      healthy: async () => true,
    };
    const f = await facade({ OMNIA_DRAIN_TIMEOUT: '400ms' }, { handler: stuck });
    const c = await Client.open(f.wsUrl());
    await c.next();
    c.send({ type: 'message', content: 'long question' });
    expect((await c.next()).type).toBe('chunk');
    await f.facade.drain();
    expect((await c.closed).code).toBe(1001);
    expect(c.takeAll().map((m) => m.type)).toEqual(['error']);
  });

  it('a reply cut off by the drain deadline still ends with exactly one error, then 1001', async () => {
    // Streams one chunk, then waits for its signal to abort: it never finishes on its own.
    const endless: Handler = {
      name: 'endless',
      async *converse(turn) {
        yield { type: 'chunk', content: 'word0 ' };
        if (!turn.signal.aborted) await new Promise((resolve) => turn.signal.addEventListener('abort', resolve, { once: true }));
      },
      healthy: async () => true,
    };
    const f = await facade({ OMNIA_DRAIN_TIMEOUT: '300ms' }, { handler: endless });
    const c = await Client.open(f.wsUrl());
    const { session_id } = await c.next();
    c.send({ type: 'message', content: 'tell me everything' });
    expect((await c.next()).type).toBe('chunk');
    await f.facade.drain();
    expect(await c.closed).toEqual({ code: 1001, reason: 'server is shutting down' });
    const rest = c.takeAll();
    const ends = rest.filter((m) => m.type === 'done' || m.type === 'error');
    expect(ends).toHaveLength(1);
    expect(rest.at(-1)).toMatchObject({ type: 'error', session_id, error: { code: 'AGENT_UNAVAILABLE', details: { reason: 'drain_deadline' } } });
    expect(rest.slice(0, -1).every((m) => m.type === 'chunk')).toBe(true);
  });
});
