import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../src/facade/sessions/memory.js';
import type { Handler } from '../../src/facade/handlers/types.js';
import type { SessionStore } from '../../src/facade/sessions/types.js';
import { Client, metricValue, RFC3339, startFacade, upgradeStatus, type Msg, type Running } from './helpers.js';
import { TestClock } from './sessions/store-contract.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const running: Running[] = [];
const clients: Client[] = [];

async function facade(env: Record<string, string> = {}, overrides: Parameters<typeof startFacade>[1] = {}): Promise<Running> {
  const r = await startFacade(env, overrides);
  running.push(r);
  return r;
}
async function client(url: string, protocols?: string | string[], opts?: ConstructorParameters<typeof Client>[2]): Promise<Client> {
  const c = await Client.open(url, protocols, opts);
  clients.push(c);
  return c;
}

afterEach(async () => {
  for (const c of clients.splice(0)) c.ws.terminate();
  await Promise.all(running.splice(0).map((r) => r.facade.close()));
});

function expectEnvelope(m: Msg, sessionId: string): void {
  expect(m.session_id).toBe(sessionId);
  expect(m.timestamp).toMatch(RFC3339);
}

describe('WebSocket /ws: connect and converse', () => {
  it('sends connected with a fresh session id right after the upgrade', async () => {
    const f = await facade();
    const a = await client(f.wsUrl('?agent=support&namespace=team-a'));
    const b = await client(f.wsUrl());
    const ca = await a.next();
    const cb = await b.next();
    expect(ca.type).toBe('connected');
    expect(ca.session_id).toMatch(UUID);
    expect(ca.timestamp).toMatch(RFC3339);
    expect(ca.connected).toEqual({ capabilities: { binary_frames: false, max_payload_size: 1_048_576, protocol_version: 1 }, resumed: false });
    expect(cb.session_id).not.toBe(ca.session_id);
  });

  it('echo: one done "Echo: <content>" on the connection session', async () => {
    const f = await facade({ OMNIA_HANDLER_MODE: 'echo' });
    const c = await client(f.wsUrl());
    const { session_id } = await c.next();
    const reply = await c.say('hello there');
    expect(reply).toHaveLength(1);
    expect(reply[0]).toMatchObject({ type: 'done', content: 'Echo: hello there' });
    expectEnvelope(reply[0] as Msg, session_id);
  });

  it('demo: streams chunks that add up to done, with a greeting', async () => {
    const f = await facade({ OMNIA_HANDLER_MODE: 'demo' });
    const c = await client(f.wsUrl());
    const { session_id } = await c.next();
    const reply = await c.say('Hi!');
    const chunks = reply.filter((m) => m.type === 'chunk');
    const done = reply.at(-1) as Msg;
    expect(chunks.length).toBeGreaterThan(3);
    expect(done.type).toBe('done');
    expect(done.content).toMatch(/^Hello!/);
    expect(chunks.map((m) => m.content).join('')).toBe(done.content);
    reply.forEach((m) => expectEnvelope(m, session_id));
    expect(reply.some((m) => m.type === 'tool_call')).toBe(false);
  });

  it('demo: a password question gets a tool_call and its tool_result before the text', async () => {
    const f = await facade({ OMNIA_HANDLER_MODE: 'demo' });
    const c = await client(f.wsUrl());
    const { session_id } = await c.next();
    const reply = await c.say('How do I reset my password?');
    const [call, result] = reply;
    expect(call).toMatchObject({ type: 'tool_call', tool_call: { name: 'lookup_password_policy', arguments: { topic: 'password' } } });
    expect(call?.tool_call.id).toEqual(expect.any(String));
    expect(result).toMatchObject({ type: 'tool_result', tool_result: { id: call?.tool_call.id, result: { min_length: 12 } } });
    expect(reply.at(-1)?.type).toBe('done');
    reply.forEach((m) => expectEnvelope(m, session_id));
  });

  it('demo: a weather question calls get_weather with the place named', async () => {
    const f = await facade({ OMNIA_HANDLER_MODE: 'demo' });
    const c = await client(f.wsUrl());
    await c.next();
    const reply = await c.say("What's the weather in Oslo today?");
    expect(reply[0]).toMatchObject({ type: 'tool_call', tool_call: { name: 'get_weather', arguments: { location: 'Oslo' } } });
    expect(reply.at(-1)?.content).toContain('Oslo');
  });

  it('demo: keywords match whole words only ("passwords", "sweatherapy")', async () => {
    const f = await facade({ OMNIA_HANDLER_MODE: 'demo' });
    const c = await client(f.wsUrl());
    await c.next();
    for (const text of ['I forgot all my passwords', 'Is sweatherapy a thing?', 'this is weathered wood', 'chicken']) {
      const reply = await c.say(text);
      expect(reply.some((m) => m.type === 'tool_call'), text).toBe(false);
      expect(reply.at(-1)?.type).toBe('done');
    }
  });

  it('stores the user and assistant message before done is sent', async () => {
    const store = createMemoryStore({ ttlMs: 60_000, maxSessionEvents: 100, maxSessions: 10 });
    const f = await facade({ OMNIA_HANDLER_MODE: 'demo' }, { store });
    const c = await client(f.wsUrl());
    const { session_id } = await c.next();
    const reply = await c.say('How is the weather in Paris?');
    const audit = await store.audit(session_id);
    expect(audit?.messages.map((m) => [m.role, m.content])).toEqual([
      ['user', 'How is the weather in Paris?'],
      ['assistant', reply.at(-1)?.content],
    ]);
    expect(audit?.toolCalls).toEqual([expect.objectContaining({ name: 'get_weather', arguments: { location: 'Paris' }, result: expect.any(Object) })]);
    expect(audit?.providerCalls).toHaveLength(1);
    expect(audit?.session).toMatchObject({ agent: 'support', namespace: 'team-a', status: 'active' });
  });

  it('passes the earlier messages of the session to the handler as history', async () => {
    const seen: string[][] = [];
    const handler: Handler = {
      name: 'spy',
      async *converse(turn) {
        seen.push(turn.history.map((h) => `${h.role}:${h.content}`));
        yield { type: 'done', content: `got ${turn.content}` };
      },
      healthy: async () => true,
    };
    const f = await facade({}, { handler });
    const c = await client(f.wsUrl());
    await c.next();
    await c.say('one');
    await c.say('two');
    expect(seen).toEqual([[], ['user:one', 'assistant:got one']]);
  });

  it('runtime mode answers every message with an error while the runtime is not reachable', async () => {
    const f = await facade({ OMNIA_HANDLER_MODE: 'runtime', OMNIA_RUNTIME_ADDRESS: 'http://127.0.0.1:9' });
    const c = await client(f.wsUrl());
    await c.next();
    const reply = await c.say('anyone there?');
    expect(reply).toHaveLength(1);
    expect(reply[0]?.type).toBe('error');
    expect(reply[0]?.error.code).toBe('AGENT_UNAVAILABLE');
  });
});

