import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditRecorder } from '../../../src/facade/function/index.js';
import { createMemoryStore } from '../../../src/facade/sessions/memory.js';
import type { SessionStore } from '../../../src/facade/sessions/types.js';
import { BrokenAudit, StalledAudit } from './support/audit.js';
import { ECHO_TOOL_CALLS, ECHO_USAGE, echoHandler } from './support/handlers.js';
import { postJson, startFunction, type StartedFunction } from './support/server.js';

// Every invocation is a session tagged "function" in the facade's session
// store (spec/003). The facade's own SessionStore is passed as the recorder
// unchanged: the assignment below fails to compile if the shapes drift apart.
const asRecorder = (store: SessionStore): AuditRecorder => store;

describe('audit trail in the memory session store', () => {
  let f: StartedFunction;
  const store = createMemoryStore({ ttlMs: 3_600_000, maxSessionEvents: 500, maxSessions: 1000 });
  beforeAll(async () => {
    f = await startFunction({ handler: echoHandler({ model: 'echo-model-1' }), audit: asRecorder(store), namespace: 'team-a' });
  });
  afterAll(() => f.close());

  it('200: session tagged function, input and raw output messages, provider call, completed', async () => {
    const r = await postJson(`${f.url}/functions/echo`, '{"text": "hello"}');
    expect(r.status).toBe(200);
    await f.fn.drain();
    const a = await store.audit(r.json?.invocation_id as string);
    expect(a?.session).toMatchObject({ id: r.json?.invocation_id, agent: 'echo', namespace: 'team-a', tags: ['function'], status: 'completed' });
    expect(a?.messages.map((m) => [m.role, m.content])).toEqual([
      ['user', '{"text": "hello"}'],
      ['assistant', '{"echo":"hello"}'],
    ]);
    expect(a?.providerCalls).toHaveLength(1);
    expect(a?.providerCalls[0]).toMatchObject({
      model: 'echo-model-1',
      provider: 'unknown',
      input_tokens: ECHO_USAGE.input_tokens,
      output_tokens: ECHO_USAGE.output_tokens,
      cost_usd: ECHO_USAGE.cost_usd,
    });
    expect(Number.isInteger(a?.providerCalls[0]?.duration_ms)).toBe(true);
    expect(a?.events).toEqual([]);
  });

  it('records every tool call the runtime reports, in order, with NUL made storable', async () => {
    const r = await postJson(`${f.url}/functions/echo`, { text: 'use-tools' });
    expect(r.status).toBe(200);
    await f.fn.drain();
    const a = await store.audit(r.json?.invocation_id as string);
    expect(a?.toolCalls.map(({ at: _at, ...c }) => c)).toEqual([
      { id: 'call_1', name: 'weather', arguments: { city: 'Oslo' }, result: { forecast: 'sunny', note: 'nul\uFFFDhere' }, duration_ms: 12 },
      { id: 'call_2', name: 'broken', arguments: {}, error: ECHO_TOOL_CALLS[1]!.error, duration_ms: 3 },
    ]);
    expect(a?.session.status).toBe('completed');
    // An invocation without tools leaves the trail empty.
    const plain = await postJson(`${f.url}/functions/echo`, { text: 'no tools' });
    await f.fn.drain();
    expect((await store.audit(plain.json?.invocation_id as string))?.toolCalls).toEqual([]);
  });

  it('400: input_invalid event, status error, no provider call', async () => {
    const r = await postJson(`${f.url}/functions/echo`, { text: 5 });
    expect(r.status).toBe(400);
    await f.fn.drain();
    const a = await store.audit(r.headers.get('x-invocation-id') as string);
    expect(a?.session.status).toBe('error');
    expect(a?.session.tags).toEqual(['function']);
    expect(a?.messages.map((m) => m.role)).toEqual(['user']);
    expect(a?.messages[0]?.content).toBe('{"text":5}');
    expect(a?.providerCalls).toEqual([]);
    expect(a?.events.map((e) => [e.type, e.detail])).toEqual([['function.input_invalid', { message: 'input/text must be string' }]]);
  });

  it('400 for malformed JSON keeps the text as received', async () => {
    const r = await postJson(`${f.url}/functions/echo`, '{"text": "a\u0000');
    expect(r.status).toBe(400);
    await f.fn.drain();
    const a = await store.audit(r.headers.get('x-invocation-id') as string);
    expect(a?.messages[0]?.content).toBe('{"text": "a\uFFFD');
    expect(a?.events[0]?.type).toBe('function.input_invalid');
  });

  it('502 runtime_error: event, status error, no assistant message', async () => {
    const r = await postJson(`${f.url}/functions/echo`, { text: 'explode' });
    expect(r.status).toBe(502);
    await f.fn.drain();
    const a = await store.audit(r.headers.get('x-invocation-id') as string);
    expect(a?.session.status).toBe('error');
    expect(a?.messages.map((m) => m.role)).toEqual(['user']);
    expect(a?.providerCalls).toEqual([]);
    expect(a?.events.map((e) => [e.type, e.detail])).toEqual([
      ['function.runtime_error', { message: 'runtime failed: runtime exploded' }],
    ]);
    expect(a?.toolCalls).toEqual([]);
  });

  /** A 502 runtime_error invocation of the echo function, drained; its audit. */
  async function failedInvocation(text: string, detail: string) {
    const r = await postJson(`${f.url}/functions/echo`, { text });
    expect(r.status).toBe(502);
    expect(r.json).toEqual({ error: 'runtime_error', detail });
    await f.fn.drain();
    const a = await store.audit(r.headers.get('x-invocation-id') as string);
    expect(a?.session.status).toBe('error');
    return a;
  }

  it('502 runtime_error after tools ran: the tool calls the failure carried are recorded, malformed ones dropped', async () => {
    const a = await failedInvocation('explode-after-tools', 'runtime failed: runtime exploded after tools');
    expect(a?.toolCalls.map(({ at: _at, ...c }) => c)).toEqual([
      { id: 'call_1', name: 'weather', arguments: { city: 'Oslo' }, result: { forecast: 'sunny', note: 'nul\uFFFDhere' }, duration_ms: 12 },
      { id: 'call_2', name: 'broken', arguments: {}, error: ECHO_TOOL_CALLS[1]!.error, duration_ms: 3 },
    ]);
    expect(a?.events.map((e) => e.type)).toEqual(['function.runtime_error']);
    // The failure carried no usage: no provider call is invented.
    expect(a?.providerCalls).toEqual([]);
  });

  it('502 runtime_error carrying usage: one provider call row with it, cleaned like a success\'s', async () => {
    const a = await failedInvocation('explode-after-spending', 'runtime failed: runtime exploded after spending');
    expect(a?.providerCalls.map(({ at: _at, ...c }) => c)).toEqual([
      // No model named: "unknown", as on success; the negative count becomes 0.
      { model: 'unknown', provider: 'openai', input_tokens: 12, output_tokens: 0, cost_usd: 0.0009, duration_ms: expect.any(Number) },
    ]);
    expect(a?.toolCalls.map((c) => c.id)).toEqual(['call_1']);
    expect(a?.events.map((e) => e.type)).toEqual(['function.runtime_error']);
  });

  it('502 output_invalid: the raw output, the provider call and the event are kept', async () => {
    const r = await postJson(`${f.url}/functions/echo`, { text: 'break-schema' });
    expect(r.status).toBe(502);
    await f.fn.drain();
    const a = await store.audit(r.headers.get('x-invocation-id') as string);
    expect(a?.session.status).toBe('error');
    expect(a?.messages.map((m) => [m.role, m.content])).toEqual([
      ['user', '{"text":"break-schema"}'],
      ['assistant', '{"wrong":1}'],
    ]);
    expect(a?.providerCalls).toHaveLength(1);
    expect(a?.events.map((e) => e.type)).toEqual(['function.output_invalid']);
    expect(a?.events[0]?.detail).toEqual({ message: expect.stringContaining("output must have required property 'echo'") });
  });

  it('refusals before the body is read (405/413/415) are not invocations and leave no session', async () => {
    const created: string[] = [];
    const counting: AuditRecorder = { ...asRecorder(store), create: async (session) => created.push(session.id) };
    const g = await startFunction({ handler: echoHandler(), audit: counting });
    try {
      const get = await fetch(`${g.url}/functions/echo`);
      const text = await postJson(`${g.url}/functions/echo`, '{"text":"x"}', { 'content-type': 'text/plain' });
      const big = await postJson(`${g.url}/functions/echo`, JSON.stringify({ text: 'x'.repeat(2 * 1024 * 1024) }));
      expect([get.status, text.status, big.status]).toEqual([405, 415, 413]);
      expect(get.headers.get('x-invocation-id')).toBeNull();
      await g.fn.drain();
      expect(created).toEqual([]);
      // The first request that reaches validation is an invocation.
      const bad = await postJson(`${g.url}/functions/echo`, '{}');
      expect(bad.status).toBe(400);
      await g.fn.drain();
      expect(created).toEqual([bad.headers.get('x-invocation-id')]);
    } finally {
      await g.close();
    }
  });
});

