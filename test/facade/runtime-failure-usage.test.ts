import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../src/facade/sessions/memory.js';
import type { SessionStore } from '../../src/facade/sessions/types.js';
import type { StartedRuntime } from '../../src/runtime/start.js';
import { makeFixture, pricedOpenAIEnv, start, weatherTools, type Fixture } from '../runtime/helpers.js';
import { openaiErrorBody, startFakeOpenAI } from '../support/fake-vendors/openai.js';
import type { FakeVendor } from '../support/fake-vendors/server.js';
import { startToolServer, type ToolServer } from '../support/fake-vendors/tool-server.js';
import { Client, startFacade, type Running } from './helpers.js';

// A conversation turn that fails after a model call completed, through the
// whole pod over loopback: a real WebSocket client → the facade (runtime
// handler, memory store) → the runtime → the OpenAI SDK against its fake → an
// HTTP tool → a second model call that fails. The tokens of the first call
// were paid for, so the session records them as one provider call, exactly as
// a successful turn would; the client still gets the error.

describe('facade: the provider call of a turn that failed after a model call completed', () => {
  let tools: ToolServer;
  let openai: FakeVendor;
  let fixture: Fixture;
  let rt: StartedRuntime;
  let store: SessionStore;
  let running: Running;

  beforeAll(async () => {
    tools = await startToolServer();
    openai = await startFakeOpenAI([{ text: 'hi' }]);
    fixture = makeFixture({ agent: { reasoningLoopMaxSteps: 5 }, tools: weatherTools(tools.url) });
    rt = await start(pricedOpenAIEnv(fixture, openai.url));
    store = createMemoryStore({ ttlMs: 3_600_000, maxSessionEvents: 500, maxSessions: 100 });
    running = await startFacade({ OMNIA_HANDLER_MODE: 'runtime', OMNIA_RUNTIME_ADDRESS: rt.url }, { store });
  });
  afterAll(async () => {
    await running?.facade.close();
    await rt?.close();
    await Promise.all([openai?.close(), tools?.close()]);
    fixture?.cleanup();
  });

  // retry-after-ms keeps the SDK's one retry immediate.
  const serverError = { status: 500, headers: { 'retry-after-ms': '1' }, body: openaiErrorBody('server_error', 'the model fell over') };

  async function failedTurn(): Promise<{ sessionId: string; reply: Record<string, any>[] }> {
    const client = await Client.open(running.wsUrl());
    try {
      const connected = await client.next();
      const reply = await client.say('Weather in Oslo?');
      return { sessionId: connected.session_id, reply };
    } finally {
      await client.close();
    }
  }

  it('records the first call\'s tokens and cost as the turn\'s provider call, and sends the error as before', async () => {
    openai.script = [{ text: 'Let me check.', toolCalls: [{ id: 'call_w', name: 'weather', args: { city: 'Oslo' } }], usage: { input: 30, output: 7 } }, serverError];
    openai.requests.length = 0;
    const { sessionId, reply } = await failedTurn();
    // The first call, then the second and its one retry.
    expect(openai.requests).toHaveLength(3);
    expect(reply.map((m) => m.type)).toEqual([...reply.slice(0, -3).map(() => 'chunk'), 'tool_call', 'tool_result', 'error']);
    // The client's error is unchanged: the code and message, no usage.
    expect(reply.at(-1)!.error).toEqual({ code: 'AGENT_UNAVAILABLE', message: expect.any(String) });

    const audit = (await store.audit(sessionId))!;
    expect(audit.providerCalls).toEqual([
      // 30 in, 7 out at 0.5 / 1.5 USD per 1K; the failed call's tokens are unknown and not counted.
      { model: 'gpt-test', provider: 'openai', input_tokens: 30, output_tokens: 7, cost_usd: 0.0255, duration_ms: expect.any(Number), at: expect.any(String) },
    ]);
    // As before: the user message only (no assistant reply for a failed turn), the tool call, the error event.
    expect(audit.messages.map((m) => [m.role, m.content])).toEqual([['user', 'Weather in Oslo?']]);
    expect(audit.toolCalls).toMatchObject([{ id: 'call_w', name: 'weather', arguments: { city: 'Oslo' }, result: { city: 'Oslo', forecast: 'sunny', celsius: 21 } }]);
    expect(audit.events).toMatchObject([{ type: 'error', detail: { code: 'AGENT_UNAVAILABLE', message: reply.at(-1)!.error.message } }]);
  });

  it('records no provider call when the first model call failed', async () => {
    openai.script = [serverError];
    openai.requests.length = 0;
    const { sessionId, reply } = await failedTurn();
    expect(openai.requests).toHaveLength(2);
    expect(reply).toMatchObject([{ type: 'error', error: { code: 'AGENT_UNAVAILABLE' } }]);
    const audit = (await store.audit(sessionId))!;
    expect(audit.providerCalls).toEqual([]);
    expect(audit.messages.map((m) => m.role)).toEqual(['user']);
    expect(audit.events).toMatchObject([{ type: 'error', detail: { code: 'AGENT_UNAVAILABLE' } }]);
  });

  it("still sends the turn's own error when the provider call cannot be stored", async () => {
    // A store whose provider_calls writes fail (a database hiccup); everything else works.
    const inner = createMemoryStore({ ttlMs: 3_600_000, maxSessionEvents: 500, maxSessions: 100 });
    const flaky: SessionStore = Object.create(inner) as SessionStore;
    flaky.recordProviderCall = () => Promise.reject(new Error('provider_calls is unavailable'));
    const other = await startFacade({ OMNIA_HANDLER_MODE: 'runtime', OMNIA_RUNTIME_ADDRESS: rt.url }, { store: flaky });
    openai.script = [{ toolCalls: [{ id: 'call_w', name: 'weather', args: { city: 'Oslo' } }], usage: { input: 30, output: 7 } }, serverError];
    const client = await Client.open(other.wsUrl());
    try {
      const { session_id: sessionId } = await client.next();
      const reply = await client.say('Weather in Oslo?');
      // The runtime's error, not the facade's generic "the reply failed".
      expect(reply.at(-1)).toMatchObject({ type: 'error', error: { code: 'AGENT_UNAVAILABLE' } });
      expect(reply.at(-1)!.error.message).not.toMatch(/the reply failed/);
      const audit = (await inner.audit(sessionId))!;
      expect(audit.providerCalls).toEqual([]);
      expect(audit.events).toMatchObject([{ type: 'error', detail: { code: 'AGENT_UNAVAILABLE' } }]);
    } finally {
      await client.close();
      await other.facade.close();
    }
  });
});
