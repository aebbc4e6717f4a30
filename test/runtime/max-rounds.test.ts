import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stepLimit, stepLimitError, stepLimitNotice } from '../../src/runtime/agent.js';
import type { ConverseEvent } from '../../src/contract/runtime-wire.js';
import { parsePack } from '../../src/runtime/promptpack.js';
import { startFakeOpenAI } from '../support/fake-vendors/openai.js';
import type { FakeVendor } from '../support/fake-vendors/server.js';
import { startToolServer, type ToolServer } from '../support/fake-vendors/tool-server.js';
import { BASIC_PACK, converse, last, makeFixture, say, start, type Fixture } from './helpers.js';

// The PromptPack's tool_policy.max_rounds beside agent.json's
// reasoningLoopMaxSteps: the tighter one limits the loop (R rounds = R + 1
// model calls), and the stop message names the setting to raise. Driven
// through the OpenAI SDK against its fake, with a model that never stops
// calling the weather tool.

type Done = Extract<ConverseEvent, { type: 'done' }>;

function packWithRounds(maxRounds: unknown): typeof BASIC_PACK {
  const pack = structuredClone(BASIC_PACK) as any;
  pack.prompts.default.tool_policy = { max_rounds: maxRounds };
  return pack;
}

describe('tool_policy.max_rounds limits the reasoning loop', () => {
  let toolServer: ToolServer;
  let fake: FakeVendor;
  const fixtures: Fixture[] = [];

  beforeAll(async () => {
    toolServer = await startToolServer();
    fake = await startFakeOpenAI([{ toolCalls: [{ name: 'weather', args: { city: 'Oslo' } }], usage: { input: 10, output: 2 } }]);
  });
  afterAll(async () => {
    await Promise.all([fake?.close(), toolServer?.close()]);
    for (const f of fixtures) f.cleanup();
  });

  /** A runtime whose model always asks for the weather again. */
  async function runtime(opts: { maxRounds?: number; maxSteps: number; mode: 'agent' | 'function' }) {
    const fixture = makeFixture({
      pack: opts.maxRounds === undefined ? BASIC_PACK : packWithRounds(opts.maxRounds),
      agent: { reasoningLoopMaxSteps: opts.maxSteps },
      tools: { tools: [{ name: 'weather', description: 'forecast', type: 'http', endpoint: `${toolServer.url}/weather`, timeout: '5s', retries: 0 }] },
      ...(opts.mode === 'function' ? { fn: { name: 'f', inputSchema: { type: 'object' }, outputSchema: { type: 'object' } } } : {}),
    });
    fixtures.push(fixture);
    fake.script = [{ toolCalls: [{ name: 'weather', args: { city: 'Oslo' } }], usage: { input: 10, output: 2 } }];
    fake.requests.length = 0;
    return start(fixture.env({ OMNIA_MODE: opts.mode, OMNIA_PROVIDER_TYPE: 'openai', OPENAI_API_KEY: 'k', OMNIA_PROVIDER_BASE_URL: `${fake.url}/v1` }));
  }

  async function invoke(url: string): Promise<{ status: number; body: any }> {
    const res = await fetch(`${url}/v1/invoke`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ input: { city: 'Oslo' } }) });
    return { status: res.status, body: await res.json() };
  }

  it('converse: max_rounds 1 under reasoningLoopMaxSteps 5 allows two model calls and one tool round, and names max_rounds', async () => {
    const before = toolServer.calls.length;
    const rt = await runtime({ maxRounds: 1, maxSteps: 5, mode: 'agent' });
    try {
      expect(rt.agent.maxSteps).toBe(2);
      const events = await converse(rt.url, say('weather please'));
      expect(fake.requests).toHaveLength(2);
      expect(toolServer.calls.length - before).toBe(1);
      expect(events.filter((e) => e.type === 'tool_call')).toHaveLength(1);
      const done = last(events) as Done;
      expect(done).toMatchObject({ type: 'done', stop_reason: 'step_limit', usage: { input_tokens: 20, output_tokens: 4 } });
      expect(done.content).toBe(
        '[Stopped: the agent reached its limit of 1 tool round without a final answer; raise tool_policy.max_rounds in the PromptPack to allow more.]',
      );
    } finally {
      await rt.close();
    }
  });

  it('invoke: max_rounds 2 under reasoningLoopMaxSteps 5 makes three model calls, and the 502 names max_rounds', async () => {
    const before = toolServer.calls.length;
    const rt = await runtime({ maxRounds: 2, maxSteps: 5, mode: 'function' });
    try {
      const r = await invoke(rt.url);
      expect(r.status).toBe(502);
      expect(r.body.error).toBe('runtime_error');
      expect(r.body.detail).toBe(
        'the function reached its limit of 2 tool rounds without a final answer (2 tool calls made); raise tool_policy.max_rounds in the PromptPack or simplify the prompt',
      );
      expect(r.body.tool_calls).toHaveLength(2);
      expect(fake.requests).toHaveLength(3);
      expect(toolServer.calls.length - before).toBe(2);
    } finally {
      await rt.close();
    }
  });

  it('a looser max_rounds leaves reasoningLoopMaxSteps binding, with its old messages', async () => {
    const agentRt = await runtime({ maxRounds: 10, maxSteps: 3, mode: 'agent' });
    try {
      const done = last(await converse(agentRt.url, say('weather please'))) as Done;
      expect(fake.requests).toHaveLength(3);
      expect(done.stop_reason).toBe('step_limit');
      expect(done.content).toBe('[Stopped: the agent reached its limit of 3 reasoning steps without a final answer.]');
    } finally {
      await agentRt.close();
    }
    const fnRt = await runtime({ maxRounds: 10, maxSteps: 3, mode: 'function' });
    try {
      const r = await invoke(fnRt.url);
      expect(fake.requests).toHaveLength(3);
      expect(r.body.detail).toBe(
        'the function reached its limit of 3 reasoning steps without a final answer (2 tool calls made); raise reasoningLoopMaxSteps or simplify the prompt',
      );
    } finally {
      await fnRt.close();
    }
  });

  it('without max_rounds only reasoningLoopMaxSteps limits (the schema default of 5 does not apply)', async () => {
    const rt = await runtime({ maxSteps: 8, mode: 'function' });
    try {
      expect(rt.agent.stepLimit).toEqual({ maxSteps: 8, source: 'reasoningLoopMaxSteps' });
      const r = await invoke(rt.url);
      expect(fake.requests).toHaveLength(8);
      expect(r.body.detail).toContain('limit of 8 reasoning steps');
    } finally {
      await rt.close();
    }
  });
});