describe('WebSocket /ws: errors keep the connection open', () => {
  async function openOn(f: Running): Promise<[Client, string]> {
    const c = await client(f.wsUrl());
    const { session_id } = await c.next();
    return [c, session_id];
  }

  it.each([
    ['malformed JSON', '{"type": "message", ', 'INVALID_MESSAGE'],
    ['a JSON array', '[1,2]', 'INVALID_MESSAGE'],
    ['an unknown type', '{"type":"dance"}', 'INVALID_MESSAGE'],
    ['a missing type', '{"content":"hi"}', 'INVALID_MESSAGE'],
    ['missing content', '{"type":"message"}', 'INVALID_MESSAGE'],
    ['blank content', '{"type":"message","content":"   "}', 'INVALID_MESSAGE'],
    ['non-string metadata', '{"type":"message","content":"x","metadata":{"a":1}}', 'INVALID_MESSAGE'],
    ['an upload request', '{"type":"upload_request","upload_request":{}}', 'MEDIA_NOT_ENABLED'],
  ])('%s → error %s', async (_name, frame, code) => {
    const f = await facade();
    const [c, sid] = await openOn(f);
    c.send(frame);
    const err = await c.next();
    expect(err).toMatchObject({ type: 'error', error: { code, message: expect.any(String) } });
    expectEnvelope(err, sid);
    const after = await c.say('still open?');
    expect(after[0]).toMatchObject({ type: 'done', content: 'Echo: still open?' });
  });

  it('a binary frame → MEDIA_NOT_ENABLED', async () => {
    const f = await facade();
    const [c] = await openOn(f);
    c.ws.send(Buffer.from([1, 2, 3]));
    expect((await c.next()).error.code).toBe('MEDIA_NOT_ENABLED');
    expect((await c.say('ok'))[0]?.type).toBe('done');
  });

  it('a frame over OMNIA_MAX_FRAME_BYTES → INVALID_MESSAGE and the connection stays open', async () => {
    const f = await facade({ OMNIA_MAX_FRAME_BYTES: '1024' });
    const [c] = await openOn(f);
    c.send({ type: 'message', content: 'x'.repeat(2000) });
    const err = await c.next();
    expect(err.error).toMatchObject({ code: 'INVALID_MESSAGE', details: { max_bytes: 1024 } });
    expect((await c.say('small'))[0]?.content).toBe('Echo: small');
  });

  it('a frame far beyond the limit (over 4×) closes the connection with 1009', async () => {
    const f = await facade({ OMNIA_MAX_FRAME_BYTES: '1024' });
    const [c] = await openOn(f);
    c.send({ type: 'message', content: 'x'.repeat(5000) });
    expect((await c.closed).code).toBe(1009);
  });

  it('a second message while a reply is in flight → RATE_LIMITED, and the first reply completes', async () => {
    const f = await facade({ OMNIA_HANDLER_MODE: 'demo' }, { demo: { chunkDelayMs: 20 } });
    const [c] = await openOn(f);
    c.send({ type: 'message', content: 'hello' });
    c.send({ type: 'message', content: 'impatient' });
    const msgs: Msg[] = [];
    while (!msgs.some((m) => m.type === 'done')) msgs.push(await c.next());
    const errors = msgs.filter((m) => m.type === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]?.error.code).toBe('RATE_LIMITED');
    expect(msgs.at(-1)?.content).toMatch(/^Hello!/);
  });

  it('more than OMNIA_MAX_MESSAGES_PER_MINUTE → RATE_LIMITED', async () => {
    const f = await facade({ OMNIA_MAX_MESSAGES_PER_MINUTE: '3' });
    const [c] = await openOn(f);
    for (let i = 0; i < 3; i++) expect((await c.say(`m${i}`))[0]?.type).toBe('done');
    const err = (await c.say('one too many'))[0];
    expect(err).toMatchObject({ type: 'error', error: { code: 'RATE_LIMITED', details: { limit_per_minute: 3 } } });
  });

  it('a handler error event is forwarded with its code; a throwing handler → INTERNAL_ERROR', async () => {
    let n = 0;
    const handler: Handler = {
      name: 'flaky',
      async *converse() {
        n++;
        if (n === 1) yield { type: 'error', code: 'TOOL_FAILED', message: 'the calculator broke' };
        else throw new Error('boom with a secret sk-123');
      },
      healthy: async () => true,
    };
    const f = await facade({}, { handler });
    const [c] = await openOn(f);
    expect((await c.say('a'))[0]?.error).toEqual({ code: 'TOOL_FAILED', message: 'the calculator broke' });
    const internal = (await c.say('b'))[0];
    expect(internal?.error.code).toBe('INTERNAL_ERROR');
    expect(JSON.stringify(internal)).not.toContain('sk-123');
  });
});

