import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createFacade, type Facade } from '../../src/facade/app.js';
import { loadFacadeConfig } from '../../src/facade/config.js';
import { createMemoryStore } from '../../src/facade/sessions/memory.js';
import type { SessionStore } from '../../src/facade/sessions/types.js';
import type { StartedRuntime } from '../../src/runtime/start.js';
import { startFakeAnthropic } from '../support/fake-vendors/anthropic.js';
import type { FakeVendor } from '../support/fake-vendors/server.js';
import { startToolServer, type ToolServer } from '../support/fake-vendors/tool-server.js';
import { makeFixture, start, type Fixture } from '../runtime/helpers.js';

// The whole agent pod over loopback: a real WebSocket client → the facade
// (runtime handler, memory session store) → the runtime → Claude's SDK against
// the fake Anthropic server → an HTTP tool → the streamed answer.

type Msg = Record<string, any> & { type: string };

class WsClient {
  private queue: Msg[] = [];
  private waiters: ((m: Msg) => void)[] = [];
  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const m = JSON.parse(data.toString()) as Msg;
      const w = this.waiters.shift();
      if (w) w(m);
      else this.queue.push(m);
    });
  }
  static open(url: string): Promise<WsClient> {
    const ws = new WebSocket(url);
    const c = new WsClient(ws);
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(c));
      ws.once('error', reject);
    });
  }
  next(): Promise<Msg> {
    const q = this.queue.shift();
    if (q) return Promise.resolve(q);
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('no message within 10s')), 10_000);
      this.waiters.push((m) => {
        clearTimeout(t);
        resolve(m);
      });
    });
  }
  async say(content: string): Promise<Msg[]> {
    this.ws.send(JSON.stringify({ type: 'message', content }));
    const out: Msg[] = [];
    for (;;) {
      const m = await this.next();
      out.push(m);
      if (m.type === 'done' || m.type === 'error') return out;
    }
  }
  close(): void {
    this.ws.close();
  }
}

