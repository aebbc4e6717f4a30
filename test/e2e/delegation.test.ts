// Delegation between two agent pods as the AgentRuntime sync builds them
// (test/support/pod.ts runs each Deployment as its two processes): a
// coordinator with agentNetwork.access [worker] and a worker, strict auth on
// both with the network token of a shared Secret, each with a fake Anthropic
// vendor. The coordinator's model asks to delegate; the worker answers through
// A2A; the coordinator's answer carries the worker's. The worker keeps the
// delegated turn in its (Redis) session store. A cycle and a chain over the
// depth limit are refused by the callee, seen through the official A2A client.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Redis } from 'ioredis';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGENT_CARD_PATH, DELEGATION_CHAIN_KEY } from '../../src/contract/delegation.js';
import { createRedisStore } from '../../src/facade/sessions/redis.js';
import { sync } from '../../src/hooks/agentruntime/sync.js';
import { connectPeer, peerRequest, readAnswer } from '../../src/runtime/peers/a2a.js';
import { deploymentOf, startPod, type PodObject, type RunningPod } from '../support/pod.js';
import { startFakeAnthropic } from '../support/fake-vendors/anthropic.js';
import type { FakeVendor } from '../support/fake-vendors/server.js';
import { startRedis, type RedisServer } from '../support/redis-server.js';
import { BASIC_PACK } from '../runtime/helpers.js';

const USER_KEY = 'user-key-0123456789';
const NETWORK_TOKEN = 'network-token-abcdef';
const WORKER_ANSWER = 'Paris has 2.1 million inhabitants.';
const fixture = path.resolve(import.meta.dirname, '../fixtures/agentruntime/delegate-coordinator/request.json');
const secret = (name: string, data: Record<string, string>) => ({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name, namespace: 'agents', resourceVersion: '1' },
  type: 'Opaque',
  data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
});

/** The sync request of one of the two agents: the coordinator fixture, renamed and re-specified. */
function request(name: string, spec: Record<string, unknown>, redisUrl: string): any {
  const req = JSON.parse(readFileSync(fixture, 'utf8'));
  req.parent.metadata.name = name;
  req.parent.spec = { ...req.parent.spec, ...spec, facade: { auth: { apiKeysSecretRef: { name: 'user-keys' } } } };
  req.related['Secret.v1']['agents/user-keys'] = secret('user-keys', { 'api-keys': USER_KEY });
  req.related['Secret.v1']['agents/worker-store'] = secret('worker-store', { url: redisUrl });
  return req;
}

interface AgentPod {
  pod: RunningPod;
  /** http://127.0.0.1:<the local port standing for the facade's container port> */
  facadeUrl: string;
}

async function startAgent(req: any, vendor: FakeVendor, redisUrl: string, runtimeEnv: Record<string, string> = {}): Promise<AgentPod> {
  const response = sync(req, new Date('2026-03-01T12:00:00Z'));
  expect((response.status as any).conditions.find((c: any) => c.type === 'Ready').message).not.toMatch(/invalid|not found/i);
  const stringSecret = (name: string, stringData: Record<string, string>): PodObject => ({ kind: 'Secret', metadata: { name }, stringData });
  // What the cluster holds for the pod: the sync's ConfigMap, the pack version's, the Secrets.
  const objects: PodObject[] = [
    ...(response.children.filter((c) => c.kind === 'ConfigMap') as unknown as PodObject[]),
    { kind: 'ConfigMap', metadata: { name: 'assistant-prompts-v1-0-0' }, data: { 'pack.json': JSON.stringify(BASIC_PACK) } },
    stringSecret('llm-credentials', { ANTHROPIC_API_KEY: 'sk-ant-pod' }),
    stringSecret('user-keys', { 'api-keys': `${USER_KEY}\n` }),
    stringSecret('agent-network', { 'peer-token': `${NETWORK_TOKEN}\n` }),
    stringSecret('worker-store', { url: redisUrl }),
  ];
  const pod = await startPod(deploymentOf(response.children), {
    objects,
    env: { runtime: { OMNIA_PROVIDER_BASE_URL: vendor.url, ...runtimeEnv } },
    readyTimeoutMs: 240_000,
  });
  return { pod, facadeUrl: `http://127.0.0.1:${pod.port('facade', 'facade')}` };
}

