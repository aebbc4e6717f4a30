import { Ajv } from 'ajv';
import { withFormats } from '../../src/shared/ajv-formats.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvokeError } from '../../src/runtime/agent.js';
import { errorBodySchema } from '../conformance/schemas.js';
import { startFakeAnthropic } from '../support/fake-vendors/anthropic.js';
import { startFakeGemini } from '../support/fake-vendors/gemini.js';
import { openaiErrorBody, startFakeOpenAI } from '../support/fake-vendors/openai.js';
import { startMcpServer, type McpTestServer } from '../support/fake-vendors/mcp-server.js';
import type { FakeVendor } from '../support/fake-vendors/server.js';
import { startToolServer, type ToolServer } from '../support/fake-vendors/tool-server.js';
import { makeFixture, start, type Fixture } from './helpers.js';

// Function mode's tool loop: /v1/invoke offers the ToolRegistry's tools, runs
// the calls the model makes, and ends with the structured JSON answer, driven
// through each vendor's SDK against its fake.

const PACK = {
  id: 'forecaster',
  name: 'Forecaster',
  version: '1.0.0',
  template_engine: { version: 'v1', syntax: '{{variable}}' },
  prompts: {
    forecast: {
      id: 'forecast',
      name: 'Forecast',
      version: '1.0.0',
      system_template: 'Report the weather for {{city}}.',
      variables: [{ name: 'city', type: 'string', required: true }],
    },
  },
};
const OUTPUT_SCHEMA = { type: 'object', required: ['report'], properties: { report: { type: 'string' } } };
const FUNCTION = { name: 'forecaster', inputSchema: { type: 'object' }, outputSchema: OUTPUT_SCHEMA };

/** The conformance suite's error-body schema: our failed invoke's answer must pass it. */
const isErrorBody = withFormats(new Ajv({ allErrors: true })).compile(errorBodySchema);