describe('end to end: WebSocket → facade → runtime → vendor → tool', () => {
  let tools: ToolServer;
  let vendor: FakeVendor;
  let fixture: Fixture;
  let rt: StartedRuntime;
  let store: SessionStore;
  let facade: Facade;
  let port: number;
  let healthPort: number;

  beforeAll(async () => {
    tools = await startToolServer();
    vendor = await startFakeAnthropic([
      { toolCalls: [{ name: 'weather', args: { city: 'Paris' } }], usage: { input: 100, output: 20 } },
      { text: 'It is sunny in Paris, 21°C.', usage: { input: 150, output: 12 } },
    ]);
    fixture = makeFixture({
      agent: { instructions: 'Use tools for facts.', reasoningLoopMaxSteps: 5 },
      tools: {
        tools: [
          {
            name: 'weather',
            description: 'Weather for a city',
            type: 'http',
            endpoint: `${tools.url}/weather`,
            inputSchema: { type: 'object', properties: { city: { type: 'string' } } },
            timeout: '5s',
            retries: 1,
          },
        ],
      },
    });
    rt = await start(
      fixture.env({
        OMNIA_PROVIDER_TYPE: 'claude',
        ANTHROPIC_API_KEY: 'sk-ant-e2e',
        OMNIA_PROVIDER_BASE_URL: vendor.url,
        OMNIA_PROVIDER_INPUT_COST_PER_1K: '0.003',
        OMNIA_PROVIDER_OUTPUT_COST_PER_1K: '0.015',
      }),
    );
    store = createMemoryStore({ ttlMs: 3_600_000, maxSessionEvents: 500, maxSessions: 100 });
    const config = loadFacadeConfig({
      OMNIA_AGENT_NAME: 'weather-bot',
      OMNIA_NAMESPACE: 'e2e',
      OMNIA_FACADE_PORT: '0',
      OMNIA_HEALTH_PORT: '0',
      OMNIA_BIND_ADDRESS: '127.0.0.1',
      OMNIA_HANDLER_MODE: 'runtime',
      OMNIA_RUNTIME_ADDRESS: rt.url,
      OMNIA_FACADE_ALLOW_UNAUTHENTICATED: 'true',
    });
    facade = createFacade(config, { store, logger: pino({ level: 'silent' }) });
    ({ port, healthPort } = await facade.listen());
  });

  afterAll(async () => {
    await facade?.close();
    await rt?.close();
    await vendor?.close();
    await tools?.close();
    fixture?.cleanup();
  });

  it('streams a tool-using answer to the client and stores the session', async () => {
    const client = await WsClient.open(`ws://127.0.0.1:${port}/ws`);
    try {
      const connected = await client.next();
      expect(connected.type).toBe('connected');
      const sessionId = connected.session_id as string;

      const reply = await client.say('What is the weather in Paris?');
      const types = reply.map((m) => m.type);
      expect(types[0]).toBe('tool_call');
      expect(types[1]).toBe('tool_result');
      expect(types.at(-1)).toBe('done');
      expect(types.filter((t) => t === 'chunk').length).toBeGreaterThan(1);
      expect(reply[0]!.tool_call).toMatchObject({ name: 'weather', arguments: { city: 'Paris' } });
      expect(reply[1]!.tool_result).toMatchObject({ result: { city: 'Paris', forecast: 'sunny', celsius: 21 } });
      expect(reply.at(-1)!.content).toBe('It is sunny in Paris, 21°C.');
      for (const m of reply) expect(m.session_id).toBe(sessionId);
      expect(tools.calls.at(-1)?.body).toEqual({ city: 'Paris' });

      const audit = await store.audit(sessionId);
      expect(audit?.messages.map((m) => [m.role, m.content])).toEqual([
        ['user', 'What is the weather in Paris?'],
        ['assistant', 'It is sunny in Paris, 21°C.'],
      ]);
      expect(audit?.toolCalls[0]).toMatchObject({ name: 'weather', arguments: { city: 'Paris' }, result: { city: 'Paris', forecast: 'sunny', celsius: 21 } });
      // One provider call for the turn: both model calls summed, with the model and vendor that answered.
      expect(audit?.providerCalls).toHaveLength(1);
      expect(audit?.providerCalls[0]).toMatchObject({ provider: 'claude', input_tokens: 250, output_tokens: 32 });
      expect(audit?.providerCalls[0]!.model).not.toBe('unknown');
      expect(audit?.providerCalls[0]!.cost_usd).toBeCloseTo(0.25 * 0.003 + 0.032 * 0.015, 9);

      // The next turn carries the stored history to the vendor.
      vendor.script = [{ text: 'Still sunny.' }];
      vendor.requests.length = 0;
      const second = await client.say('And tomorrow?');
      expect(second.at(-1)).toMatchObject({ type: 'done', content: 'Still sunny.' });
      const sent = vendor.requests[0]!.body.messages;
      expect(sent).toEqual([
        { role: 'user', content: 'What is the weather in Paris?' },
        { role: 'assistant', content: 'It is sunny in Paris, 21°C.' },
        { role: 'user', content: 'And tomorrow?' },
      ]);
      expect(vendor.requests[0]!.body.system).toBe('You are a helpful assistant for Acme.\n\nUse tools for facts.');
    } finally {
      client.close();
    }
  });

  it('turns the facade\'s /readyz red when the runtime goes away, and answers AGENT_UNAVAILABLE', async () => {
    const ready = async () => (await fetch(`http://127.0.0.1:${healthPort}/readyz`)).status;
    expect(await ready()).toBe(200);
    await rt.close();
    // The handler caches /healthz for 2 s: poll until the cache expires.
    let status = 200;
    for (let i = 0; i < 40 && status === 200; i++) {
      await new Promise((r) => setTimeout(r, 100));
      status = await ready();
    }
    expect(status).toBe(503);
    const client = await WsClient.open(`ws://127.0.0.1:${port}/ws`);
    try {
      await client.next();
      const reply = await client.say('hello?');
      expect(reply.at(-1)).toMatchObject({ type: 'error', error: { code: 'AGENT_UNAVAILABLE' } });
    } finally {
      client.close();
    }
  });
});