describe('delegation between two pods as built', () => {
  let redis: RedisServer;
  let workerVendor: FakeVendor;
  let coordinatorVendor: FakeVendor;
  let worker: AgentPod;
  let coordinator: AgentPod;

  beforeAll(async () => {
    redis = await startRedis();
    workerVendor = await startFakeAnthropic([{ text: WORKER_ANSWER, usage: { input: 40, output: 9 } }]);
    coordinatorVendor = await startFakeAnthropic([
      { toolCalls: [{ name: 'worker', args: { message: 'How many people live in Paris?' } }], usage: { input: 90, output: 15 } },
      { text: `According to the worker: ${WORKER_ANSWER}`, usage: { input: 130, output: 12 } },
    ]);
    const network = { peerCredentialSecretRef: { name: 'agent-network' } };
    worker = await startAgent(
      request('worker', { agentNetwork: network, config: { description: 'Answers questions about cities' }, session: { type: 'redis', storeRef: { name: 'worker-store' } } }, redis.url),
      workerVendor,
      redis.url,
    );
    // A machine is not a cluster: the card URL the hook wrote names the worker's Service; here it is the worker's loopback port.
    coordinator = await startAgent(request('coordinator', { agentNetwork: { ...network, access: ['worker'] } }, redis.url), coordinatorVendor, redis.url, {
      PEER_AGENT_WORKER_CARD_URL: `${worker.facadeUrl}${AGENT_CARD_PATH}`,
    });
  }, 300_000);

  afterAll(async () => {
    await coordinator?.pod.stop();
    await worker?.pod.stop();
    await coordinatorVendor?.close();
    await workerVendor?.close();
    await redis?.stop();
  });

  it("the coordinator delegates to the worker and answers with the worker's answer", async () => {
    const client = new OpenAI({ baseURL: `${coordinator.facadeUrl}/v1`, apiKey: USER_KEY, maxRetries: 0 });
    const completion = await client.chat.completions.create({ model: 'coordinator', messages: [{ role: 'user', content: 'Ask the worker how many people live in Paris.' }] });
    expect(completion.choices[0]?.message.content).toContain(WORKER_ANSWER);

    // The model was offered the worker as a tool, described by the worker's card.
    const offered = coordinatorVendor.requests[0]!.body.tools as { name: string; description: string }[];
    expect(offered.find((t) => t.name === 'worker')?.description).toContain('Answers questions about cities');
    // The worker's answer came back as the tool result the model read.
    expect(JSON.stringify(coordinatorVendor.requests[1]!.body.messages)).toContain(WORKER_ANSWER);
    // The worker got the request with the recent conversation, and answered it with its own model.
    const asked = JSON.stringify(workerVendor.requests[0]!.body.messages);
    expect(asked).toContain('How many people live in Paris?');
    expect(asked).toContain('Ask the worker how many people live in Paris.');
  }, 60_000);

  it("the worker's session store holds the delegated session", async () => {
    const keys = new Redis(redis.url);
    const ids = (await keys.keys('omnia:session:*')).filter((k) => !k.slice('omnia:session:'.length).includes(':')).map((k) => k.slice('omnia:session:'.length));
    await keys.quit();
    expect(ids).toHaveLength(1);
    const store = createRedisStore({ url: redis.url, ttlMs: 60_000, maxSessionEvents: 100 });
    try {
      const session = await store.get(ids[0]!);
      expect(session).toMatchObject({ agent: 'worker', tags: expect.arrayContaining(['a2a']) });
      const history = await store.history(ids[0]!);
      expect(history.map((m) => m.role)).toEqual(['user', 'assistant']);
      expect(history[0]!.content).toContain('How many people live in Paris?');
      expect(history[1]!.content).toBe(WORKER_ANSWER);
    } finally {
      await store.close();
    }
  });

  it('the callee refuses a cycle and a chain over OMNIA_MAX_DELEGATION_DEPTH (default 5)', async () => {
    const { client } = await connectPeer(`${coordinator.facadeUrl}${AGENT_CARD_PATH}`, NETWORK_TOKEN);
    const send = (chain: string[]) => readAnswer(client.sendMessageStream(peerRequest('hello', { [DELEGATION_CHAIN_KEY]: chain })));
    await expect(send(['worker', 'coordinator', 'worker'])).rejects.toThrow(/delegation_cycle: .*worker → coordinator → worker → coordinator/);
    await expect(send(['a', 'b', 'c', 'd', 'e', 'f'])).rejects.toThrow(/delegation_too_deep: delegation depth 6 exceeds the limit of 5/);
    // Within the limit and without the callee: admitted (the coordinator's scripted model answers).
    await expect(send(['a', 'b', 'c', 'd', 'e'])).resolves.toContain(WORKER_ANSWER);
  }, 60_000);

  it('the network token is admitted by the facade; no token is refused', async () => {
    await expect(connectPeer(`${worker.facadeUrl}${AGENT_CARD_PATH}`, NETWORK_TOKEN)).resolves.toBeDefined();
    const res = await fetch(`${worker.facadeUrl}/a2a`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(401);
  });
});
