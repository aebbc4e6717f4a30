import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFacade, type Facade } from '../../src/facade/app.js';
import { loadFacadeConfig } from '../../src/facade/config.js';
import type { StartedRuntime } from '../../src/runtime/start.js';
import { startFakeOpenAI } from '../support/fake-vendors/openai.js';
import type { FakeVendor } from '../support/fake-vendors/server.js';
import { makeFixture, start, type Fixture } from '../runtime/helpers.js';

// Function mode across the pod: HTTP client → facade POST /functions/<name>
// (schema validation) → runtime handler → runtime /v1/invoke → OpenAI SDK →
// fake vendor answering with JSON.

const FUNCTION = {
  name: 'summarizer',
  inputSchema: { type: 'object', required: ['text'], properties: { text: { type: 'string' } } },
  outputSchema: { type: 'object', required: ['summary'], properties: { summary: { type: 'string' } } },
};

describe('end to end: function invocation', () => {
  let vendor: FakeVendor;
  let fixture: Fixture;
  let rt: StartedRuntime;
  let facade: Facade;
  let port: number;

  beforeAll(async () => {
    vendor = await startFakeOpenAI([{ text: '{"summary":"Omnia runs agents."}', usage: { input: 1000, output: 100 } }]);
    fixture = makeFixture({ fn: FUNCTION });
    rt = await start(
      fixture.env({
        OMNIA_MODE: 'function',
        OMNIA_PROVIDER_TYPE: 'openai',
        OPENAI_API_KEY: 'k',
        OMNIA_PROVIDER_BASE_URL: `${vendor.url}/v1`,
        OMNIA_PROVIDER_INPUT_COST_PER_1K: '0.5',
        OMNIA_PROVIDER_OUTPUT_COST_PER_1K: '1',
      }),
    );
    facade = createFacade(
      loadFacadeConfig({
        OMNIA_AGENT_NAME: 'summarizer',
        OMNIA_MODE: 'function',
        OMNIA_FACADE_PORT: '0',
        OMNIA_HEALTH_PORT: '0',
        OMNIA_BIND_ADDRESS: '127.0.0.1',
        OMNIA_HANDLER_MODE: 'runtime',
        OMNIA_RUNTIME_ADDRESS: rt.url,
        OMNIA_CONFIG_DIR: fixture.configDir,
        OMNIA_FACADE_ALLOW_UNAUTHENTICATED: 'true',
      }),
      { logger: pino({ level: 'silent' }) },
    );
    ({ port } = await facade.listen());
  });

  afterAll(async () => {
    await facade?.close();
    await rt?.close();
    await vendor?.close();
    fixture?.cleanup();
  });

  it('returns the vendor\'s structured output with usage and cost', async () => {
    const res = await fetch(`http://127.0.0.1:${port}/functions/summarizer`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'Omnia is a Kubernetes operator for AI agents.' }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body.output).toEqual({ summary: 'Omnia runs agents.' });
    expect(body.usage).toEqual({ input_tokens: 1000, output_tokens: 100, cost_usd: 0.6 });
    const sent = vendor.requests.at(-1)!.body;
    expect(sent.response_format.json_schema.schema).toEqual(FUNCTION.outputSchema);
    expect(sent.messages.at(-1)).toEqual({ role: 'user', content: '{"text":"Omnia is a Kubernetes operator for AI agents."}' });
  });

  it('answers 502 output_invalid with raw_output when the model breaks the schema', async () => {
    vendor.script = [{ text: '{"headline":"wrong field"}' }];
    const res = await fetch(`http://127.0.0.1:${port}/functions/summarizer`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'x' }),
    });
    expect(res.status).toBe(502);
    expect(await res.json()).toMatchObject({ error: 'output_invalid', raw_output: '{"headline":"wrong field"}' });
  });
});
