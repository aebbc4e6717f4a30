import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { converseEventSchema, errorBodySchema, healthSchema, invokeResponseSchema } from './schemas.js';

// The runtime protocol's conformance checks, for any implementation at a base
// URL: ours (started with the mock provider) or a custom framework image
// (OMNIA_CONFORMANCE_URL). They check the protocol, never a model's wording.

const ajv = new Ajv({ allErrors: true });
const isEvent = ajv.compile(converseEventSchema);
const isInvoke = ajv.compile(invokeResponseSchema);
const isErrorBody = ajv.compile(errorBodySchema);
const isHealth = ajv.compile(healthSchema);

function explain(validate: { errors?: unknown }): string {
  return JSON.stringify(validate.errors);
}

export function defineConformanceSuite(baseUrl: () => string): void {
  const url = (path: string) => `${baseUrl()}${path}`;
  const postJson = (path: string, body: unknown) =>
    fetch(url(path), { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });

  async function converseEvents(messages: unknown[]): Promise<Record<string, unknown>[]> {
    const res = await postJson('/v1/converse', { session_id: 'conformance-1', messages });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
    const text = await res.text();
    expect(text.endsWith('\n')).toBe(true);
    const events = text
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    for (const ev of events) expect(isEvent(ev), `${JSON.stringify(ev)}: ${explain(isEvent)}`).toBe(true);
    return events;
  }

  function checkTurn(events: Record<string, unknown>[]): void {
    const terminal = events.filter((e) => e.type === 'done' || e.type === 'error');
    expect(terminal, 'exactly one done or error event').toHaveLength(1);
    expect(events.at(-1)).toBe(terminal[0]);
    const done = terminal[0]!;
    if (done.type === 'done') {
      const chunks = events.filter((e) => e.type === 'chunk').map((e) => e.content as string).join('');
      expect(done.content, 'done.content is the concatenation of the chunks').toBe(chunks);
    }
    // Every tool_result answers an earlier tool_call.
    const calls = new Set<string>();
    for (const ev of events) {
      if (ev.type === 'tool_call') calls.add(ev.id as string);
      if (ev.type === 'tool_result') expect(calls.has(ev.id as string)).toBe(true);
    }
  }

  async function expectError(res: Response, status: number): Promise<void> {
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const body = await res.json();
    expect(isErrorBody(body), explain(isErrorBody)).toBe(true);
  }

  describe('runtime protocol conformance', () => {
    it('GET /healthz answers 200 {"status":"ok"}', async () => {
      const res = await fetch(url('/healthz'));
      expect(res.status).toBe(200);
      const body = await res.json();
      expect(isHealth(body), explain(isHealth)).toBe(true);
    });

    it('converse streams NDJSON events ending in exactly one done or error', async () => {
      checkTurn(await converseEvents([{ role: 'user', content: 'Hello, conformance.' }]));
    });

    it('converse accepts a history of every role', async () => {
      checkTurn(
        await converseEvents([
          { role: 'system', content: 'Reply briefly.' },
          { role: 'user', content: 'First question.' },
          { role: 'assistant', content: 'First answer.' },
          { role: 'tool', content: '{"earlier":"tool output"}' },
          { role: 'user', content: 'Second question.' },
        ]),
      );
    });

    it('converse serves concurrent turns', async () => {
      const turns = await Promise.all(Array.from({ length: 5 }, (_, i) => converseEvents([{ role: 'user', content: `turn ${i}` }])));
      for (const t of turns) checkTurn(t);
    });

    it('converse refuses bad requests with 400/415 and an error body', async () => {
      await expectError(await postJson('/v1/converse', '{not json'), 400);
      await expectError(await postJson('/v1/converse', { session_id: 'c', messages: [] }), 400);
      await expectError(await postJson('/v1/converse', { messages: [{ role: 'user', content: 'x' }] }), 400);
      await expectError(await postJson('/v1/converse', { session_id: 'c', messages: [{ role: 'user', content: 1 }] }), 400);
      await expectError(
        await postJson('/v1/converse', { session_id: 'c', messages: [{ role: 'user', content: 'a' }, { role: 'assistant', content: 'b' }] }),
        400,
      );
      await expectError(await fetch(url('/v1/converse'), { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hi' }), 415);
    });

    it('invoke answers output, raw_output, usage and duration_ms', async () => {
      const res = await postJson('/v1/invoke', { input: { text: 'conformance' }, invocation_id: 'conf-1' });
      expect(res.status).toBe(200);
      const body = await res.json();
      expect(isInvoke(body), explain(isInvoke)).toBe(true);
    });

    it('invoke refuses a body without input', async () => {
      await expectError(await postJson('/v1/invoke', { nope: true }), 400);
    });

    it('unknown paths are 404 and wrong methods 405, with error bodies', async () => {
      await expectError(await fetch(url('/v1/unknown')), 404);
      await expectError(await fetch(url('/v1/converse')), 405);
      await expectError(await fetch(url('/v1/invoke')), 405);
    });
  });
}
