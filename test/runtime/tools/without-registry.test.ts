import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConverseEvent } from '../../../src/contract/runtime-wire.js';
import type { StartedRuntime } from '../../../src/runtime/start.js';
import { startFakeOpenAI } from '../../support/fake-vendors/openai.js';
import type { FakeVendor } from '../../support/fake-vendors/server.js';
import { fixture as goldenFixture } from '../../hooks/agentruntime/fixtures.js';
import { BASIC_PACK, converse, last, makeFixture, say, start, type Fixture } from '../helpers.js';

// waitForDependencies: false deploys an agent whose ToolRegistry is missing
// (golden fixture nowait-toolregistry-missing). The runtime must start on the
// tools.json the hook wrote for it and degrade: a tool the prompt names but
// no registry provides is an error result handed to the model, and the turn
// still ends with the model's answer.

type ToolResult = Extract<ConverseEvent, { type: 'tool_result' }>;

/** The tools.json of the ConfigMap sync emitted for the agent deployed without its ToolRegistry. */
function toolsJsonAsDeployed(): string {
  const response = JSON.parse(readFileSync(goldenFixture('nowait-toolregistry-missing', 'response.json'), 'utf8')) as {
    children: { kind: string; data?: Record<string, string> }[];
  };
  const configMap = response.children.find((c) => c.kind === 'ConfigMap')!;
  return configMap.data!['tools.json']!;
}

describe('runtime deployed without its ToolRegistry', () => {
  let fixture: Fixture;
  let fake: FakeVendor;
  let rt: StartedRuntime;

  beforeAll(async () => {
    const pack = structuredClone(BASIC_PACK) as typeof BASIC_PACK & { prompts: { default: { tools?: string[] } } };
    pack.prompts.default.tools = ['weather'];
    fixture = makeFixture({ pack, agent: { reasoningLoopMaxSteps: 3 }, tools: toolsJsonAsDeployed() });
    fake = await startFakeOpenAI([{ text: 'ok' }]);
    rt = await start(fixture.env({ OMNIA_PROVIDER_TYPE: 'openai', OPENAI_API_KEY: 'k', OMNIA_PROVIDER_BASE_URL: `${fake.url}/v1` }));
  });

  afterAll(async () => {
    await rt?.close();
    await fake?.close();
    fixture?.cleanup();
  });

  it('starts with no tools and offers none to the model', async () => {
    expect(JSON.parse(toolsJsonAsDeployed())).toEqual({ tools: [] });
    fake.script = [{ text: 'hello' }];
    fake.requests.length = 0;
    const events = await converse(rt.url, say('hi'));
    expect(last(events)).toMatchObject({ type: 'done', content: 'hello' });
    expect(fake.requests[0]!.body.tools ?? []).toEqual([]);
  });

  it('answers a call to the missing tool with an error result to the model, and the turn completes', async () => {
    fake.script = [{ toolCalls: [{ name: 'weather', args: { city: 'Oslo' } }] }, { text: 'The weather service is unavailable right now.' }];
    fake.requests.length = 0;
    const events = await converse(rt.url, say('weather in Oslo?'));
    const result = events.find((e) => e.type === 'tool_result') as ToolResult;
    expect(result.error).toBe('tool "weather" does not exist');
    expect(last(events)).toMatchObject({ type: 'done', content: 'The weather service is unavailable right now.' });
    // The model's second call carries the error as the tool's answer.
    const followUp = JSON.stringify(fake.requests[1]!.body.messages);
    expect(followUp).toContain('tool \\"weather\\" does not exist');
  });
});
