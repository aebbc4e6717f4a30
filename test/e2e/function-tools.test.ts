import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Facade } from '../../src/facade/app.js';
import { createMemoryStore } from '../../src/facade/sessions/memory.js';
import type { StartedRuntime } from '../../src/runtime/start.js';
import { startFakeAnthropic } from '../support/fake-vendors/anthropic.js';
import { startFakeOpenAI } from '../support/fake-vendors/openai.js';
import type { FakeVendor, Reply } from '../support/fake-vendors/server.js';
import { startToolServer, type ToolServer } from '../support/fake-vendors/tool-server.js';
import { makeFixture, start, type Fixture } from '../runtime/helpers.js';
import { startFunctionFacade } from '../support/function-pod.js';

// A function invocation whose model calls a ToolRegistry tool before its
// structured answer, across the pod: facade → runtime → vendor SDK → fake
// vendor, with the HTTP tool on loopback. The invocation's audit session (the
// facade's memory store) must hold the tool call (spec/003: "tool calls").

const FUNCTION = {
  name: 'forecaster',
  inputSchema: { type: 'object', required: ['city'], properties: { city: { type: 'string' } } },
  outputSchema: { type: 'object', required: ['report'], properties: { report: { type: 'string' } } },
};

interface VendorCase {
  type: 'openai' | 'claude';
  keyEnv: string;
  start(script: Reply[]): Promise<FakeVendor>;
  baseUrl(vendor: FakeVendor): string;
  answer(output: Record<string, unknown>): Reply;
}

const vendors: VendorCase[] = [
  {
    type: 'openai',
    keyEnv: 'OPENAI_API_KEY',
    start: startFakeOpenAI,
    baseUrl: (v) => `${v.url}/v1`,
    answer: (output) => ({ text: JSON.stringify(output), usage: { input: 200, output: 20 } }),
  },
  {
    type: 'claude',
    keyEnv: 'ANTHROPIC_API_KEY',
    start: startFakeAnthropic,
    baseUrl: (v) => v.url,
    answer: (output) => ({ toolCalls: [{ name: 'respond', args: output }], usage: { input: 200, output: 20 } }),
  },
];

describe.each(vendors)('function invocation with a tool call through $type', (vc) => {
  let vendor: FakeVendor;
  let tools: ToolServer;
  let fixture: Fixture;
  let rt: StartedRuntime;
  let facade: Facade;
  let port: number;
  const store = createMemoryStore({ ttlMs: 3_600_000, maxSessionEvents: 500, maxSessions: 100 });

  beforeAll(async () => {
    tools = await startToolServer();
    vendor = await vc.start([
      { toolCalls: [{ id: 'call_weather', name: 'weather', args: { city: 'Oslo' } }], usage: { input: 100, output: 10 } },
      vc.answer({ report: 'Sunny in Oslo.' }),
    ]);
    fixture = makeFixture({
      fn: FUNCTION,
      tools: { tools: [{ name: 'weather', description: 'forecast', type: 'http', endpoint: `${tools.url}/weather`, timeout: '5s', retries: 0 }] },
    });
    rt = await start(fixture.env({ OMNIA_MODE: 'function', OMNIA_PROVIDER_TYPE: vc.type, [vc.keyEnv]: 'k', OMNIA_PROVIDER_BASE_URL: vc.baseUrl(vendor) }));
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

  it('answers with the structured output, and the audit session holds the tool call and the summed usage', async () => {
    const res = await fetch(`http://127.0.0.1:${port}/functions/forecaster`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ city: 'Oslo' }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { output: unknown; invocation_id: string; usage: Record<string, number> };
    expect(body.output).toEqual({ report: 'Sunny in Oslo.' });
    expect(body.usage).toMatchObject({ input_tokens: 300, output_tokens: 30 });
    expect(tools.calls).toEqual([{ path: '/weather', body: { city: 'Oslo' }, contentType: 'application/json' }]);

    // The audit trail is written after the answer: wait for it.
    await expect.poll(async () => (await store.audit(body.invocation_id))?.session.status).toBe('completed');
    const audit = await store.audit(body.invocation_id);
    expect(audit?.session.tags).toEqual(['function']);
    expect(audit?.toolCalls).toEqual([
      {
        id: 'call_weather',
        name: 'weather',
        arguments: { city: 'Oslo' },
        result: { city: 'Oslo', forecast: 'sunny', celsius: 21 },
        duration_ms: expect.any(Number),
        at: expect.any(String),
      },
    ]);
    expect(audit?.providerCalls).toEqual([expect.objectContaining({ provider: vc.type, input_tokens: 300, output_tokens: 30 })]);
    expect(audit?.messages.map((m) => m.role)).toEqual(['user', 'assistant']);
  });
});
