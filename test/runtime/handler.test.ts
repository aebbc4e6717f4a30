import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntimeHandler, RuntimeCallError } from '../../src/facade/handlers/runtime.js';
import type { HandlerEvent, Turn } from '../../src/facade/handlers/types.js';
import type { StartedRuntime } from '../../src/runtime/start.js';
import { startFakeOpenAI } from '../support/fake-vendors/openai.js';
import type { FakeVendor } from '../support/fake-vendors/server.js';
import { startToolServer, type ToolServer } from '../support/fake-vendors/tool-server.js';
import { makeFixture, start, type Fixture } from './helpers.js';

// The facade's `runtime` handler against a real runtime over loopback, and
// against runtimes that misbehave.

function turn(content: string, history: Turn['history'] = [], signal = new AbortController().signal): Turn {
  return { sessionId: 'sess-1', content, history, signal };
}

async function collect(it: AsyncIterable<HandlerEvent>): Promise<HandlerEvent[]> {
  const out: HandlerEvent[] = [];
  for await (const ev of it) out.push(ev);
  return out;
}

async function rawServer(handler: http.RequestListener): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

describe('runtime handler against our runtime', () => {
  let fixture: Fixture;
  let tools: ToolServer;
  let rt: StartedRuntime;

  beforeAll(async () => {
    tools = await startToolServer();
    fixture = makeFixture({ tools: { tools: [{ name: 'weather', type: 'http', endpoint: `${tools.url}/weather` }] }, fn: { outputSchema: { type: 'object' } } });
    rt = await start(fixture.env());
  });
  afterAll(async () => {
    await rt?.close();
    await tools?.close();
    fixture?.cleanup();
  });

  it('streams chunks, tool events and done with usage as HandlerEvents', async () => {
    const h = createRuntimeHandler({ address: rt.url });
    const events = await collect(h.converse(turn('weather {"city":"Lima"}')));
    expect(events).toEqual([
      { type: 'tool_call', id: 'mock_call_1', name: 'weather', arguments: { city: 'Lima' } },
      { type: 'tool_result', id: 'mock_call_1', result: { city: 'Lima', forecast: 'sunny', celsius: 21 } },
      { type: 'chunk', content: 'weather ' },
      { type: 'chunk', content: 'returned: ' },
      { type: 'chunk', content: '{"city":"Lima","forecast":"sunny","celsius":21}' },
      {
        type: 'done',
        content: 'weather returned: {"city":"Lima","forecast":"sunny","celsius":21}',
        usage: { input_tokens: expect.any(Number), output_tokens: expect.any(Number), cost_usd: 0 },
        model: 'mock',
        provider: 'mock',
      },
    ]);
  });

  it('invokes in function mode', async () => {
    const h = createRuntimeHandler({ address: rt.url });
    const r = await h.invoke!({ text: 'ping' }, { invocationId: 'i1', signal: new AbortController().signal });
    expect(r).toEqual({ output: { echo: 'ping' }, rawOutput: '{"echo":"ping"}', usage: { input_tokens: expect.any(Number), output_tokens: 4, cost_usd: 0 }, model: 'mock', provider: 'mock', toolCalls: [] });
  });

  it('reports healthy, and caches the answer briefly', async () => {
    const other = await start(fixture.env());
    const h = createRuntimeHandler({ address: other.url, healthCacheMs: 60_000 });
    const fresh = createRuntimeHandler({ address: other.url, healthCacheMs: 0 });
    expect(await h.healthy()).toBe(true);
    expect(await fresh.healthy()).toBe(true);
    await other.close();
    expect(await h.healthy()).toBe(true); // cached
    expect(await fresh.healthy()).toBe(false);
  });

  it('sends the history and the new turn to the runtime', async () => {
    const fake: FakeVendor = await startFakeOpenAI([{ text: 'ok' }]);
    const withVendor = await start(fixture.env({ OMNIA_PROVIDER_TYPE: 'openai', OPENAI_API_KEY: 'k', OMNIA_PROVIDER_BASE_URL: `${fake.url}/v1` }));
    try {
      const h = createRuntimeHandler({ address: withVendor.url });
      const events = await collect(
        h.converse(turn('and now?', [
          { role: 'user', content: 'first' },
          { role: 'assistant', content: 'reply one' },
        ])),
      );
      expect(events.at(-1)).toMatchObject({ type: 'done', content: 'ok' });
      expect(fake.requests[0]!.body.messages.slice(1)).toEqual([
        { role: 'user', content: 'first' },
        { role: 'assistant', content: 'reply one' },
        { role: 'user', content: 'and now?' },
      ]);
    } finally {
      await withVendor.close();
      await fake.close();
    }
  });
});

