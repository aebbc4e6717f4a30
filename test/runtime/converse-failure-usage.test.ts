import { Ajv } from 'ajv';
import { withFormats } from '../../src/shared/ajv-formats.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { converseEventSchema } from '../conformance/schemas.js';
import { openaiErrorBody, startFakeOpenAI } from '../support/fake-vendors/openai.js';
import type { FakeVendor } from '../support/fake-vendors/server.js';
import { startToolServer, type ToolServer } from '../support/fake-vendors/tool-server.js';
import { converse, last, makeFixture, pricedOpenAIEnv, say, start, weatherTools, type Fixture } from './helpers.js';

// A conversation turn that fails after model calls completed: the `error`
// event carries what those calls cost (usage, model, provider), as `done`
// would, so the facade can record the tokens already paid for. Driven through
// the OpenAI SDK against its fake, with a real HTTP tool in between.

const isEvent = withFormats(new Ajv({ allErrors: true })).compile(converseEventSchema);

describe('converse: the error event of a turn that failed after a model call completed', () => {
  let tools: ToolServer;
  let openai: FakeVendor;
  let fixture: Fixture;

  beforeAll(async () => {
    tools = await startToolServer();
    openai = await startFakeOpenAI([{ text: 'hi' }]);
    fixture = makeFixture({ agent: { reasoningLoopMaxSteps: 5 }, tools: weatherTools(tools.url) });
  });
  afterAll(async () => {
    await Promise.all([openai?.close(), tools?.close()]);
    fixture?.cleanup();
  });

  const env = (): Record<string, string> => pricedOpenAIEnv(fixture, openai.url);
  // retry-after-ms keeps the SDK's retry immediate.
  const serverError = { status: 500, headers: { 'retry-after-ms': '1' }, body: openaiErrorBody('server_error', 'the model fell over') };

  it('carries the first call\'s usage and cost, the model and the provider when the second call fails after a tool round', async () => {
    openai.script = [{ text: 'Let me check.', toolCalls: [{ id: 'call_w', name: 'weather', args: { city: 'Oslo' } }], usage: { input: 30, output: 7 } }, serverError];
    openai.requests.length = 0;
    const before = tools.calls.length;
    const rt = await start(env());
    try {
      const events = await converse(rt.url, say('Weather in Oslo?'));
      // The first call, then the second and its one retry (both 500).
      expect(openai.requests).toHaveLength(3);
      expect(tools.calls.slice(before).map((c) => c.body)).toEqual([{ city: 'Oslo' }]);
      expect(events.map((e) => e.type)).toEqual([...events.slice(0, -3).map(() => 'chunk'), 'tool_call', 'tool_result', 'error']);
      expect(last(events)).toEqual({
        type: 'error',
        code: 'AGENT_UNAVAILABLE',
        message: expect.any(String),
        // 30 in, 7 out at 0.5 / 1.5 USD per 1K; the failed call reported no tokens and counts none.
        usage: { input_tokens: 30, output_tokens: 7, cost_usd: 0.0255 },
        model: 'gpt-test',
        provider: 'openai',
      });
      for (const e of events) expect(isEvent(e), JSON.stringify(e)).toBe(true);
    } finally {
      await rt.close();
    }
  });

  it('sums every completed call when a later one fails after two tool rounds', async () => {
    const round = (id: string, input: number, output: number) => ({ toolCalls: [{ id, name: 'weather', args: { city: 'Oslo' } }], usage: { input, output } });
    openai.script = [round('call_1', 30, 7), round('call_2', 50, 9), serverError];
    openai.requests.length = 0;
    const rt = await start(env());
    try {
      const events = await converse(rt.url, say('Weather in Oslo, twice?'));
      expect(events.filter((e) => e.type === 'tool_result')).toHaveLength(2);
      // 80 in, 16 out: 0.04 + 0.024 USD.
      expect(last(events)).toMatchObject({ type: 'error', usage: { input_tokens: 80, output_tokens: 16, cost_usd: 0.064 }, model: 'gpt-test', provider: 'openai' });
    } finally {
      await rt.close();
    }
  });

  it('leaves usage, model and provider out when the first call fails: no call completed', async () => {
    openai.script = [serverError];
    openai.requests.length = 0;
    const rt = await start(env());
    try {
      const events = await converse(rt.url, say('Weather in Oslo?'));
      expect(openai.requests).toHaveLength(2);
      expect(events).toEqual([{ type: 'error', code: 'AGENT_UNAVAILABLE', message: expect.any(String) }]);
      expect(isEvent(events[0])).toBe(true);
    } finally {
      await rt.close();
    }
  });
});
