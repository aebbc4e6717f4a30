import { spawnSync } from 'node:child_process';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMockProvider } from '../../src/runtime/providers/mock.js';
import type { Provider } from '../../src/runtime/providers/types.js';
import { startRuntime, type StartedRuntime } from '../../src/runtime/start.js';
import { startToolServer, type ToolServer } from '../support/fake-vendors/tool-server.js';
import { request } from '../shared/http/loopback.js';
import { converse, last, makeFixture, say, start, type Fixture } from './helpers.js';

// The runtime's HTTP surface with the mock provider: routes, refusals of bad
// requests, the mock's scripted replies and tool calls, and start-up errors.

describe('runtime HTTP server (mock provider)', () => {
  let fixture: Fixture;
  let tools: ToolServer;
  let rt: StartedRuntime;

  beforeAll(async () => {
    tools = await startToolServer();
    fixture = makeFixture({ tools: { tools: [{ name: 'weather', type: 'http', endpoint: `${tools.url}/weather` }] } });
    rt = await start(fixture.env());
  });
  afterAll(async () => {
    await rt?.close();
    await tools?.close();
    fixture?.cleanup();
  });

  const post = (path: string, body: string, type = 'application/json') =>
    fetch(`${rt.url}${path}`, { method: 'POST', headers: { 'content-type': type }, body });

  it('answers /healthz with what it runs', async () => {
    const res = await fetch(`${rt.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', provider: 'mock', model: 'mock', prompt: 'default', packVersion: '1.2.0' });
  });

  it('refuses unknown routes, wrong methods, media types, bad JSON and oversized bodies', async () => {
    expect((await fetch(`${rt.url}/nope`)).status).toBe(404);
    const wrong = await fetch(`${rt.url}/v1/converse`);
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('POST');
    expect((await fetch(`${rt.url}/healthz`, { method: 'POST' })).status).toBe(405);
    const media = await post('/v1/converse', 'hi', 'text/plain');
    expect(media.status).toBe(415);
    expect(await media.json()).toEqual({ error: 'unsupported_media_type', detail: 'Content-Type must be application/json' });
    const bad = await post('/v1/converse', '{');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: 'invalid_request', detail: 'body is not valid JSON' });
    const big = await post('/v1/converse', JSON.stringify({ session_id: 's', messages: [{ role: 'user', content: 'x'.repeat(5 * 1024 * 1024) }] }));
    expect(big.status).toBe(413);
  });

  it('closes the connection after a refusal that leaves the body unread, and keeps it after a body it read', async () => {
    const keepAlive = new http.Agent({ keepAlive: true });
    try {
      const port = Number(new URL(rt.url).port);
      const ask = (path: string, type: string, body: string) =>
        request(port, { method: 'POST', path, headers: { 'content-type': type, 'content-length': Buffer.byteLength(body) }, agent: keepAlive }, (req) => req.end(body));
      const media = await ask('/v1/converse', 'text/plain', 'hi');
      expect([media.status, media.headers.connection]).toEqual([415, 'close']);
      const route = await ask('/nope', 'application/json', '{}');
      expect([route.status, route.headers.connection]).toEqual([404, 'close']);
      const bad = await ask('/v1/converse', 'application/json', '{');
      expect([bad.status, bad.headers.connection]).toEqual([400, 'keep-alive']);
    } finally {
      keepAlive.destroy();
    }
  });

  it('explains what is wrong with a converse body', async () => {
    const detail = async (body: unknown) => ((await (await post('/v1/converse', JSON.stringify(body))).json()) as { detail: string }).detail;
    expect(await detail({ messages: [] })).toBe('"session_id" must be a non-empty string');
    expect(await detail({ session_id: 's', messages: [] })).toBe('"messages" must be a non-empty array');
    expect(await detail({ session_id: 's', messages: [{ role: 'robot', content: 'x' }] })).toBe(
      'messages[0] must be {role: user|assistant|system|tool, content: string}',
    );
    expect(await detail({ session_id: 's', messages: [{ role: 'user', content: 'a' }, { role: 'assistant', content: 'b' }] })).toBe(
      'the last message must be the user turn (role "user")',
    );
    expect((await post('/v1/invoke', '{"nope":1}')).status).toBe(400);
  });

  it('streams the mock reply word by word, with deterministic usage', async () => {
    const res = await post('/v1/converse', JSON.stringify({ session_id: 's', messages: say('hello there') }));
    expect(res.headers.get('content-type')).toBe('application/x-ndjson');
    const lines = (await res.text()).trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.filter((l) => l.type === 'chunk').map((l) => l.content)).toEqual(['You ', 'said: ', 'hello ', 'there']);
    expect(last(lines)).toEqual({
      type: 'done',
      content: 'You said: hello there',
      usage: { input_tokens: 13, output_tokens: 6, cost_usd: 0 },
      stop_reason: 'end',
      model: 'mock',
      provider: 'mock',
    });
  });

  it('scripts a tool call when the message names a tool, with the JSON it carries as arguments', async () => {
    const events = await converse(rt.url, say('check the weather {"city":"Rome"} please'));
    expect(events[0]).toEqual({ type: 'tool_call', id: 'mock_call_1', name: 'weather', arguments: { city: 'Rome' } });
    expect(events[1]).toEqual({ type: 'tool_result', id: 'mock_call_1', result: { city: 'Rome', forecast: 'sunny', celsius: 21 } });
    expect(last(events)).toMatchObject({ type: 'done', content: 'weather returned: {"city":"Rome","forecast":"sunny","celsius":21}' });
    expect(tools.calls.at(-1)?.body).toEqual({ city: 'Rome' });
  });

  it('keeps serving after a client disconnects mid-turn', async () => {
    const ac = new AbortController();
    const res = await fetch(`${rt.url}/v1/converse`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ session_id: 's', messages: say('weather now') }),
      signal: ac.signal,
    });
    ac.abort();
    await res.body?.cancel().catch(() => undefined);
    const events = await converse(rt.url, say('still there?'));
    expect(last(events)).toMatchObject({ type: 'done', content: 'You said: still there?' });
  });
});

describe('start-up errors', () => {
  it('fails start-up when a required variable has no value in agent mode', async () => {
    const fixture = makeFixture({
      pack: {
        id: 'p',
        name: 'P',
        version: '1.0.0',
        template_engine: { version: 'v1', syntax: '{{variable}}' },
        prompts: { only: { id: 'only', name: 'O', version: '1.0.0', system_template: 'For {{company}}', variables: [{ name: 'company', type: 'string', required: true }] } },
      },
    });
    try {
      await expect(startRuntime({ env: fixture.env() })).rejects.toThrow('prompt "only": required variable "company" has no value');
      const rt = await startRuntime({ env: fixture.env({ OMNIA_PROMPT_VARIABLES: '{"company":"Initech"}' }) });
      await rt.close();
    } finally {
      fixture.cleanup();
    }
  });

  it('main.js exits 1 with one clear line when the pack is missing', () => {
    const fixture = makeFixture();
    try {
      const out = spawnSync(process.execPath, ['--import', 'tsx', 'src/runtime/main.ts'], {
        env: { ...process.env, ...fixture.env({ OMNIA_PROMPTPACK_PATH: `${fixture.dir}/missing.json` }) },
        encoding: 'utf8',
        timeout: 20_000,
      });
      expect(out.status).toBe(1);
      const line = JSON.parse(out.stdout.trim().split('\n').at(-1) as string);
      expect(line).toMatchObject({ level: 60, msg: expect.stringContaining(`runtime cannot start: cannot read the PromptPack at ${fixture.dir}/missing.json (ENOENT)`) });
    } finally {
      fixture.cleanup();
    }
  });
});

describe('draining', () => {
  it('lets a running turn finish, then stops; past the deadline it cancels', async () => {
    const fixture = makeFixture();
    const mock = createMockProvider();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    let started = 0;
    const slow: Provider = {
      name: 'slow',
      model: 'slow',
      async *stream(req) {
        started += 1;
        await gate;
        yield* mock.stream(req);
      },
    };
    const rt = await startRuntime({ env: fixture.env(), provider: slow });
    try {
      const turn = converse(rt.url, say('finish me'));
      while (started === 0) await new Promise((r) => setTimeout(r, 10));
      const closing = rt.close(10_000);
      // New work is refused while draining.
      const refused = await fetch(`${rt.url}/readyz`).then((r) => r.status, () => 'closed');
      expect([503, 'closed']).toContain(refused);
      release();
      expect(last(await turn)).toMatchObject({ type: 'done', content: 'You said: finish me' });
      await closing;
      await expect(fetch(`${rt.url}/healthz`)).rejects.toThrow();

      // A turn still running at the deadline is cancelled and the runtime stops anyway.
      const stuck: Provider = { name: 'stuck', model: 'stuck', stream: () => ({ [Symbol.asyncIterator]: () => ({ next: () => new Promise(() => undefined) }) }) };
      const rt2 = await startRuntime({ env: fixture.env(), provider: stuck });
      const res = await fetch(`${rt2.url}/v1/converse`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ session_id: 's', messages: say('never answered') }),
      });
      const body = res.text().catch(() => 'cut');
      await rt2.close(100);
      expect(await body).not.toContain('"done"');
    } finally {
      fixture.cleanup();
    }
  });
});
