import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Facade } from '../../src/facade/app.js';
import type { StartedRuntime } from '../../src/runtime/start.js';
import { startFakeAnthropic } from '../support/fake-vendors/anthropic.js';
import { startFakeOpenAI } from '../support/fake-vendors/openai.js';
import type { FakeVendor, Reply } from '../support/fake-vendors/server.js';
import { makeFixture, start, type Fixture } from '../runtime/helpers.js';
import { startFunctionFacade } from '../support/function-pod.js';

// Function mode across the pod: HTTP client → facade POST /functions/<name>
// (schema validation) → runtime handler → runtime /v1/invoke → vendor SDK →
// loopback vendor speaking its real streaming format, asked for structured
// output the vendor's own way (OpenAI: response_format json_schema; Claude: a
// forced `respond` tool whose input schema is the output schema).

const FUNCTION = {
  name: 'summarizer',
  inputSchema: { type: 'object', required: ['text'], properties: { text: { type: 'string' } } },
  outputSchema: { type: 'object', required: ['summary'], properties: { summary: { type: 'string' } } },
};

interface VendorCase {
  type: 'openai' | 'claude';
  keyEnv: string;
  start(script: Reply[]): Promise<FakeVendor>;
  baseUrl(vendor: FakeVendor): string;
  answer(output: Record<string, unknown>): Reply;
  /** The structured-output request as the vendor received it. */
  assertAskedForSchema(body: Record<string, any>): void;
}

const vendors: VendorCase[] = [
  {
    type: 'openai',
    keyEnv: 'OPENAI_API_KEY',
    start: startFakeOpenAI,
    baseUrl: (v) => `${v.url}/v1`,
    answer: (output) => ({ text: JSON.stringify(output), usage: { input: 1000, output: 100 } }),
    assertAskedForSchema(body) {
      expect(body.response_format.json_schema.schema).toEqual(FUNCTION.outputSchema);
      expect(body.messages.at(-1)).toEqual({ role: 'user', content: '{"text":"Omnia is a Kubernetes operator for AI agents."}' });
    },
  },
  {
    type: 'claude',
    keyEnv: 'ANTHROPIC_API_KEY',
    start: startFakeAnthropic,
    baseUrl: (v) => v.url,
    answer: (output) => ({ toolCalls: [{ name: 'respond', args: output }], usage: { input: 1000, output: 100 } }),
    assertAskedForSchema(body) {
      expect(body.tool_choice).toEqual({ type: 'tool', name: 'respond' });
      expect(body.tools).toEqual([expect.objectContaining({ name: 'respond', input_schema: FUNCTION.outputSchema })]);
    },
  },
];

describe.each(vendors)('end to end: function invocation through $type', (vc) => {
  let vendor: FakeVendor;
  let fixture: Fixture;
  let rt: StartedRuntime;
  let facade: Facade;
  let port: number;

  beforeAll(async () => {
    vendor = await vc.start([vc.answer({ summary: 'Omnia runs agents.' })]);
    fixture = makeFixture({ fn: FUNCTION });
    rt = await start(
      fixture.env({
        OMNIA_MODE: 'function',
        OMNIA_PROVIDER_TYPE: vc.type,
        [vc.keyEnv]: 'k',
        OMNIA_PROVIDER_BASE_URL: vc.baseUrl(vendor),
        OMNIA_PROVIDER_INPUT_COST_PER_1K: '0.5',
        OMNIA_PROVIDER_OUTPUT_COST_PER_1K: '1',
      }),
    );
    ({ facade, port } = await startFunctionFacade({ name: 'summarizer', runtimeUrl: rt.url, configDir: fixture.configDir }));
  });

  afterAll(async () => {
    await facade?.close();
    await rt?.close();
    await vendor?.close();
    fixture?.cleanup();
  });

  function invoke(input: unknown): Promise<Response> {
    return fetch(`http://127.0.0.1:${port}/functions/summarizer`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(input),
    });
  }

  it("returns the vendor's structured output with usage and cost", async () => {
    const res = await invoke({ text: 'Omnia is a Kubernetes operator for AI agents.' });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body.output).toEqual({ summary: 'Omnia runs agents.' });
    expect(body.usage).toEqual({ input_tokens: 1000, output_tokens: 100, cost_usd: 0.6 });
    expect(body.invocation_id).toMatch(/^[0-9a-f-]{36}$/);
    vc.assertAskedForSchema(vendor.requests.at(-1)!.body);
  });

  it('answers 502 output_invalid with raw_output when the model breaks the schema', async () => {
    vendor.script = [vc.answer({ headline: 'wrong field' })];
    const res = await invoke({ text: 'x' });
    expect(res.status).toBe(502);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ error: 'output_invalid' });
    expect(JSON.parse(body.raw_output as string)).toEqual({ headline: 'wrong field' });
  });

  it('answers 400 input_invalid without calling the vendor', async () => {
    const before = vendor.requests.length;
    const res = await invoke({ txt: 'typo' });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: 'input_invalid' });
    expect(vendor.requests.length).toBe(before);
  });
});
