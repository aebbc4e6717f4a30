import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Facade } from '../../../src/facade/app.js';
import { createMemoryStore } from '../../../src/facade/sessions/memory.js';
import type { StartedRuntime } from '../../../src/runtime/start.js';
import { makeFixture, start, type Fixture } from '../../runtime/helpers.js';
import { startFunctionFacade } from '../../support/function-pod.js';
import { openaiErrorBody, startFakeOpenAI } from '../../support/fake-vendors/openai.js';
import type { FakeVendor } from '../../support/fake-vendors/server.js';
import { startToolServer, type ToolServer } from '../../support/fake-vendors/tool-server.js';

// An invocation that fails after a tool ran must still show that tool call in
// its audit trail (the HTTP tool may have had side effects), and the provider
// call row of the model calls that completed (their tokens were paid for). Across the pod:
// the facade's function endpoint → runtime handler → runtime → OpenAI SDK →
// fake vendor, with the HTTP tool on loopback; the trail in the facade's
// memory store.

const FUNCTION = {
  name: 'forecaster',
  inputSchema: { type: 'object', required: ['city'], properties: { city: { type: 'string' } } },
  outputSchema: { type: 'object', required: ['report'], properties: { report: { type: 'string' } } },
};
const WEATHER_CALL = {
  name: 'weather',
  arguments: { city: 'Oslo' },
  result: { city: 'Oslo', forecast: 'sunny', celsius: 21 },
  duration_ms: expect.any(Number),
  at: expect.any(String),
};
/** The provider call row of `calls` completed model calls of 30 input / 7 output tokens at 0.5 / 1.5 USD per 1K. */
const providerCall = (calls: number) => ({
  model: 'gpt-test',
  provider: 'openai',
  input_tokens: 30 * calls,
  output_tokens: 7 * calls,
  cost_usd: 0.0255 * calls,
  duration_ms: expect.any(Number),
  at: expect.any(String),
});

describe('a failed function invocation keeps the tool calls it made', () => {
  let vendor: FakeVendor;
  let tools: ToolServer;
  let fixture: Fixture;
  let rt: StartedRuntime;
  let facade: Facade;
  let port: number;
  const store = createMemoryStore({ ttlMs: 3_600_000, maxSessionEvents: 500, maxSessions: 100 });

  beforeAll(async () => {
    tools = await startToolServer();
    vendor = await startFakeOpenAI([{ text: '{}' }]);
    fixture = makeFixture({
      fn: FUNCTION,
      agent: { reasoningLoopMaxSteps: 2 },
      tools: { tools: [{ name: 'weather', description: 'forecast', type: 'http', endpoint: `${tools.url}/weather`, timeout: '5s', retries: 0 }] },
    });
    rt = await start({
      ...fixture.env({ OMNIA_MODE: 'function', OMNIA_PROVIDER_TYPE: 'openai', OPENAI_API_KEY: 'k', OMNIA_PROVIDER_BASE_URL: `${vendor.url}/v1`, OMNIA_PROVIDER_MAX_RETRIES: '0' }),
      OMNIA_PROVIDER_MODEL: 'gpt-test',
      OMNIA_PROVIDER_INPUT_COST_PER_1K: '0.5',
      OMNIA_PROVIDER_OUTPUT_COST_PER_1K: '1.5',
    });
    ({ facade, port } = await startFunctionFacade({ name: 'forecaster', runtimeUrl: rt.url, configDir: fixture.configDir, store }));
  });

  afterAll(async () => {
    await facade?.close();
    await rt?.close();
    await vendor?.close();
    await tools?.close();
    await store.close();
    fixture?.cleanup();
  });

  async function invokeAndAudit(): Promise<{ status: number; body: Record<string, unknown>; audit: Awaited<ReturnType<typeof store.audit>> }> {
    const res = await fetch(`http://127.0.0.1:${port}/functions/forecaster`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ city: 'Oslo' }),
    });
    const id = res.headers.get('x-invocation-id') as string;
    const body = (await res.json()) as Record<string, unknown>;
    // The audit trail is written after the answer: wait for it.
    await expect.poll(async () => (await store.audit(id))?.session.status).toBe('error');
    return { status: res.status, body, audit: await store.audit(id) };
  }

  it('the second model call failing: 502 runtime_error, and the audit holds the weather call with its result and the first call\'s cost', async () => {
    vendor.script = [
      { toolCalls: [{ id: 'call_weather', name: 'weather', args: { city: 'Oslo' } }], usage: { input: 30, output: 7 } },
      { status: 500, body: openaiErrorBody('server_error', 'the model fell over') },
    ];
    const before = tools.calls.length;
    const r = await invokeAndAudit();
    expect(r.status).toBe(502);
    expect(r.body).toEqual({ error: 'runtime_error', detail: expect.stringMatching(/^runtime failed: /) });
    expect(tools.calls.length - before).toBe(1);
    expect(r.audit?.toolCalls).toEqual([{ id: 'call_weather', ...WEATHER_CALL }]);
    expect(r.audit?.events.map((e) => e.type)).toEqual(['function.runtime_error']);
    // The failed second call reported nothing; the first call's tokens are in the row.
    expect(r.audit?.providerCalls).toEqual([providerCall(1)]);
    // The caller's error body stays {error, detail}: the cost is in the audit trail.
    expect(r.body).not.toHaveProperty('usage');
  });

  it('the step limit: 502 runtime_error naming the limit, and the audit holds the round that ran and both calls\' cost', async () => {
    vendor.script = [{ toolCalls: [{ id: 'call_again', name: 'weather', args: { city: 'Oslo' } }], usage: { input: 30, output: 7 } }];
    const before = tools.calls.length;
    const r = await invokeAndAudit();
    expect(r.status).toBe(502);
    expect(r.body.detail).toBe(
      'runtime failed: the function reached its limit of 2 reasoning steps without a final answer (1 tool calls made); raise reasoningLoopMaxSteps or simplify the prompt',
    );
    // Step 2 still asked for the tool: that call was not made, so one call ran and one is recorded.
    expect(tools.calls.length - before).toBe(1);
    expect(r.audit?.toolCalls).toEqual([{ id: 'call_again', ...WEATHER_CALL }]);
    expect(r.audit?.events[0]?.detail).toEqual({ message: r.body.detail });
    // Both model calls completed (the second asked for the tool again): one row with their sum.
    expect(r.audit?.providerCalls).toEqual([providerCall(2)]);
  });

  it('the first model call failing: 502 runtime_error, and no provider call row (nothing completed, tokens unknown)', async () => {
    vendor.script = [{ status: 500, body: openaiErrorBody('server_error', 'the model fell over') }];
    const before = tools.calls.length;
    const r = await invokeAndAudit();
    expect(r.status).toBe(502);
    expect(tools.calls.length).toBe(before);
    expect(r.audit?.toolCalls).toEqual([]);
    expect(r.audit?.providerCalls).toEqual([]);
    expect(r.audit?.events.map((e) => e.type)).toEqual(['function.runtime_error']);
  });
});