describe('runtime handler when the runtime misbehaves', () => {
  it('turns an unreachable runtime into AGENT_UNAVAILABLE and healthy() false', async () => {
    const dead = await rawServer(() => undefined);
    const url = dead.url;
    await dead.close();
    const h = createRuntimeHandler({ address: url });
    const events = await collect(h.converse(turn('hi')));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'error', code: 'AGENT_UNAVAILABLE' });
    expect((events[0] as { message: string }).message).toMatch(/not reachable/);
    expect(await h.healthy()).toBe(false);
    await expect(h.invoke!({}, { invocationId: 'x', signal: new AbortController().signal })).rejects.toMatchObject({
      name: 'RuntimeCallError',
      code: 'AGENT_UNAVAILABLE',
    });
  });

  it('reports a stream that stops mid-turn, a refused turn and a malformed event', async () => {
    const srvMode = { value: 'cut' };
    const srv = await rawServer((req, res) => {
      if (req.url === '/v1/invoke') {
        res.writeHead(502, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            error: 'runtime_error',
            code: 'RATE_LIMITED',
            detail: 'slow down',
            tool_calls: [{ id: 'c1', name: 'weather', arguments: { city: 'Oslo' }, result: { forecast: 'sunny' }, duration_ms: 4 }, 'junk'],
            usage: { input_tokens: 30, output_tokens: 7, cost_usd: 0.0255 },
            model: 'gpt-test',
            provider: 'openai',
          }),
        );
        return;
      }
      req.resume();
      if (srvMode.value === 'cut') {
        res.writeHead(200, { 'content-type': 'application/x-ndjson' });
        res.write('{"type":"chunk","content":"par"}\n');
        setTimeout(() => res.socket?.destroy(), 10);
      } else if (srvMode.value === 'draining') {
        res.writeHead(503, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: 'draining', detail: 'the runtime is shutting down' }));
      } else {
        res.writeHead(200, { 'content-type': 'application/x-ndjson' });
        res.end('{"type":"chunk","content":"a"}\nnot json\n');
      }
    });
    try {
      const h = createRuntimeHandler({ address: srv.url });
      const cut = await collect(h.converse(turn('hi')));
      expect(cut[0]).toEqual({ type: 'chunk', content: 'par' });
      expect(cut.at(-1)).toMatchObject({ type: 'error', code: 'AGENT_UNAVAILABLE' });

      srvMode.value = 'draining';
      expect(await collect(h.converse(turn('hi')))).toEqual([
        { type: 'error', code: 'AGENT_UNAVAILABLE', message: 'the agent runtime refused the turn: the runtime is shutting down' },
      ]);

      srvMode.value = 'malformed';
      expect((await collect(h.converse(turn('hi')))).at(-1)).toEqual({ type: 'error', code: 'INTERNAL_ERROR', message: 'the agent runtime sent a malformed event' });

      const err = await h.invoke!({}, { invocationId: 'x', signal: new AbortController().signal }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RuntimeCallError);
      expect(err).toMatchObject({ message: 'slow down', status: 502, code: 'RATE_LIMITED' });
      // The tools the runtime ran before failing come through, mapped like a success's.
      expect((err as RuntimeCallError).toolCalls).toEqual([{ id: 'c1', name: 'weather', arguments: { city: 'Oslo' }, result: { forecast: 'sunny' }, durationMs: 4 }]);
      // So does what the completed model calls spent, for the audit's provider call row.
      expect(err).toMatchObject({ usage: { input_tokens: 30, output_tokens: 7, cost_usd: 0.0255 }, model: 'gpt-test', provider: 'openai' });
    } finally {
      await srv.close();
    }
  });

  it("drops a failed invoke's usage that is not token counts, and its model and provider with it", async () => {
    const bodies: Record<string, unknown>[] = [
      { error: 'runtime_error', detail: 'junk usage', usage: 'lots', model: 'gpt-test', provider: 'openai' },
      { error: 'runtime_error', detail: 'no tokens', usage: { cost_usd: 1 }, model: 'gpt-test' },
      { error: 'runtime_error', detail: 'no usage', model: 'gpt-test', provider: 'openai' },
      { error: 'runtime_error', detail: 'no cost', usage: { input_tokens: 3, output_tokens: 1 }, model: '', provider: 'openai' },
    ];
    let i = 0;
    const srv = await rawServer((req, res) => {
      req.resume();
      res.writeHead(502, { 'content-type': 'application/json' });
      res.end(JSON.stringify(bodies[i++]));
    });
    try {
      const h = createRuntimeHandler({ address: srv.url });
      const fail = async (): Promise<RuntimeCallError> => {
        const err = await h.invoke!({}, { invocationId: 'x', signal: new AbortController().signal }).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(err).toBeInstanceOf(RuntimeCallError);
        return err as RuntimeCallError;
      };
      for (const detail of ['junk usage', 'no tokens', 'no usage']) {
        const err = await fail();
        expect(err.message).toBe(detail);
        expect([err.usage, err.model, err.provider]).toEqual([undefined, undefined, undefined]);
      }
      const err = await fail();
      expect([err.usage, err.model, err.provider]).toEqual([{ input_tokens: 3, output_tokens: 1, cost_usd: 0 }, undefined, 'openai']);
    } finally {
      await srv.close();
    }
  });

  it("maps a custom runtime's tool_calls, dropping malformed entries and absent when not sent", async () => {
    const withCalls = { value: true };
    const srv = await rawServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const body: Record<string, unknown> = { output: { a: 1 }, raw_output: '{"a":1}', usage: { input_tokens: 1, output_tokens: 1, cost_usd: 0 }, duration_ms: 1 };
      if (withCalls.value) {
        body.tool_calls = [
          { id: 'c1', name: 'weather', arguments: { city: 'Oslo' }, result: null, duration_ms: 7 },
          { id: 'c2', name: 'broken', arguments: 'not an object', error: 'HTTP 500', duration_ms: -1 },
          { name: 'no id' },
          'junk',
        ];
      }
      res.end(JSON.stringify(body));
    });
    try {
      const h = createRuntimeHandler({ address: srv.url });
      const r = await h.invoke!({}, { invocationId: 'x', signal: new AbortController().signal });
      expect(r.toolCalls).toEqual([
        { id: 'c1', name: 'weather', arguments: { city: 'Oslo' }, result: null, durationMs: 7 },
        { id: 'c2', name: 'broken', arguments: {}, error: 'HTTP 500', durationMs: 0 },
      ]);
      withCalls.value = false;
      expect('toolCalls' in (await h.invoke!({}, { invocationId: 'y', signal: new AbortController().signal }))).toBe(false);
    } finally {
      await srv.close();
    }
  });

  it("passes a failed turn's usage, model and provider on with the error, and drops usage that is not token counts", async () => {
    const usage = { input_tokens: 30, output_tokens: 7, cost_usd: 0.0255 };
    const errors: Record<string, unknown>[] = [
      { type: 'error', code: 'AGENT_UNAVAILABLE', message: 'spent', usage, model: 'gpt-test', provider: 'openai' },
      { type: 'error', code: 'AGENT_UNAVAILABLE', message: 'no cost', usage: { input_tokens: 3, output_tokens: 1 }, model: '', provider: 'openai' },
      { type: 'error', code: 'AGENT_UNAVAILABLE', message: 'junk usage', usage: 'lots', model: 'gpt-test', provider: 'openai' },
      { type: 'error', code: 'AGENT_UNAVAILABLE', message: 'no tokens', usage: { cost_usd: 1 }, model: 'gpt-test' },
      { type: 'error', code: 'RATE_LIMITED', message: 'nothing spent', model: 'gpt-test', provider: 'openai' },
    ];
    let i = 0;
    const srv = await rawServer((req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'application/x-ndjson' });
      res.end(`{"type":"chunk","content":"Let me check."}\n${JSON.stringify(errors[i++])}\n`);
    });
    try {
      const h = createRuntimeHandler({ address: srv.url });
      const lastOf = async (): Promise<HandlerEvent> => (await collect(h.converse(turn('hi')))).at(-1)!;
      expect(await lastOf()).toEqual({ type: 'error', code: 'AGENT_UNAVAILABLE', message: 'spent', usage, model: 'gpt-test', provider: 'openai' });
      // A missing cost is 0 (as for a failed invoke); an empty model says nothing.
      expect(await lastOf()).toEqual({ type: 'error', code: 'AGENT_UNAVAILABLE', message: 'no cost', usage: { input_tokens: 3, output_tokens: 1, cost_usd: 0 }, provider: 'openai' });
      // Without usable token counts nothing was spent that could be recorded: model and provider go too.
      expect(await lastOf()).toEqual({ type: 'error', code: 'AGENT_UNAVAILABLE', message: 'junk usage' });
      expect(await lastOf()).toEqual({ type: 'error', code: 'AGENT_UNAVAILABLE', message: 'no tokens' });
      expect(await lastOf()).toEqual({ type: 'error', code: 'RATE_LIMITED', message: 'nothing spent' });
    } finally {
      await srv.close();
    }
  });

  it('ends quietly when the turn is aborted', async () => {
    const srv = await rawServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/x-ndjson' });
      res.write('{"type":"chunk","content":"thinking"}\n');
      // never finishes on its own
    });
    try {
      const h = createRuntimeHandler({ address: srv.url });
      const ac = new AbortController();
      const events: HandlerEvent[] = [];
      for await (const ev of h.converse(turn('hi', [], ac.signal))) {
        events.push(ev);
        ac.abort();
      }
      expect(events).toEqual([{ type: 'chunk', content: 'thinking' }]);
    } finally {
      await srv.close();
    }
  });
});
