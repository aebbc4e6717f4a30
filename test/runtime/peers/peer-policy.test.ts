// The prompt's tool policy narrows the agent's peers as it narrows the
// registry's tools: a peer left out of the prompt's `tools` list, or named in
// its `tool_policy.blocklist`, is not offered to the model, and a call of it
// (a model that names it anyway) is refused as unavailable without reaching
// the peer. A peer the prompt allows is offered and called. Real runtime
// process, the OpenAI SDK against its fake, a real @a2a-js/sdk peer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConverseEvent } from '../../../src/contract/runtime-wire.js';
import { peerCardUrlEnvName } from '../../../src/contract/delegation.js';
import { startFakePeer, type FakePeer } from '../../support/a2a-peer.js';
import { startFakeOpenAI } from '../../support/fake-vendors/openai.js';
import type { FakeVendor } from '../../support/fake-vendors/server.js';
import { startToolServer, type ToolServer } from '../../support/fake-vendors/tool-server.js';
import { BASIC_PACK, converse, makeFixture, say, start, type Fixture } from '../helpers.js';

type ToolResult = Extract<ConverseEvent, { type: 'tool_result' }>;

describe('the prompt tool policy applies to peers', () => {
  let worker: FakePeer;
  let toolServer: ToolServer;
  let fake: FakeVendor;
  const fixtures: Fixture[] = [];

  beforeAll(async () => {
    worker = await startFakePeer({ name: 'worker', description: 'Does the work.', skills: [], reply: () => ({ chunks: ['done by the worker'] }) });
    toolServer = await startToolServer();
    fake = await startFakeOpenAI([]);
  });
  afterAll(async () => {
    await Promise.all([worker?.close(), fake?.close(), toolServer?.close()]);
    for (const f of fixtures) f.cleanup();
  });

  /** One turn whose model calls the worker, then answers; returns the tools offered first and the worker's result. */
  async function turn(policy: { tools?: string[]; tool_policy?: Record<string, unknown> }) {
    const pack = structuredClone(BASIC_PACK) as any;
    Object.assign(pack.prompts.default, policy);
    const fixture = makeFixture({
      pack,
      tools: { tools: [{ name: 'weather', description: 'forecast', type: 'http', endpoint: `${toolServer.url}/weather`, timeout: '5s', retries: 0 }] },
    });
    fixtures.push(fixture);
    fake.script = [{ toolCalls: [{ name: 'worker', args: { message: 'do it' } }] }, { text: 'finished' }];
    fake.requests.length = 0;
    const rt = await start(
      fixture.env({
        OMNIA_PROVIDER_TYPE: 'openai',
        OPENAI_API_KEY: 'k',
        OMNIA_PROVIDER_BASE_URL: `${fake.url}/v1`,
        PEER_AGENTS: 'worker',
        [peerCardUrlEnvName('worker')]: worker.cardUrl,
      }),
    );
    try {
      const asked = worker.received.length;
      const events = await converse(rt.url, say('get it done'));
      const offered = ((fake.requests[0]!.body.tools ?? []) as { function: { name: string } }[]).map((t) => t.function.name);
      const result = events.find((e): e is ToolResult => e.type === 'tool_result');
      return { offered, result, reachedPeer: worker.received.length - asked };
    } finally {
      await rt.close();
    }
  }

  it('offers and calls a peer when the prompt lists no tools', async () => {
    const r = await turn({});
    expect(r.offered).toEqual(['weather', 'worker']);
    expect(r.reachedPeer).toBe(1);
    expect(JSON.stringify(r.result)).toContain('done by the worker');
  });

  it('offers and calls a peer the prompt names in its tools list', async () => {
    const r = await turn({ tools: ['worker'] });
    expect(r.offered).toEqual(['worker']);
    expect(r.reachedPeer).toBe(1);
  });

  it.each([
    ['left out of the tools list', { tools: ['weather'] }],
    ['on the blocklist', { tool_policy: { blocklist: ['worker'] } }],
  ])('neither offers nor calls a peer %s', async (_case, policy) => {
    const r = await turn(policy);
    expect(r.offered).not.toContain('worker');
    expect(r.offered).toContain('weather');
    expect(r.reachedPeer).toBe(0);
    expect(JSON.stringify(r.result)).toContain('tool \\"worker\\" is not available to this agent');
  });
});