describe('WebSocket /ws: store failures', () => {
  // A store with I/O fails through its promise; the memory store's synchronous
  // per-turn path (store.sync) throws. Both must end the turn the same way.
  it.each(['async', 'sync'] as const)('a store that fails mid-turn (%s path) → INTERNAL_ERROR (no internals), no done, connection open', async (path) => {
    const memory = createMemoryStore({ ttlMs: 60_000, maxSessionEvents: 100, maxSessions: 10 });
    let failNext = false;
    const fail = (msgs: { role: string }[]) => {
      if (failNext && msgs[0]?.role === 'assistant') throw new Error('connection reset by db at 10.0.0.7');
    };
    const sync = memory.sync as NonNullable<typeof memory.sync>;
    const store: SessionStore =
      path === 'async'
        ? {
            ...memory,
            sync: undefined,
            appendMessages: async (id, msgs) => {
              fail(msgs);
              return memory.appendMessages(id, msgs);
            },
          }
        : {
            ...memory,
            sync: {
              history: (id, limit) => sync.history(id, limit),
              appendMessages: (id, msgs) => {
                fail(msgs);
                sync.appendMessages(id, msgs);
              },
            },
          };
    const f = await facade({}, { store });
    const c = await client(f.wsUrl());
    const { session_id } = await c.next();
    failNext = true;
    const reply = await c.say('will this be saved?');
    expect(reply).toHaveLength(1);
    expect(reply[0]).toMatchObject({ type: 'error', session_id, error: { code: 'INTERNAL_ERROR' } });
    expect(JSON.stringify(reply[0])).not.toContain('10.0.0.7');
    // The user message was stored before the failure; nothing was acknowledged that is not stored.
    expect((await memory.history(session_id)).map((m) => m.content)).toEqual(['will this be saved?']);
    failNext = false;
    expect((await c.say('again'))[0]?.type).toBe('done');
  });
});

