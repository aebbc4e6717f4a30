import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntimeHandler } from '../../../src/facade/handlers/runtime.js';
import type { ConverseEvent } from '../../../src/contract/runtime-wire.js';
import type { StartedRuntime } from '../../../src/runtime/start.js';
import { anthropicErrorBody, startFakeAnthropic } from '../../support/fake-vendors/anthropic.js';
import { geminiErrorBody, startFakeGemini } from '../../support/fake-vendors/gemini.js';
import { openaiErrorBody, startFakeOpenAI } from '../../support/fake-vendors/openai.js';
import type { FakeVendor, RecordedRequest, Reply } from '../../support/fake-vendors/server.js';
import { startToolServer, type ToolServer } from '../../support/fake-vendors/tool-server.js';
import { converse, last, makeFixture, say, start, type Fixture } from '../helpers.js';

// Each vendor through its official SDK, pointed at a loopback server that
// speaks the vendor's streaming wire format.

const KEY = 'sk-test-secret-key-0123456789';

interface VendorCase {
  type: 'claude' | 'openai' | 'gemini';
  keyEnv: string;
  startFake(script: Reply[]): Promise<FakeVendor>;
  baseURL(fake: FakeVendor): string;
  authOf(req: RecordedRequest): string | undefined;
  systemOf(req: RecordedRequest): string;
  temperatureOf(req: RecordedRequest): unknown;
  maxTokensOf(req: RecordedRequest): unknown;
  toolNamesOf(req: RecordedRequest): string[];
  /** The tool result the runtime sent back on the second request. */
  toolResultOf(req: RecordedRequest): unknown;
  error(status: number): unknown;
}

const cases: VendorCase[] = [
  {
    type: 'claude',
    keyEnv: 'ANTHROPIC_API_KEY',
    startFake: startFakeAnthropic,
    baseURL: (f) => f.url,
    // SDK 1.x sends the key as a bearer token; older ones used x-api-key.
    authOf: (r) => (r.headers['x-api-key'] as string | undefined) ?? (r.headers.authorization as string | undefined)?.replace(/^Bearer /, ''),
    systemOf: (r) => r.body.system,
    temperatureOf: (r) => r.body.temperature,
    maxTokensOf: (r) => r.body.max_tokens,
    toolNamesOf: (r) => (r.body.tools ?? []).map((t: { name: string }) => t.name),
    toolResultOf: (r) => {
      const lastMsg = r.body.messages[r.body.messages.length - 1];
      return JSON.parse(lastMsg.content[0].content);
    },
    error: (status) => anthropicErrorBody(status === 429 ? 'rate_limit_error' : 'api_error', `status ${status}`),
  },
  {
    type: 'openai',
    keyEnv: 'OPENAI_API_KEY',
    startFake: startFakeOpenAI,
    baseURL: (f) => `${f.url}/v1`,
    authOf: (r) => (r.headers.authorization as string | undefined)?.replace(/^Bearer /, ''),
    systemOf: (r) => r.body.messages[0].content,
    temperatureOf: (r) => r.body.temperature,
    maxTokensOf: (r) => r.body.max_completion_tokens,
    toolNamesOf: (r) => (r.body.tools ?? []).map((t: { function: { name: string } }) => t.function.name),
    toolResultOf: (r) => {
      const lastMsg = r.body.messages[r.body.messages.length - 1];
      expect(lastMsg.role).toBe('tool');
      return JSON.parse(lastMsg.content);
    },
    error: (status) => openaiErrorBody(status === 429 ? 'rate_limit_exceeded' : 'server_error', `status ${status}`),
  },
  {
    type: 'gemini',
    keyEnv: 'GEMINI_API_KEY',
    startFake: startFakeGemini,
    baseURL: (f) => f.url,
    authOf: (r) => r.headers['x-goog-api-key'] as string,
    systemOf: (r) => r.body.systemInstruction.parts[0].text,
    temperatureOf: (r) => r.body.generationConfig.temperature,
    maxTokensOf: (r) => r.body.generationConfig.maxOutputTokens,
    toolNamesOf: (r) => (r.body.tools?.[0]?.functionDeclarations ?? []).map((t: { name: string }) => t.name),
    toolResultOf: (r) => {
      const lastMsg = r.body.contents[r.body.contents.length - 1];
      return lastMsg.parts[0].functionResponse.response.output;
    },
    error: (status) => geminiErrorBody(status, status === 429 ? 'RESOURCE_EXHAUSTED' : 'INTERNAL', `status ${status}`),
  },
];

