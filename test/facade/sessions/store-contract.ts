import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SessionGoneError, type SessionStore } from '../../../src/facade/sessions/types.js';

export const TTL_MS = 60_000;
export const MAX_EVENTS = 5;

/** A clock tests can move; every store under test reads time from it. */
export class TestClock {
  t = Date.parse('2030-01-01T00:00:00.000Z');
  now = (): number => this.t;
  advance(ms: number): void {
    this.t += ms;
  }
}

export interface StoreFixture {
  store: SessionStore;
  clock: TestClock;
}

// One behavioural contract for memory, Redis and PostgreSQL. Each store is
// built with ttlMs = TTL_MS, maxSessionEvents = MAX_EVENTS and the fixture's clock.
export function sessionStoreContract(name: string, fixture: () => StoreFixture): void {
  describe(`session store contract: ${name}`, () => {
    const base = { agent: 'support', namespace: 'team-a' };

    it('creates a session with the row fields and reads it back', async () => {
      const { store, clock } = fixture();
      const created = await store.create({ ...base, tags: ['function'] });
      expect(created.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(created).toMatchObject({ agent: 'support', namespace: 'team-a', tags: ['function'], status: 'active' });
      expect(created.createdAt).toBe(new Date(clock.t).toISOString());
      expect(created.expiresAt).toBe(new Date(clock.t + TTL_MS).toISOString());
      expect(await store.get(created.id)).toEqual(created);
      expect(await store.lookup(created.id)).toEqual({ state: 'found', session: created });
    });

    it('honours a caller-chosen id', async () => {
      const { store } = fixture();
      const id = randomUUID();
      const created = await store.create({ ...base, id });
      expect(created.id).toBe(id);
      expect((await store.get(id))?.id).toBe(id);
    });

    it('refuses to create a session whose id is taken', async () => {
      const { store } = fixture();
      const { id } = await store.create(base);
      await store.appendMessages(id, [{ role: 'user', content: 'mine' }]);
      await expect(store.create({ ...base, id })).rejects.toThrow();
      expect((await store.history(id)).map((m) => m.content)).toEqual(['mine']);
    });

    it('returns null / unknown for an id that never existed, and [] history', async () => {
      const { store } = fixture();
      const id = randomUUID();
      expect(await store.get(id)).toBeNull();
      expect(await store.lookup(id)).toEqual({ state: 'unknown' });
      expect(await store.history(id)).toEqual([]);
      expect(await store.audit(id)).toBeNull();
    });

    it('appends messages in order and returns the newest `limit` oldest-first', async () => {
      const { store } = fixture();
      const { id } = await store.create(base);
      await store.appendMessages(id, [{ role: 'user', content: 'one' }]);
      await store.appendMessages(id, [
        { role: 'assistant', content: 'two' },
        { role: 'user', content: 'three' },
      ]);
      expect((await store.history(id)).map((m) => m.content)).toEqual(['one', 'two', 'three']);
      expect((await store.history(id, 2)).map((m) => `${m.role}:${m.content}`)).toEqual(['assistant:two', 'user:three']);
      expect(await store.history(id, 0)).toEqual([]);
    });

    it('keeps only the newest maxSessionEvents messages', async () => {
      const { store } = fixture();
      const { id } = await store.create(base);
      for (let i = 1; i <= MAX_EVENTS + 3; i++) await store.appendMessages(id, [{ role: 'user', content: `m${i}` }]);
      const contents = (await store.history(id)).map((m) => m.content);
      expect(contents).toEqual(['m4', 'm5', 'm6', 'm7', 'm8']);
    });

    it('bounds every trail to the newest maxSessionEvents entries', async () => {
      const { store } = fixture();
      const { id } = await store.create(base);
      for (let i = 1; i <= MAX_EVENTS * 3; i++) {
        await store.recordEvent(id, { type: `e${i}`, detail: {} });
        await store.recordToolCall(id, { id: `t${i}`, name: 'n', arguments: {}, duration_ms: i });
      }
      const audit = await store.audit(id);
      expect(audit?.events.map((e) => e.type)).toEqual(['e11', 'e12', 'e13', 'e14', 'e15']);
      expect(audit?.toolCalls.map((t) => t.id)).toEqual(['t11', 't12', 't13', 't14', 't15']);
    });

    it('stamps messages with the store clock unless `at` is given', async () => {
      const { store, clock } = fixture();
      const { id } = await store.create(base);
      await store.appendMessages(id, [{ role: 'user', content: 'a' }, { role: 'assistant', content: 'b', at: '2030-01-01T00:00:05.000Z' }]);
      const h = await store.history(id);
      expect(h[0]?.at).toBe(new Date(clock.t).toISOString());
      expect(h[1]?.at).toBe('2030-01-01T00:00:05.000Z');
    });

    it('records the audit trail: provider calls, tool calls, runtime events, status', async () => {
      const { store } = fixture();
      const { id } = await store.create({ ...base, tags: ['function'] });
      await store.appendMessages(id, [{ role: 'user', content: 'hi' }]);
      await store.recordProviderCall(id, { model: 'claude-x', provider: 'claude', input_tokens: 41, output_tokens: 12, cost_usd: 0.0008, duration_ms: 842 });
      await store.recordToolCall(id, { id: 'call-1', name: 'get_weather', arguments: { city: 'Oslo' }, result: { temp: 3 }, duration_ms: 12 });
      await store.recordToolCall(id, { id: 'call-2', name: 'lookup', arguments: {}, error: 'timeout', duration_ms: 30_000 });
      await store.recordEvent(id, { type: 'validation', detail: { ok: false, reason: 'output_invalid' } });
      await store.setStatus(id, 'error');
      const audit = await store.audit(id);
      expect(audit?.session.status).toBe('error');
      expect(audit?.session.tags).toEqual(['function']);
      expect(audit?.messages.map((m) => m.content)).toEqual(['hi']);
      expect(audit?.providerCalls).toEqual([
        expect.objectContaining({ model: 'claude-x', provider: 'claude', input_tokens: 41, output_tokens: 12, cost_usd: 0.0008, duration_ms: 842 }),
      ]);
      expect(audit?.toolCalls).toEqual([
        expect.objectContaining({ id: 'call-1', name: 'get_weather', arguments: { city: 'Oslo' }, result: { temp: 3 }, duration_ms: 12 }),
        expect.objectContaining({ id: 'call-2', name: 'lookup', arguments: {}, error: 'timeout', duration_ms: 30_000 }),
      ]);
      expect(audit?.toolCalls[1]).not.toHaveProperty('result');
      expect(audit?.events).toEqual([expect.objectContaining({ type: 'validation', detail: { ok: false, reason: 'output_invalid' } })]);
    });

    it('refreshes the TTL on every write', async () => {
      const { store, clock } = fixture();
      const { id } = await store.create(base);
      clock.advance(TTL_MS - 1_000);
      await store.appendMessages(id, [{ role: 'user', content: 'still here' }]);
      clock.advance(TTL_MS - 1_000);
      const s = await store.get(id);
      expect(s?.expiresAt).toBe(new Date(clock.t + 1_000).toISOString());
      expect(s?.updatedAt).toBe(new Date(clock.t - (TTL_MS - 1_000)).toISOString());
    });

    it('reports expiry after the TTL, distinct from unknown, and refuses writes', async () => {
      const { store, clock } = fixture();
      const { id } = await store.create(base);
      await store.appendMessages(id, [{ role: 'user', content: 'old' }]);
      clock.advance(TTL_MS + 1);
      expect(await store.get(id)).toBeNull();
      expect(await store.lookup(id)).toEqual({ state: 'expired' });
      expect(await store.history(id)).toEqual([]);
      const err = await store.appendMessages(id, [{ role: 'user', content: 'late' }]).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(SessionGoneError);
      expect((err as SessionGoneError).state).toBe('expired');
    });

    it('refuses writes to an unknown session with SessionGoneError(unknown)', async () => {
      const { store } = fixture();
      const err = await store.recordEvent(randomUUID(), { type: 'x', detail: {} }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(SessionGoneError);
      expect((err as SessionGoneError).state).toBe('unknown');
    });

    it('keeps sessions apart', async () => {
      const { store } = fixture();
      const a = await store.create(base);
      const b = await store.create(base);
      await store.appendMessages(a.id, [{ role: 'user', content: 'for a' }]);
      await store.appendMessages(b.id, [{ role: 'user', content: 'for b' }]);
      expect((await store.history(a.id)).map((m) => m.content)).toEqual(['for a']);
      expect((await store.history(b.id)).map((m) => m.content)).toEqual(['for b']);
    });

    it('answers ping', async () => {
      const { store } = fixture();
      expect(await store.ping()).toBe(true);
    });
  });
}
