import { connect } from 'node:net';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scriptFor } from '../../../src/facade/handlers/demo.js';
import type { Handler } from '../../../src/facade/handlers/types.js';
import { createMemoryStore } from '../../../src/facade/sessions/memory.js';
import type { SessionStore } from '../../../src/facade/sessions/types.js';
import { startFacade, type Running } from '../helpers.js';

// The OpenAI-compatible surface with the official `openai` client, baseURL =
// the facade: a completion, a stream (with usage when asked), the model list,
// sessions through X-Omnia-Session-Id, and errors in OpenAI's shape.

describe('OpenAI-compatible API on the facade (official openai client)', () => {
  let facade: Running;
  let store: SessionStore;
  let client: OpenAI;

  beforeAll(async () => {
    store = createMemoryStore({ ttlMs: 60_000, maxSessionEvents: 100, maxSessions: 100 });
    facade = await startFacade({ OMNIA_HANDLER_MODE: 'demo' }, { store });
    client = new OpenAI({ baseURL: `http://127.0.0.1:${facade.port}/v1`, apiKey: 'unused', maxRetries: 0 });
  });
  afterAll(async () => {
    await facade.facade.close();
    await store.close();
  });

  it('answers a chat.completion with usage; the tool call of the agent stays inside', async () => {
    const { data, response } = await client.chat.completions
      .create({ model: 'support', messages: [{ role: 'user', content: 'what is the weather in Paris' }] })
      .withResponse();
    expect(data.object).toBe('chat.completion');
    expect(data.model).toBe('support');
    expect(data.choices[0]?.message).toMatchObject({ role: 'assistant', content: scriptFor('what is the weather in Paris').reply });
    expect(data.choices[0]?.finish_reason).toBe('stop');
    expect(data.choices[0]?.message.tool_calls).toBeUndefined();
    expect(data.usage).toEqual({ prompt_tokens: expect.any(Number), completion_tokens: expect.any(Number), total_tokens: expect.any(Number) });
    const sessionId = response.headers.get('x-omnia-session-id')!;
    const audit = await store.audit(sessionId);
    expect(audit?.session.tags).toEqual(['openai']);
    expect(audit?.messages.map((m) => m.role)).toEqual(['user', 'assistant']);
    expect(audit?.toolCalls.map((t) => t.name)).toEqual(['get_weather']);
  });

  it('streams chat.completion.chunk events ending in [DONE], usage last when include_usage', async () => {
    const stream = await client.chat.completions.create({
      model: 'support',
      messages: [{ role: 'user', content: 'hello' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks = [];
    for await (const c of stream) chunks.push(c);
    expect(chunks.every((c) => c.object === 'chat.completion.chunk')).toBe(true);
    expect(chunks[0]?.choices[0]?.delta.role).toBe('assistant');
    const text = chunks.map((c) => c.choices[0]?.delta.content ?? '').join('');
    expect(text).toBe(scriptFor('hello').reply);
    expect(chunks.filter((c) => c.choices[0]?.delta.content).length).toBeGreaterThan(1);
    expect(chunks.at(-2)?.choices[0]?.finish_reason).toBe('stop');
    const last = chunks.at(-1)!;
    expect(last.choices).toEqual([]);
    expect(last.usage).toMatchObject({ total_tokens: expect.any(Number) });
  });

  it('streams without a usage chunk when include_usage is not asked, and the raw stream ends with [DONE]', async () => {
    const res = await fetch(`http://127.0.0.1:${facade.port}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'support', messages: [{ role: 'user', content: 'hi' }], stream: true }),
    });
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const events = (await res.text()).split('\n\n').filter((e) => e !== '');
    expect(events.at(-1)).toBe('data: [DONE]');
    const parsed = events.slice(0, -1).map((e) => JSON.parse(e.replace(/^data: /, '')));
    expect(parsed.every((c) => c.choices.length === 1 && !('usage' in c))).toBe(true);
  });

  it('lists the agent as the one model', async () => {
    const models = [];
    for await (const m of client.models.list()) models.push(m);
    expect(models).toEqual([{ id: 'support', object: 'model', created: expect.any(Number), owned_by: 'team-a' }]);
    expect((await client.models.retrieve('support')).id).toBe('support');
    await expect(client.models.retrieve('gpt-4o')).rejects.toBeInstanceOf(OpenAI.NotFoundError);
  });

  it('reads an absolute-form target (as a forward proxy sends it) like every other route', async () => {
    // fetch always sends origin-form, so the request line is written by hand.
    const ask = (target: string) =>
      new Promise<string>((resolve, reject) => {
        const socket = connect(facade.port, '127.0.0.1', () => socket.end(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`));
        let text = '';
        socket.setEncoding('utf8').on('data', (c: string) => (text += c)).on('end', () => resolve(text)).on('error', reject);
      });
    const base = `http://127.0.0.1:${facade.port}`;
    const list = await ask(`${base}/v1/models?limit=5`);
    expect(list).toMatch(/^HTTP\/1\.1 200/);
    expect(JSON.parse(list.slice(list.indexOf('\r\n\r\n') + 4)).data[0].id).toBe('support');
    const one = await ask(`${base}/v1/models/support`);
    expect(one).toMatch(/^HTTP\/1\.1 200/);
    expect(JSON.parse(one.slice(one.indexOf('\r\n\r\n') + 4)).id).toBe('support');
  });

  it('resumes a session named by X-Omnia-Session-Id: the stored history, not the request\'s, is the context', async () => {
    const first = await client.chat.completions.create({ model: 'support', messages: [{ role: 'user', content: 'hello' }] }).withResponse();
    const sessionId = first.response.headers.get('x-omnia-session-id')!;
    const second = await client.chat.completions
      .create({ model: 'support', messages: [{ role: 'user', content: 'ignored' }, { role: 'user', content: 'hi again' }] }, { headers: { 'X-Omnia-Session-Id': sessionId } })
      .withResponse();
    expect(second.response.headers.get('x-omnia-session-id')).toBe(sessionId);
    const audit = await store.audit(sessionId);
    expect(audit?.messages.map((m) => m.content)).toEqual(['hello', scriptFor('hello').reply, 'hi again', scriptFor('hi again').reply]);
  });

  it('stores the earlier messages of a new conversation ahead of the turn', async () => {
    const { response } = await client.chat.completions
      .create({ model: 'support', messages: [{ role: 'system', content: 'be brief' }, { role: 'user', content: 'hi' }, { role: 'assistant', content: 'hello!' }, { role: 'user', content: 'hey' }] })
      .withResponse();
    const audit = await store.audit(response.headers.get('x-omnia-session-id')!);
    expect(audit?.messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user', 'assistant']);
  });

  it('refuses in OpenAI\'s error shape: unknown model 404, bad messages 400', async () => {
    const wrong = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(OpenAI.NotFoundError);
    expect((wrong as InstanceType<typeof OpenAI.APIError>).code).toBe('model_not_found');
    const bad = await client.chat.completions.create({ model: 'support', messages: [{ role: 'assistant', content: 'hi' }] }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(OpenAI.BadRequestError);
    const res = await fetch(`http://127.0.0.1:${facade.port}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: { message: expect.any(String), type: 'invalid_request_error', param: null, code: 'invalid_json' } });
  });
});

describe('a failing agent through the openai client', () => {
  const failing: Handler = {
    name: 'failing',
    async *converse() {
      yield { type: 'chunk', content: 'partial ' };
      yield { type: 'error', code: 'AGENT_UNAVAILABLE', message: 'the model provider is down' };
    },
    healthy: async () => true,
  };
  let facade: Running;
  let client: OpenAI;
  beforeAll(async () => {
    facade = await startFacade({}, { handler: failing });
    client = new OpenAI({ baseURL: `http://127.0.0.1:${facade.port}/v1`, apiKey: 'unused', maxRetries: 0 });
  });
  afterAll(() => facade.facade.close());

  it('answers 503 server_error without streaming', async () => {
    const err = await client.chat.completions.create({ model: 'support', messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.InternalServerError);
    expect((err as InstanceType<typeof OpenAI.APIError>).status).toBe(503);
    expect((err as InstanceType<typeof OpenAI.APIError>).message).toContain('the model provider is down');
  });

  it('raises the error event the stream ends with', async () => {
    const stream = await client.chat.completions.create({ model: 'support', messages: [{ role: 'user', content: 'hi' }], stream: true });
    const got: string[] = [];
    const err = await (async () => {
      for await (const c of stream) got.push(c.choices[0]?.delta.content ?? '');
    })().catch((e: unknown) => e);
    expect(got.join('')).toBe('partial ');
    expect(err).toBeInstanceOf(OpenAI.APIError);
    expect((err as Error).message).toContain('the model provider is down');
  });
});
