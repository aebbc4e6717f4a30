import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConverseEvent } from '../../../src/contract/runtime-wire.js';
import type { StartedRuntime } from '../../../src/runtime/start.js';
import { startMcpServer, type McpTestServer } from '../../support/fake-vendors/mcp-server.js';
import { startFakeOpenAI } from '../../support/fake-vendors/openai.js';
import type { FakeVendor, Reply } from '../../support/fake-vendors/server.js';
import { startToolServer, type ToolServer } from '../../support/fake-vendors/tool-server.js';
import { converse, last, makeFixture, say, start, type Fixture } from '../helpers.js';

// Tools in the reasoning loop, driven by the OpenAI SDK against the fake
// vendor: HTTP tools (errors, timeouts, retries), MCP tools over streamable
// HTTP, and the step limit.

type ToolResult = Extract<ConverseEvent, { type: 'tool_result' }>;

describe('tools and the reasoning loop', () => {
  let fixture: Fixture;
  let toolServer: ToolServer;
  let mcp: McpTestServer;
  let fake: FakeVendor;
  let rt: StartedRuntime;

  beforeAll(async () => {
    toolServer = await startToolServer({ flakyFailures: 1 });
    mcp = await startMcpServer();
    const http = (name: string, path: string, extra: Record<string, unknown> = {}) => ({
      name,
      description: `${name} tool`,
      type: 'http',
      endpoint: `${toolServer.url}${path}`,
      timeout: '5s',
      retries: 0,
      ...extra,
    });
    fixture = makeFixture({
      agent: { reasoningLoopMaxSteps: 3 },
      tools: {
        tools: [
          http('broken', '/fail'),
          { name: 'calc', description: 'calculator server', type: 'mcp', endpoint: mcp.url, timeout: '5s', retries: 0 },
          http('flaky', '/flaky', { retries: 2 }),
          { name: 'gone', description: 'nobody listens', type: 'http', endpoint: 'http://127.0.0.1:1/', timeout: '2s', retries: 0 },
          http('slow', '/slow', { timeout: '200ms' }),
          http('weather', '/weather'),
        ],
      },
    });
    fake = await startFakeOpenAI([{ text: 'ok' }]);
    rt = await start(fixture.env({ OMNIA_PROVIDER_TYPE: 'openai', OPENAI_API_KEY: 'k', OMNIA_PROVIDER_BASE_URL: `${fake.url}/v1` }));
  });

  afterAll(async () => {
    await rt?.close();
    await fake?.close();
    await mcp?.close();
    await toolServer?.close();
    fixture?.cleanup();
  });

  async function turnWithCall(name: string, args: Record<string, unknown>): Promise<{ result: ToolResult; events: ConverseEvent[] }> {
    fake.script = [{ toolCalls: [{ name, args }] }, { text: 'done thinking' }] satisfies Reply[];
    fake.requests.length = 0;
    const events = await converse(rt.url, say(`use ${name}`));
    const result = events.find((e) => e.type === 'tool_result') as ToolResult;
    return { result, events };
  }

  it('offers HTTP tools and the MCP server\'s tools to the model', async () => {
    fake.script = [{ text: 'hi' }];
    fake.requests.length = 0;
    await converse(rt.url, say('hi'));
    const names = fake.requests[0]!.body.tools.map((t: { function: { name: string } }) => t.function.name);
    expect(names).toEqual(['broken', 'flaky', 'gone', 'slow', 'weather', 'add', 'explode']);
    const add = fake.requests[0]!.body.tools.find((t: { function: { name: string } }) => t.function.name === 'add');
    expect(add.function.parameters.properties).toHaveProperty('a');
  });

  it('gives the model the error text of a failing HTTP tool and still finishes the turn', async () => {
    const { result, events } = await turnWithCall('broken', {});
    expect(result.error).toBe('tool "broken" failed: HTTP 500: database is down');
    expect(last(events)).toMatchObject({ type: 'done', content: 'done thinking' });
    const toolMsg = fake.requests[1]!.body.messages.at(-1);
    expect(toolMsg).toMatchObject({ role: 'tool', content: 'tool "broken" failed: HTTP 500: database is down' });
  });

  it('times an HTTP tool out after the registry timeout', async () => {
    const { result, events } = await turnWithCall('slow', {});
    expect(result.error).toMatch(/timed out after 200 ms/);
    expect(last(events).type).toBe('done');
  });

  it('retries an HTTP tool as many times as the registry says', async () => {
    const before = toolServer.calls.filter((c) => c.path === '/flaky').length;
    const { result } = await turnWithCall('flaky', { x: 1 });
    expect(result.result).toEqual({ ok: true });
    expect(toolServer.calls.filter((c) => c.path === '/flaky').length - before).toBe(2);
  });

  it('reports an unreachable tool as an error result', async () => {
    const { result, events } = await turnWithCall('gone', {});
    expect(result.error).toMatch(/^tool "gone" failed: cannot reach the tool/);
    expect(last(events).type).toBe('done');
  });

  it('calls an MCP tool over streamable HTTP', async () => {
    const { result } = await turnWithCall('add', { a: 2, b: 40 });
    expect(result.result).toEqual({ sum: 42 });
    expect(mcp.calls.at(-1)).toEqual({ tool: 'add', args: { a: 2, b: 40 } });
  });

  it('hands an MCP tool\'s isError result to the model as an error', async () => {
    const { result } = await turnWithCall('explode', {});
    expect(result.error).toBe('MCP tool "explode" reported an error: the reactor is offline');
  });

  it('answers a call to a tool that does not exist with an error result', async () => {
    const { result } = await turnWithCall('nope', {});
    expect(result.error).toBe('tool "nope" does not exist');
  });

  it('separates the text of successive steps, and the chunks still add up to the content', async () => {
    fake.script = [{ text: 'Let me check.', toolCalls: [{ name: 'weather', args: { city: 'Oslo' } }] }, { text: 'Sunny in Oslo.' }];
    const events = await converse(rt.url, say('weather?'));
    const done = last(events) as Extract<ConverseEvent, { type: 'done' }>;
    expect(done.content).toBe('Let me check.\n\nSunny in Oslo.');
    expect(events.filter((e) => e.type === 'chunk').map((e) => (e as { content: string }).content).join('')).toBe(done.content);
  });

  it('ends the turn with a clear message at the step limit', async () => {
    fake.script = [{ toolCalls: [{ name: 'weather', args: { city: 'Oslo' } }] }];
    fake.requests.length = 0;
    const events = await converse(rt.url, say('loop forever'));
    expect(fake.requests).toHaveLength(3);
    expect(events.filter((e) => e.type === 'tool_call')).toHaveLength(2);
    const done = last(events);
    expect(done).toMatchObject({ type: 'done', stop_reason: 'step_limit' });
    expect((done as { content: string }).content).toContain('limit of 3 reasoning steps');
  });
});