describe('WebSocket /ws: sessions', () => {
  it('a message carrying an earlier session_id continues that session on a new connection', async () => {
    const store = createMemoryStore({ ttlMs: 60_000, maxSessionEvents: 100, maxSessions: 10 });
    const f = await facade({}, { store });
    const first = await client(f.wsUrl());
    const { session_id } = await first.next();
    await first.say('first');
    await first.close();
    const second = await client(f.wsUrl());
    const fresh = await second.next();
    expect(fresh.session_id).not.toBe(session_id);
    const reply = await second.say('second', { session_id });
    expect(reply[0]).toMatchObject({ type: 'done', session_id });
    expect((await store.history(session_id)).map((m) => m.content)).toEqual(['first', 'Echo: first', 'second', 'Echo: second']);
    expect(await store.get(fresh.session_id)).toBeNull();
  });

  it('?resume=<id> (or ?session_id=) re-attaches: connected.resumed is true', async () => {
    const f = await facade();
    const a = await client(f.wsUrl());
    const { session_id } = await a.next();
    await a.say('remember me');
    for (const q of [`?resume=${session_id}`, `?session_id=${session_id}`]) {
      const b = await client(f.wsUrl(q));
      const hello = await b.next();
      expect(hello).toMatchObject({ type: 'connected', session_id, connected: { resumed: true } });
      expect((await b.say('again'))[0]?.session_id).toBe(session_id);
    }
  });

  it('?resume=<unknown> falls back to a fresh session with resumed false', async () => {
    const f = await facade();
    const b = await client(f.wsUrl('?resume=00000000-0000-0000-0000-000000000000'));
    const hello = await b.next();
    expect(hello.connected.resumed).toBe(false);
    expect(hello.session_id).not.toBe('00000000-0000-0000-0000-000000000000');
  });

  it('an unknown session_id → SESSION_NOT_FOUND', async () => {
    const f = await facade();
    const c = await client(f.wsUrl());
    await c.next();
    const err = (await c.say('hi', { session_id: 'no-such-session' }))[0];
    expect(err).toMatchObject({ type: 'error', session_id: 'no-such-session', error: { code: 'SESSION_NOT_FOUND' } });
  });

  it('after the TTL → SESSION_EXPIRED, and the next message starts a new session', async () => {
    const clock = new TestClock();
    const f = await facade({ OMNIA_SESSION_TTL: '1m' }, { now: clock.now });
    const c = await client(f.wsUrl());
    const { session_id } = await c.next();
    await c.say('before');
    clock.advance(61_000);
    const err = (await c.say('after', { session_id }))[0];
    expect(err).toMatchObject({ type: 'error', session_id, error: { code: 'SESSION_EXPIRED' } });
    const fresh = (await c.say('new start'))[0];
    expect(fresh?.type).toBe('done');
    expect(fresh?.session_id).not.toBe(session_id);
  });

  it('the connection session expiring mid-connection → SESSION_EXPIRED without a session_id too', async () => {
    const clock = new TestClock();
    const f = await facade({ OMNIA_SESSION_TTL: '1m' }, { now: clock.now });
    const c = await client(f.wsUrl());
    const { session_id } = await c.next();
    await c.say('before');
    clock.advance(61_000);
    expect((await c.say('after'))[0]).toMatchObject({ session_id, error: { code: 'SESSION_EXPIRED' } });
  });
});