describe('choosing the step limit', () => {
  it('takes the tighter setting, and names both when they allow the same number of calls', () => {
    expect(stepLimit(5, undefined)).toEqual({ maxSteps: 5, source: 'reasoningLoopMaxSteps' });
    expect(stepLimit(5, 1)).toEqual({ maxSteps: 2, source: 'max_rounds' });
    expect(stepLimit(5, 5)).toEqual({ maxSteps: 5, source: 'reasoningLoopMaxSteps' });
    const tie = stepLimit(3, 2);
    expect(tie).toEqual({ maxSteps: 3, source: 'both' });
    expect(stepLimitNotice(tie)).toBe(
      '[Stopped: the agent reached its limit of 2 tool rounds without a final answer; raise tool_policy.max_rounds in the PromptPack and reasoningLoopMaxSteps to allow more.]',
    );
    expect(stepLimitError(tie, 4)).toBe(
      'the function reached its limit of 2 tool rounds without a final answer (4 tool calls made); raise tool_policy.max_rounds in the PromptPack and reasoningLoopMaxSteps or simplify the prompt',
    );
  });
});

describe('loading tool_policy.max_rounds', () => {
  it.each([0, -1, 1.5, '3', null, true])('refuses max_rounds %j with an error naming the file, prompt and field', (value) => {
    expect(() => parsePack(JSON.stringify(packWithRounds(value)), '/etc/omnia/pack/pack.json')).toThrow(
      `/etc/omnia/pack/pack.json: prompt "default": "tool_policy.max_rounds" must be an integer of at least 1 (got ${JSON.stringify(value)})`,
    );
  });

  it('refuses a tool_policy that is not an object, and accepts a valid max_rounds', () => {
    const pack = structuredClone(BASIC_PACK) as any;
    pack.prompts.default.tool_policy = [];
    expect(() => parsePack(JSON.stringify(pack), 'pack.json')).toThrow('pack.json: prompt "default": "tool_policy" must be an object');
    expect(parsePack(JSON.stringify(packWithRounds(3)), 'pack.json').prompts.default?.tool_policy?.max_rounds).toBe(3);
  });

  it('stops start-up on an invalid max_rounds', async () => {
    const fixture = makeFixture({ pack: packWithRounds(0) });
    try {
      await expect(start(fixture.env())).rejects.toThrow(/"tool_policy\.max_rounds" must be an integer of at least 1 \(got 0\)/);
    } finally {
      fixture.cleanup();
    }
  });
});