describe('tool availability', () => {
  it('narrows tools to the prompt\'s list minus its blocklist, and survives an MCP server that is down', async () => {
    const pack = {
      id: 'p',
      name: 'P',
      version: '1.0.0',
      template_engine: { version: 'v1', syntax: '{{variable}}' },
      prompts: {
        default: {
          id: 'default',
          name: 'D',
          version: '1.0.0',
          system_template: 'sys',
          tools: ['a', 'b', 'mcp_down_tool'],
          tool_policy: { blocklist: ['b'] },
        },
      },
      tools: { a: { name: 'a', description: 'A from the pack', parameters: { type: 'object', properties: { q: { type: 'string' } } } } },
    };
    const fixture = makeFixture({
      pack,
      tools: {
        tools: [
          { name: 'a', type: 'http', endpoint: 'http://127.0.0.1:1/a' },
          { name: 'b', type: 'http', endpoint: 'http://127.0.0.1:1/b' },
          { name: 'c', type: 'http', endpoint: 'http://127.0.0.1:1/c' },
          { name: 'down', type: 'mcp', endpoint: 'http://127.0.0.1:1/mcp', timeout: '1s' },
        ],
      },
    });
    const fake = await startFakeOpenAI([{ text: 'fine' }]);
    const rt = await start(fixture.env({ OMNIA_PROVIDER_TYPE: 'openai', OPENAI_API_KEY: 'k', OMNIA_PROVIDER_BASE_URL: `${fake.url}/v1` }));
    try {
      const events = await converse(rt.url, say('hi'));
      expect(last(events)).toMatchObject({ type: 'done', content: 'fine' });
      const tools = fake.requests[0]!.body.tools;
      expect(tools).toHaveLength(1);
      // The registry entry has no description or schema: the pack's definition fills them in.
      expect(tools[0].function).toEqual({ name: 'a', description: 'A from the pack', parameters: { type: 'object', properties: { q: { type: 'string' } } } });
    } finally {
      await rt.close();
      await fake.close();
      fixture.cleanup();
    }
  });
});