describe('WebSocket /ws: HTTP before the upgrade and limits', () => {
  it('refuses other paths (404), another agent (404) and plain GET /ws (426)', async () => {
    const f = await facade();
    expect(await upgradeStatus(`ws://127.0.0.1:${f.port}/other`)).toBe(404);
    expect(await upgradeStatus(f.wsUrl('?agent=someone-else'))).toBe(404);
    expect(await upgradeStatus(f.wsUrl('?namespace=team-b'))).toBe(404);
    expect((await fetch(`http://127.0.0.1:${f.port}/ws`)).status).toBe(426);
  });

  it('answers 503 past OMNIA_MAX_CONNECTIONS and accepts again once one closes', async () => {
    const f = await facade({ OMNIA_MAX_CONNECTIONS: '2' });
    const a = await client(f.wsUrl());
    await client(f.wsUrl());
    expect(await upgradeStatus(f.wsUrl())).toBe(503);
    await a.close();
    await new Promise((r) => setTimeout(r, 50));
    expect(await upgradeStatus(f.wsUrl())).toBe(101);
  });

  it('terminates a peer that stops answering pings', async () => {
    const f = await facade({ OMNIA_PING_INTERVAL: '100ms' });
    const deaf = await client(f.wsUrl(), undefined, { autoPong: false });
    const lively = await client(f.wsUrl());
    const closed = await deaf.closed;
    expect(closed.code).toBe(1006);
    expect(lively.ws.readyState).toBe(lively.ws.OPEN);
  });

  it('with the pings spread over a 1 s interval (10 slices) the deaf peers are still cut off and the lively ones kept', async () => {
    const f = await facade({ OMNIA_PING_INTERVAL: '1s' });
    const deaf = await Promise.all(Array.from({ length: 12 }, () => client(f.wsUrl(), undefined, { autoPong: false })));
    const lively = await Promise.all(Array.from({ length: 12 }, () => client(f.wsUrl())));
    const codes = await Promise.all(deaf.map(async (d) => (await d.closed).code));
    expect(codes.every((c) => c === 1006)).toBe(true);
    expect(lively.every((l) => l.ws.readyState === l.ws.OPEN)).toBe(true);
  });

  it('closes a connection that sends nothing for OMNIA_IDLE_TIMEOUT with 4000 "idle timeout", and it stops counting', async () => {
    const f = await facade({ OMNIA_IDLE_TIMEOUT: '200ms' });
    const c = await client(f.wsUrl());
    await c.next();
    const active = async () => metricValue((await f.health('/metrics')).text, 'omnia_agent_connections_active', { agent: 'support', namespace: 'team-a' });
    expect(await active()).toBe(1);
    expect(await c.closed).toEqual({ code: 4000, reason: 'idle timeout' });
    await expect.poll(active).toBe(0);
  });

  it('a reply in progress is not idleness: the silence counts from its end', async () => {
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    const handler: Handler = {
      name: 'slow',
      async *converse() {
        await released;
        yield { type: 'done', content: 'finally' };
      },
      healthy: async () => true,
    };
    // 1 s, not 200 ms: on a loaded machine the message could reach the facade
    // more than 200 ms after the upgrade, and the busy client would be idle before it.
    const f = await facade({ OMNIA_IDLE_TIMEOUT: '1s' }, { handler });
    const busy = await client(f.wsUrl());
    await busy.next();
    busy.send({ type: 'message', content: 'take your time' });
    // A client connected after the message was sent and closed as idle: more than
    // the timeout has passed since the busy client's last frame.
    const witness = await client(f.wsUrl());
    expect((await witness.closed).code).toBe(4000);
    expect(busy.ws.readyState).toBe(busy.ws.OPEN);
    release();
    expect((await busy.untilReply()).at(-1)).toMatchObject({ type: 'done', content: 'finally' });
    expect(await busy.closed).toEqual({ code: 4000, reason: 'idle timeout' });
  });
});