async function invoke(url: string, input: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${url}/v1/invoke`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ input, invocation_id: 'inv-tools' }),
  });
  return { status: res.status, body: await res.json() };
}

describe('invoke runs the tool loop before its structured answer', () => {
  let toolServer: ToolServer;
  let mcp: McpTestServer;
  let fixture: Fixture;
  let openai: FakeVendor;
  let claude: FakeVendor;
  let gemini: FakeVendor;

  beforeAll(async () => {
    toolServer = await startToolServer();
    mcp = await startMcpServer();
    const http = (name: string, path: string) => ({ name, description: `${name} tool`, type: 'http', endpoint: `${toolServer.url}${path}`, timeout: '5s', retries: 0 });
    fixture = makeFixture({
      pack: PACK,
      fn: FUNCTION,
      agent: { reasoningLoopMaxSteps: 3 },
      tools: {
        tools: [http('weather', '/weather'), http('broken', '/fail'), { name: 'calc', description: 'calculator', type: 'mcp', endpoint: mcp.url, timeout: '5s', retries: 0 }],
      },
    });
    openai = await startFakeOpenAI([{ text: '{}' }]);
    claude = await startFakeAnthropic([{ text: '{}' }]);
    gemini = await startFakeGemini([{ text: '{}' }]);
  });
  afterAll(async () => {
    await Promise.all([openai?.close(), claude?.close(), gemini?.close(), toolServer?.close(), mcp?.close()]);
    fixture?.cleanup();
  });

  const env = {
    openai: () => fixture.env({ OMNIA_MODE: 'function', OMNIA_PROVIDER_TYPE: 'openai', OPENAI_API_KEY: 'k', OMNIA_PROVIDER_BASE_URL: `${openai.url}/v1` }),
    claude: () => fixture.env({ OMNIA_MODE: 'function', OMNIA_PROVIDER_TYPE: 'claude', ANTHROPIC_API_KEY: 'k', OMNIA_PROVIDER_BASE_URL: claude.url }),
    /** OpenAI with a named model and pricing, so a failure's usage and cost can be checked exactly. */
    priced: () => ({
      ...env.openai(),
      OMNIA_PROVIDER_MODEL: 'gpt-test',
      OMNIA_PROVIDER_INPUT_COST_PER_1K: '0.5',
      OMNIA_PROVIDER_OUTPUT_COST_PER_1K: '1.5',
    }),
  };

  it('openai: calls the HTTP tool, feeds its result back, answers with json_schema output and sums usage', async () => {
    openai.script = [
      { toolCalls: [{ id: 'call_w', name: 'weather', args: { city: 'Oslo' } }], usage: { input: 30, output: 7 } },
      { text: '{"report":"sunny, 21 C"}', usage: { input: 60, output: 9 } },
    ];
    openai.requests.length = 0;
    const before = toolServer.calls.length;
    const rt = await start(env.openai());
    try {
      const r = await invoke(rt.url, { city: 'Oslo' });
      expect(r.status).toBe(200);
      expect(r.body.output).toEqual({ report: 'sunny, 21 C' });
      expect(r.body.usage).toMatchObject({ input_tokens: 90, output_tokens: 16 });
      expect(toolServer.calls.slice(before)).toEqual([{ path: '/weather', body: { city: 'Oslo' }, contentType: 'application/json' }]);
      expect(r.body.tool_calls).toEqual([
        { id: 'call_w', name: 'weather', arguments: { city: 'Oslo' }, result: { city: 'Oslo', forecast: 'sunny', celsius: 21 }, duration_ms: expect.any(Number) },
      ]);

      expect(openai.requests).toHaveLength(2);
      const [first, second] = openai.requests.map((q) => q.body);
      // Both steps offer the tools and ask for the output schema.
      for (const req of [first, second]) {
        expect(req.tools.map((t: { function: { name: string } }) => t.function.name)).toEqual(['weather', 'broken', 'add', 'explode']);
        expect(req.response_format).toEqual({ type: 'json_schema', json_schema: { name: 'output', schema: OUTPUT_SCHEMA, strict: false } });
      }
      expect(second.messages.at(-2)).toMatchObject({ role: 'assistant', tool_calls: [{ id: 'call_w', function: { name: 'weather' } }] });
      expect(second.messages.at(-1)).toEqual({ role: 'tool', tool_call_id: 'call_w', content: '{"city":"Oslo","forecast":"sunny","celsius":21}' });
    } finally {
      await rt.close();
    }
  });

  it('claude: offers the tools plus respond with tool_choice any, and takes the respond call as the answer', async () => {
    claude.script = [
      { toolCalls: [{ id: 'toolu_w', name: 'weather', args: { city: 'Bergen' } }], usage: { input: 40, output: 6 } },
      { toolCalls: [{ name: 'respond', args: { report: 'rain in Bergen' } }], usage: { input: 80, output: 11 } },
    ];
    claude.requests.length = 0;
    const before = toolServer.calls.length;
    const rt = await start(env.claude());
    try {
      const r = await invoke(rt.url, { city: 'Bergen' });
      expect(r.status).toBe(200);
      expect(r.body.output).toEqual({ report: 'rain in Bergen' });
      expect(r.body.raw_output).toBe('{"report":"rain in Bergen"}');
      expect(r.body.usage).toMatchObject({ input_tokens: 120, output_tokens: 17 });
      expect(toolServer.calls.slice(before).map((c) => c.body)).toEqual([{ city: 'Bergen' }]);
      expect(r.body.tool_calls).toEqual([
        { id: 'toolu_w', name: 'weather', arguments: { city: 'Bergen' }, result: { city: 'Bergen', forecast: 'sunny', celsius: 21 }, duration_ms: expect.any(Number) },
      ]);

      const [first, second] = claude.requests.map((q) => q.body);
      expect(first.tools.map((t: { name: string }) => t.name)).toEqual(['weather', 'broken', 'add', 'explode', 'respond']);
      expect(first.tools.at(-1).input_schema).toEqual(OUTPUT_SCHEMA);
      expect(first.tool_choice).toEqual({ type: 'any' });
      expect(second.messages.at(-2)).toEqual({ role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_w', name: 'weather', input: { city: 'Bergen' } }] });
      expect(second.messages.at(-1)).toEqual({
        role: 'user',
        content: [{ type: 'tool_result', tool_use_id: 'toolu_w', content: '{"city":"Bergen","forecast":"sunny","celsius":21}', is_error: false }],
      });
    } finally {
      await rt.close();
    }
  });

  it('claude: a respond call beside real calls is the answer, and the real calls are not made', async () => {
    claude.script = [{ toolCalls: [{ name: 'weather', args: { city: 'Oslo' } }, { name: 'respond', args: { report: 'at once' } }] }];
    claude.requests.length = 0;
    const before = toolServer.calls.length;
    const rt = await start(env.claude());
    try {
      const r = await invoke(rt.url, { city: 'Oslo' });
      expect(r.body.output).toEqual({ report: 'at once' });
      expect(r.body.tool_calls).toEqual([]);
      expect(toolServer.calls.length).toBe(before);
      expect(claude.requests).toHaveLength(1);
    } finally {
      await rt.close();
    }
  });

  it('calls an MCP tool inside an invocation', async () => {
    claude.script = [{ toolCalls: [{ id: 'toolu_add', name: 'add', args: { a: 2, b: 40 } }] }, { toolCalls: [{ name: 'respond', args: { report: '42' } }] }];
    const rt = await start(env.claude());
    try {
      const r = await invoke(rt.url, { city: 'Oslo' });
      expect(r.body.output).toEqual({ report: '42' });
      expect(mcp.calls.at(-1)).toEqual({ tool: 'add', args: { a: 2, b: 40 } });
      expect(r.body.tool_calls).toMatchObject([{ id: 'toolu_add', name: 'add', arguments: { a: 2, b: 40 }, result: { sum: 42 } }]);
    } finally {
      await rt.close();
    }
  });

  it('gives the model the error text of a failing tool and still answers', async () => {
    openai.script = [{ toolCalls: [{ id: 'call_b', name: 'broken', args: {} }] }, { text: '{"report":"unknown"}' }];
    openai.requests.length = 0;
    const rt = await start(env.openai());
    try {
      const r = await invoke(rt.url, { city: 'Oslo' });
      expect(r.status).toBe(200);
      expect(r.body.output).toEqual({ report: 'unknown' });
      expect(r.body.tool_calls).toEqual([
        { id: 'call_b', name: 'broken', arguments: {}, error: 'tool "broken" failed: HTTP 500: database is down', duration_ms: expect.any(Number) },
      ]);
      expect(openai.requests[1]!.body.messages.at(-1)).toEqual({ role: 'tool', tool_call_id: 'call_b', content: 'tool "broken" failed: HTTP 500: database is down' });
    } finally {
      await rt.close();
    }
  });

  it('answers 502 runtime_error when the model is still calling tools at the step limit, with the usage of all three calls', async () => {
    openai.script = [{ toolCalls: [{ name: 'weather', args: { city: 'Oslo' } }], usage: { input: 30, output: 7 } }];
    openai.requests.length = 0;
    const before = toolServer.calls.length;
    const rt = await start(env.priced());
    try {
      const r = await invoke(rt.url, { city: 'Oslo' });
      expect(r.status).toBe(502);
      const weather = { id: expect.any(String), name: 'weather', arguments: { city: 'Oslo' }, result: { city: 'Oslo', forecast: 'sunny', celsius: 21 }, duration_ms: expect.any(Number) };
      expect(r.body).toEqual({
        error: 'runtime_error',
        detail:
          'the function reached its limit of 3 reasoning steps without a final answer (2 tool calls made); raise reasoningLoopMaxSteps or simplify the prompt',
        // The two rounds that ran are reported; the third step's call was not made.
        tool_calls: [weather, weather],
        // All three model calls completed and were paid for: 3 × (30 in, 7 out) at 0.5 / 1.5 USD per 1K.
        usage: { input_tokens: 90, output_tokens: 21, cost_usd: 0.0765 },
        model: 'gpt-test',
        provider: 'openai',
      });
      expect(isErrorBody(r.body)).toBe(true);
      expect(openai.requests).toHaveLength(3);
      expect(toolServer.calls.length - before).toBe(2);
    } finally {
      await rt.close();
    }
  });

  it('a model call failing after a tool ran answers 502 with the code, the tool calls already made and the first call\'s usage', async () => {
    openai.script = [
      { toolCalls: [{ id: 'call_w', name: 'weather', args: { city: 'Oslo' } }, { id: 'call_b', name: 'broken', args: {} }], usage: { input: 30, output: 7 } },
      { status: 500, body: openaiErrorBody('server_error', 'the model fell over') },
    ];
    openai.requests.length = 0;
    const before = toolServer.calls.length;
    const rt = await start({ ...env.priced(), OMNIA_PROVIDER_MAX_RETRIES: '0' });
    try {
      const r = await invoke(rt.url, { city: 'Oslo' });
      expect(r.status).toBe(502);
      expect(openai.requests).toHaveLength(2);
      expect(toolServer.calls.slice(before).map((c) => c.path)).toEqual(['/weather', '/fail']);
      expect(r.body).toEqual({
        error: 'runtime_error',
        code: 'AGENT_UNAVAILABLE',
        detail: expect.any(String),
        tool_calls: [
          { id: 'call_w', name: 'weather', arguments: { city: 'Oslo' }, result: { city: 'Oslo', forecast: 'sunny', celsius: 21 }, duration_ms: expect.any(Number) },
          { id: 'call_b', name: 'broken', arguments: {}, error: 'tool "broken" failed: HTTP 500: database is down', duration_ms: expect.any(Number) },
        ],
        // The first call's tokens at 0.5 / 1.5 USD per 1K; the failed second call reported none.
        usage: { input_tokens: 30, output_tokens: 7, cost_usd: 0.0255 },
        model: 'gpt-test',
        provider: 'openai',
      });
    } finally {
      await rt.close();
    }
  });

  it('a first model call that fails answers an empty tool_calls list and no usage', async () => {
    openai.script = [{ status: 500, body: openaiErrorBody('server_error', 'the model fell over') }];
    const rt = await start({ ...env.priced(), OMNIA_PROVIDER_MAX_RETRIES: '0' });
    try {
      const r = await invoke(rt.url, { city: 'Oslo' });
      expect(r.status).toBe(502);
      // No model call completed: its tokens are unknown, so usage (and who spent it) is left out.
      expect(r.body).toEqual({ error: 'runtime_error', code: 'AGENT_UNAVAILABLE', detail: expect.any(String), tool_calls: [] });
    } finally {
      await rt.close();
    }
  });

  it('a cancelled invocation carries the tool calls and the usage of the model calls that completed', async () => {
    // The caller is gone by then, so the error answer is read off the agent itself.
    const slowFixture = makeFixture({
      pack: PACK,
      fn: FUNCTION,
      tools: { tools: [{ name: 'slow', description: 'slow tool', type: 'http', endpoint: `${toolServer.url}/slow`, timeout: '5s', retries: 0 }] },
    });
    openai.script = [{ toolCalls: [{ id: 'call_s', name: 'slow', args: {} }], usage: { input: 30, output: 7 } }];
    const rt = await start({
      ...slowFixture.env({ OMNIA_MODE: 'function', OMNIA_PROVIDER_TYPE: 'openai', OPENAI_API_KEY: 'k', OMNIA_PROVIDER_BASE_URL: `${openai.url}/v1` }),
      OMNIA_PROVIDER_MODEL: 'gpt-test',
      OMNIA_PROVIDER_INPUT_COST_PER_1K: '0.5',
      OMNIA_PROVIDER_OUTPUT_COST_PER_1K: '1.5',
    });
    try {
      const before = toolServer.calls.length;
      const ac = new AbortController();
      const pending = rt.agent.invoke({ city: 'Oslo' }, ac.signal).catch((e: unknown) => e);
      // Cancel while the tool runs: the first model call is complete and paid for.
      await expect.poll(() => toolServer.calls.slice(before).some((c) => c.path === '/slow')).toBe(true);
      ac.abort();
      const err = (await pending) as InvokeError;
      expect(err).toBeInstanceOf(InvokeError);
      expect(err.status).toBe(499);
      expect(err.toolCalls).toEqual([{ id: 'call_s', name: 'slow', arguments: {}, error: expect.any(String), duration_ms: expect.any(Number) }]);
      expect(err.spent).toEqual({ usage: { input_tokens: 30, output_tokens: 7, cost_usd: 0.0255 }, model: 'gpt-test', provider: 'openai' });
    } finally {
      await rt.close();
      slowFixture.cleanup();
    }
  });

  it('gemini: keeps responseJsonSchema beside the tools on Gemini 3, and moves the schema into the instruction before it', async () => {
    const geminiEnv = (model: string) =>
      fixture.env({ OMNIA_MODE: 'function', OMNIA_PROVIDER_TYPE: 'gemini', GEMINI_API_KEY: 'k', OMNIA_PROVIDER_BASE_URL: gemini.url, OMNIA_PROVIDER_MODEL: model });
    for (const model of ['gemini-3-pro-preview', 'gemini-2.5-flash']) {
      gemini.script = [{ toolCalls: [{ name: 'weather', args: { city: 'Rome' } }] }, { text: '{"report":"warm"}' }];
      gemini.requests.length = 0;
      const rt = await start(geminiEnv(model));
      try {
        const r = await invoke(rt.url, { city: 'Rome' });
        expect(r.body.output).toEqual({ report: 'warm' });
        expect(r.body.tool_calls).toMatchObject([{ name: 'weather', arguments: { city: 'Rome' }, result: { forecast: 'sunny' } }]);
        const [first, second] = gemini.requests.map((q) => q.body);
        expect(first.tools[0].functionDeclarations.map((d: { name: string }) => d.name)).toEqual(['weather', 'broken', 'add', 'explode']);
        expect(second.contents.at(-1).parts[0].functionResponse).toMatchObject({ name: 'weather', response: { output: { city: 'Rome' } } });
        if (model.startsWith('gemini-3')) {
          expect(first.generationConfig.responseJsonSchema).toEqual(OUTPUT_SCHEMA);
          expect(first.generationConfig.responseMimeType).toBe('application/json');
        } else {
          expect(first.generationConfig?.responseMimeType).toBeUndefined();
          expect(JSON.stringify(first.systemInstruction)).toContain('matching this JSON Schema');
        }
      } finally {
        await rt.close();
      }
    }
  });
});
