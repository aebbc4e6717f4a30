// The runtime's peer tools against a real @a2a-js/sdk server on loopback: the
// tool is described from the peer's card, a call sends the last contextLimit
// messages, the delegation chain (with this agent appended) and the network
// token, and the peer's streamed answer comes back whole as the tool result.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DELEGATION_CHAIN_KEY } from '../../../src/contract/delegation.js';
import type { WireMessage } from '../../../src/contract/runtime-wire.js';
import { PeerTools, peerToolName } from '../../../src/runtime/peers/peer-tools.js';
import { startFakePeer, type FakePeer } from '../../support/a2a-peer.js';

let worker: FakePeer;
let failing: FakePeer;

beforeAll(async () => {
  worker = await startFakePeer({
    name: 'worker',
    description: 'Researches a topic and answers with sources.',
    skills: [{ name: 'research', description: 'finds and summarises sources' }],
    reply: (text) => ({ chunks: ['The answer ', 'is ', `${text.length} characters long.`] }),
  });
  failing = await startFakePeer({ name: 'broken', description: 'Always fails.', skills: [], reply: () => ({ fail: 'out of budget' }) });
});
afterAll(async () => {
  await worker.close();
  await failing.close();
});

const history: WireMessage[] = [
  { role: 'user', content: 'first question' },
  { role: 'assistant', content: 'first answer' },
  { role: 'user', content: 'second question' },
  { role: 'assistant', content: 'second answer' },
  { role: 'user', content: 'ask the worker please' },
];
const ctx = (chain: string[] = []) => ({ messages: history, chain, signal: new AbortController().signal });

describe('peer tools', () => {
  it('offers each reachable peer as a tool described by its card, and skips an unreachable one', async () => {
    const tools = new PeerTools(
      { peers: [{ name: 'worker', cardUrl: worker.cardUrl }, { name: 'gone.peer', cardUrl: 'http://127.0.0.1:1/.well-known/agent-card.json' }] },
      'coordinator',
      2,
    );
    const specs = await tools.specs();
    expect(specs.map((s) => s.name)).toEqual(['worker']);
    expect(specs[0]!.description).toContain('Researches a topic and answers with sources.');
    expect(specs[0]!.description).toContain('research: finds and summarises sources');
    expect(specs[0]!.inputSchema).toMatchObject({ required: ['message'] });
    expect(peerToolName('gone.peer')).toBe('gone_peer');
  });

  it('sends the request with the last contextLimit messages, the chain and the token; returns the streamed answer', async () => {
    const tools = new PeerTools({ peers: [{ name: 'worker', cardUrl: worker.cardUrl }], token: 'network-token' }, 'coordinator', 2);
    const before = worker.received.length;
    const outcome = await tools.call('worker', { message: 'summarise the sources' }, ctx(['gateway-agent']));
    const got = worker.received[before]!;
    expect(got.text).toContain('assistant: second answer\nuser: ask the worker please');
    expect(got.text).not.toContain('second question');
    expect(got.text).toMatch(/Request:\nsummarise the sources$/);
    expect(got.metadata?.[DELEGATION_CHAIN_KEY]).toEqual(['gateway-agent', 'coordinator']);
    expect(got.authorization).toBe('Bearer network-token');
    expect(outcome).toEqual({ ok: true, result: `The answer is ${got.text.length} characters long.` });
  });

  it('contextLimit 0 sends the request alone', async () => {
    const tools = new PeerTools({ peers: [{ name: 'worker', cardUrl: worker.cardUrl }] }, 'coordinator', 0);
    const before = worker.received.length;
    await tools.call('worker', { message: 'just this' }, ctx());
    expect(worker.received[before]!.text).toBe('just this');
    expect(worker.received[before]!.authorization).toBeUndefined();
  });

  it("a failed peer task, a missing message and an unknown tool are error outcomes, not throws", async () => {
    const tools = new PeerTools({ peers: [{ name: 'broken', cardUrl: failing.cardUrl }] }, 'coordinator', 6);
    expect(await tools.call('broken', { message: 'try' }, ctx())).toEqual({ ok: false, error: 'agent "broken" could not answer: out of budget' });
    expect(await tools.call('broken', {}, ctx())).toEqual({ ok: false, error: 'delegating to "broken" needs a non-empty "message"' });
    expect(await tools.call('nobody', { message: 'x' }, ctx())).toEqual({ ok: false, error: 'tool "nobody" does not exist' });
  });
});