describe('a broken session store never turns a good invocation into an error', () => {
  let f: StartedFunction;
  const broken = new BrokenAudit();
  beforeAll(async () => {
    f = await startFunction({ handler: echoHandler(), audit: broken });
  });
  afterAll(() => f.close());

  it('answers 200 and counts the audit failure', async () => {
    const r = await postJson(`${f.url}/functions/echo`, { text: 'still fine' });
    expect(r.status).toBe(200);
    expect(r.json?.output).toEqual({ echo: 'still fine' });
    await f.fn.drain();
    expect(broken.attempts).toBe(1);
    const failures = await f.registry.getSingleMetric('omnia_function_audit_failures_total')?.get();
    expect(failures?.values).toEqual([{ labels: { function: 'echo', namespace: 'demo' }, value: 1 }]);
  });
});

describe('a stalled session store', () => {
  let f: StartedFunction;
  const stalled = new StalledAudit();
  beforeAll(async () => {
    f = await startFunction({ handler: echoHandler(), audit: stalled, maxPendingAudits: 2 });
  });
  afterAll(async () => {
    stalled.release();
    await f.close();
  });

  it('does not delay answers, and drops trails past the pending cap (counted)', async () => {
    const answers = [];
    for (const text of ['one', 'two', 'three']) answers.push(await postJson(`${f.url}/functions/echo`, { text }));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    // Two trails wait on the store; the third was dropped rather than queued.
    expect(stalled.created).toEqual([answers[0]?.json?.invocation_id, answers[1]?.json?.invocation_id]);
    const failures = await f.registry.getSingleMetric('omnia_function_audit_failures_total')?.get();
    expect(failures?.values[0]?.value).toBe(1);
    // Once the store answers again, drain() waits for the trails in flight.
    stalled.release();
    await f.fn.drain();
    const again = await postJson(`${f.url}/functions/echo`, { text: 'four' });
    await f.fn.drain();
    expect(stalled.created).toHaveLength(3);
    expect(stalled.created[2]).toBe(again.json?.invocation_id);
  });
});