describe.each(cases)('$type provider', (vc) => {
  let fixture: Fixture;
  let tools: ToolServer;
  let fake: FakeVendor;
  let rt: StartedRuntime;

  beforeAll(async () => {
    tools = await startToolServer();
    fixture = makeFixture({
      agent: { instructions: 'Always be brief.', reasoningLoopMaxSteps: 4 },
      tools: {
        tools: [
          {
            name: 'weather',
            description: 'Weather for a city',
            type: 'http',
            endpoint: `${tools.url}/weather`,
            inputSchema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
            timeout: '5s',
            retries: 0,
          },
        ],
      },
    });
    fake = await vc.startFake([{ text: 'hello' }]);
    rt = await start(
      fixture.env({
        OMNIA_PROVIDER_TYPE: vc.type,
        [vc.keyEnv]: KEY,
        OMNIA_PROVIDER_BASE_URL: vc.baseURL(fake),
        OMNIA_PROVIDER_MODEL: 'test-model',
        OMNIA_PROVIDER_TEMPERATURE: '0.9',
        OMNIA_PROVIDER_INPUT_COST_PER_1K: '3',
        OMNIA_PROVIDER_OUTPUT_COST_PER_1K: '15',
        OMNIA_PROVIDER_MAX_RETRIES: '1',
      }),
    );
  });

  afterAll(async () => {
    await rt?.close();
    await fake?.close();
    await tools?.close();
    fixture?.cleanup();
  });

  function reset(script: Reply[]): void {
    fake.script = script;
    fake.requests.length = 0;
  }

  it('streams the reply in chunks with the vendor usage, priced from the env', async () => {
    reset([{ text: 'Hello there, traveller!', usage: { input: 1000, output: 2000 } }]);
    const events = await converse(rt.url, say('hi'));
    const chunks = events.filter((e) => e.type === 'chunk');
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.map((c) => (c as { content: string }).content).join('')).toBe('Hello there, traveller!');
    expect(last(events)).toEqual({
      type: 'done',
      content: 'Hello there, traveller!',
      usage: { input_tokens: 1000, output_tokens: 2000, cost_usd: 33 },
      stop_reason: 'end',
      model: 'test-model',
      provider: vc.type,
    });
    const req = fake.requests[0]!;
    expect(vc.authOf(req)).toBe(KEY);
    expect(vc.systemOf(req)).toBe('You are a helpful assistant for Acme.\n\nAlways be brief.');
    // The pack's parameters win over the provider defaults.
    expect(vc.temperatureOf(req)).toBe(0.3);
    expect(vc.maxTokensOf(req)).toBe(256);
    expect(vc.toolNamesOf(req)).toEqual(['weather']);
  });

  it('runs a tool call: vendor → HTTP tool → vendor, results handed back to the model', async () => {
    reset([
      { toolCalls: [{ name: 'weather', args: { city: 'Paris' } }], usage: { input: 10, output: 4 } },
      { text: 'Sunny in Paris.', usage: { input: 30, output: 6 } },
    ]);
    const before = tools.calls.length;
    const events = await converse(rt.url, say('weather in Paris?'));
    const types = events.map((e) => e.type);
    expect(types.slice(0, 2)).toEqual(['tool_call', 'tool_result']);
    const call = events[0] as Extract<ConverseEvent, { type: 'tool_call' }>;
    expect(call).toMatchObject({ name: 'weather', arguments: { city: 'Paris' } });
    expect(events[1]).toEqual({ type: 'tool_result', id: call.id, result: { city: 'Paris', forecast: 'sunny', celsius: 21 } });
    expect(tools.calls.slice(before)).toEqual([{ path: '/weather', body: { city: 'Paris' }, contentType: 'application/json' }]);
    expect(last(events)).toMatchObject({ type: 'done', content: 'Sunny in Paris.', usage: { input_tokens: 40, output_tokens: 10 } });
    expect(fake.requests).toHaveLength(2);
    expect(vc.toolResultOf(fake.requests[1]!)).toEqual({ city: 'Paris', forecast: 'sunny', celsius: 21 });
  });

  it('retries a 429 that carries retry-after, then answers', async () => {
    reset([{ status: 429, headers: { 'retry-after': '1' }, body: vc.error(429) }, { text: 'after the wait' }]);
    const events = await converse(rt.url, say('hi'));
    expect(last(events)).toMatchObject({ type: 'done', content: 'after the wait' });
    expect(fake.requests).toHaveLength(2);
  });

  it('turns repeated 500s into a clear error after the bounded retries', async () => {
    reset([{ status: 500, body: vc.error(500) }]);
    const events = await converse(rt.url, say('hi'));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'error', code: 'AGENT_UNAVAILABLE' });
    expect((events[0] as { message: string }).message).toMatch(/500/);
    expect(fake.requests).toHaveLength(2); // the first call plus OMNIA_PROVIDER_MAX_RETRIES=1
  });

  it('reports a stream cut mid-reply as an error after the partial chunks', async () => {
    reset([{ cut: 'Partial ans' }]);
    const events = await converse(rt.url, say('hi'));
    const end = last(events);
    expect(end).toMatchObject({ type: 'error', code: 'AGENT_UNAVAILABLE' });
    expect((end as { message: string }).message).toMatch(/cut|ended before/);
    expect(events.some((e) => e.type === 'done')).toBe(false);
  });

  it('says the key was rejected on 401 without echoing the key', async () => {
    reset([{ status: 401, body: { error: { message: `Incorrect API key provided: ${KEY}` } } }]);
    const events = await converse(rt.url, say('hi'));
    expect(events[0]).toMatchObject({ type: 'error', code: 'AGENT_UNAVAILABLE' });
    const message = (events[0] as { message: string }).message;
    expect(message).toMatch(/rejected the API key \(HTTP 401\)/);
    expect(message).not.toContain(KEY);
    expect(fake.requests).toHaveLength(1); // never retried
  });
});

