// Delegation and exposure on a real control plane: two agents that may call
// each other (coordinator ↔ worker) both reach Running — the dependency gate
// counts a peer once it exists and is exposed, so neither waits for the other —
// with KAOS's PEER_AGENTS / PEER_AGENT_<NAME>_CARD_URL on their Deployments;
// the coordinator's HTTPRoute child is accepted by the API server (the Gateway
// API CRDs of the install) and its status names the external URL.
import { beforeAll, describe, expect, it } from 'vitest';
import { apply, condition, get, namespace, waitFor, type Json } from './support/cluster.js';
import { agent, mockProvider, packSource, promptPack } from './support/objects.js';

const NS = 'network';
const HOST = 'coordinator.example.com';

const runtimeEnv = (d: Json): Record<string, string> =>
  Object.fromEntries(
    (d.spec.template.spec.containers.find((c: Json) => c.name === 'runtime')?.env ?? []).filter((e: Json) => e.value !== undefined).map((e: Json) => [e.name, e.value]),
  );

const running = (name: string) => async () => {
  const a = await get('agentruntime', name, NS);
  return a?.status?.phase === 'Running' && a.status.observedGeneration === a.metadata.generation ? a : undefined;
};

describe('agent network on a real cluster', () => {
  beforeAll(async () => {
    await namespace(NS);
    await apply(
      [
        mockProvider('mock'),
        packSource('team', '1.0.0', 'You are part of a team.'),
        promptPack('team', '1.0.0'),
        agent('worker', 'team', 'mock', { config: { description: 'Answers questions' }, agentNetwork: { access: ['coordinator'] } }),
        agent('coordinator', 'team', 'mock', {
          agentNetwork: { access: ['worker'] },
          gatewayRoute: { parentRef: { name: 'public', namespace: 'gateway-system' }, hostnames: [HOST] },
        }),
      ],
      NS,
    );
  });

  it('a pair with mutual access reaches Running, each with the other as its peer', async () => {
    const [coordinator, worker] = await Promise.all([waitFor('coordinator Running', running('coordinator'), 150_000), waitFor('worker Running', running('worker'), 150_000)]);
    for (const [a, peer] of [[coordinator, 'worker'], [worker, 'coordinator']] as const) {
      expect(condition(a, 'PeersReady')).toMatchObject({ status: 'True', reason: 'Exposed' });
      expect(a.status.linkedResources).toContainEqual(expect.objectContaining({ kind: 'AgentRuntime', name: peer, namespace: NS }));
      const env = runtimeEnv(await get('deployment', a.metadata.name, NS));
      expect(env.PEER_AGENTS).toBe(peer);
      expect(env[`PEER_AGENT_${peer.toUpperCase()}_CARD_URL`]).toBe(`http://${peer}.${NS}.svc.cluster.local:8080/.well-known/agent-card.json`);
    }
  });

  it("the coordinator's HTTPRoute is accepted, and its status names the external URL", async () => {
    const route = await waitFor('HTTPRoute coordinator', async () => get('httproute.gateway.networking.k8s.io', 'coordinator', NS), 90_000);
    expect(route.spec.parentRefs).toEqual([expect.objectContaining({ name: 'public', namespace: 'gateway-system' })]);
    expect(route.spec.hostnames).toEqual([HOST]);
    expect(route.spec.rules[0].backendRefs).toEqual([expect.objectContaining({ name: 'coordinator', port: 8080 })]);
    expect(route.spec.rules[0].timeouts).toEqual({ request: '120s' });
    const owner = (route.metadata.ownerReferences ?? []).find((o: Json) => o.kind === 'AgentRuntime');
    expect(owner?.name).toBe('coordinator');
    const coordinator = await waitFor('status.externalURL', async () => {
      const a = await get('agentruntime', 'coordinator', NS);
      return a?.status?.externalURL ? a : undefined;
    });
    expect(coordinator.status.externalURL).toBe(`https://${HOST}`);
    // The worker has no route.
    expect(await get('httproute.gateway.networking.k8s.io', 'worker', NS)).toBeUndefined();
  });
});