describe('claude in-stream error events', () => {
  it('maps an overloaded_error event after the 200 to AGENT_UNAVAILABLE', async () => {
    const fixture = makeFixture();
    const fake = await startFakeAnthropic([{ streamError: { type: 'overloaded_error', message: 'Overloaded' } }]);
    const rt = await start(fixture.env({ OMNIA_PROVIDER_TYPE: 'claude', ANTHROPIC_API_KEY: KEY, OMNIA_PROVIDER_BASE_URL: fake.url }));
    try {
      const events = await converse(rt.url, say('hi'));
      expect(events).toEqual([{ type: 'error', code: 'AGENT_UNAVAILABLE', message: 'claude reported overloaded_error during the reply; please retry' }]);
    } finally {
      await rt.close();
      await fake.close();
      fixture.cleanup();
    }
  });
});

describe('gemini function calls', () => {
  it('replays the model\'s own parts, thought signature included, with the function response', async () => {
    const tools = await startToolServer();
    const fixture = makeFixture({ tools: { tools: [{ name: 'weather', type: 'http', endpoint: `${tools.url}/weather` }] } });
    const fake = await startFakeGemini([{ toolCalls: [{ name: 'weather', args: { city: 'Rome' } }] }, { text: 'Warm.' }]);
    const rt = await start(fixture.env({ OMNIA_PROVIDER_TYPE: 'gemini', GEMINI_API_KEY: KEY, OMNIA_PROVIDER_BASE_URL: fake.url }));
    try {
      const events = await converse(rt.url, say('weather in Rome'));
      expect(last(events)).toMatchObject({ type: 'done', content: 'Warm.' });
      const contents = fake.requests[1]!.body.contents;
      expect(contents[1]).toEqual({
        role: 'model',
        parts: [{ functionCall: { name: 'weather', args: { city: 'Rome' } }, thoughtSignature: Buffer.from('sig:weather').toString('base64') }],
      });
      // Gemini sent no call id, so none goes back.
      expect(contents[2].parts[0].functionResponse).toEqual({ name: 'weather', response: { output: { city: 'Rome', forecast: 'sunny', celsius: 21 } } });
    } finally {
      await rt.close();
      await fake.close();
      await tools.close();
      fixture.cleanup();
    }
  });
});

describe('cancellation', () => {
  it('aborts the vendor call when the facade goes away mid-turn', async () => {
    const fixture = makeFixture();
    const fake = await startFakeOpenAI([{ text: 'too late', delayMs: 5_000 }]);
    const rt = await start(fixture.env({ OMNIA_PROVIDER_TYPE: 'openai', OPENAI_API_KEY: KEY, OMNIA_PROVIDER_BASE_URL: `${fake.url}/v1` }));
    try {
      const ac = new AbortController();
      const handler = createRuntimeHandler({ address: rt.url });
      const turn = (async () => {
        const out = [];
        for await (const ev of handler.converse({ sessionId: 's', content: 'hi', history: [], signal: ac.signal })) out.push(ev);
        return out;
      })();
      for (let i = 0; i < 100 && fake.requests.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
      expect(fake.requests).toHaveLength(1);
      ac.abort();
      expect(await turn).toEqual([]);
      for (let i = 0; i < 100 && fake.aborted === 0; i++) await new Promise((r) => setTimeout(r, 20));
      expect(fake.aborted).toBe(1);
    } finally {
      await rt.close(1_000);
      await fake.close();
      fixture.cleanup();
    }
  });
});
