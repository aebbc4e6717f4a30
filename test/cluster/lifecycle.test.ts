// An agent's whole life against the real garbage collector and Metacontroller:
// a hook-server outage deletes nothing (Metacontroller keeps the children it
// cannot recompute) and the change made meanwhile lands once the server is back;
// deleting the AgentRuntime (finalize hook, then owner-reference collection)
// leaves no object of it behind, pods and ReplicaSets included.
import { beforeAll, describe, expect, it } from 'vitest';
import { apply, control, get, kubectl, list, namespace, waitFor, type Json } from './support/cluster.js';
import { agent, mockProvider, packSource, promptPack, rolledOut } from './support/objects.js';

const NS = 'lifecycle';
const KINDS = 'deployments,replicasets,pods,services,configmaps,horizontalpodautoscalers,poddisruptionbudgets,scaledobjects';

/** uid → kind/name of every object in the namespace that belongs to `instance` (label or owner chain). */
async function objectsOf(instance: string, agentUid: string): Promise<Map<string, string>> {
  const all = await list(KINDS, NS);
  const uids = new Set([agentUid]);
  // Owner chains: AgentRuntime → Deployment → ReplicaSet → Pod.
  for (let grew = true; grew; ) {
    grew = false;
    for (const o of all) {
      if (!uids.has(o.metadata.uid) && (o.metadata.ownerReferences ?? []).some((r: Json) => uids.has(r.uid))) {
        uids.add(o.metadata.uid);
        grew = true;
      }
    }
  }
  const mine = all.filter((o: Json) => uids.has(o.metadata.uid) || o.metadata.labels?.['app.kubernetes.io/instance'] === instance);
  return new Map(mine.map((o: Json) => [o.metadata.uid, `${o.kind}/${o.metadata.name}`]));
}

// Metacontroller calls customize before each sync: with the server down that call is the one that fails.
const agentCalls = async (): Promise<number> => {
  const counts = (await control('GET', '/proxy/counts')) as Record<string, number>;
  return (counts['/hooks/agentruntime/customize'] ?? 0) + (counts['/hooks/agentruntime/sync'] ?? 0);
};

describe('agent lifecycle on a real cluster', () => {
  let uid: string;

  beforeAll(async () => {
    await namespace(NS);
    await apply([mockProvider('mock'), packSource('life', '1.0.0', 'Alive.'), promptPack('life', '1.0.0'), agent('life-agent', 'life', 'mock', { runtime: { replicas: 2 } })], NS);
    const live = await waitFor('life-agent Running', async () => {
      const a = await get('agentruntime', 'life-agent', NS);
      return a?.status?.phase === 'Running' ? a : undefined;
    }, 120_000);
    uid = live.metadata.uid;
  });

  it('hook server down: failed syncs delete nothing; back up: the change made meanwhile lands', async () => {
    const before = await objectsOf('life-agent', uid);
    expect([...before.values()].filter((k) => k.startsWith('Pod/'))).toHaveLength(2);

    await control('POST', '/hooks/stop');
    try {
      const calls = await agentCalls();
      // A change Metacontroller must sync while every hook call fails.
      await kubectl(['patch', 'agentruntime', 'life-agent', '-n', NS, '--type=merge', '-p', '{"spec":{"runtime":{"replicas":3}}}']);
      await waitFor('three failed hook calls', async () => (await agentCalls()) >= calls + 3, 60_000);
      const during = await objectsOf('life-agent', uid);
      expect([...before.keys()].filter((k) => !during.has(k)).map((k) => before.get(k))).toEqual([]);
      expect((await get('deployment', 'life-agent', NS)).spec.replicas).toBe(2);
    } finally {
      await control('POST', '/hooks/start');
    }
    await waitFor('the Deployment at 3 replicas, rolled out', async () => {
      const d = await get('deployment', 'life-agent', NS);
      return d?.spec.replicas === 3 && rolledOut(d);
    }, 120_000);
    const after = await objectsOf('life-agent', uid);
    expect([...before.keys()].filter((k) => !after.has(k) && !before.get(k)?.startsWith('Pod/'))).toEqual([]);
  });

  it('deleting the AgentRuntime leaves nothing of it behind', async () => {
    expect((await objectsOf('life-agent', uid)).size).toBeGreaterThan(5);
    await kubectl(['delete', 'agentruntime', 'life-agent', '-n', NS, '--wait=false']);
    await waitFor('the AgentRuntime gone', async () => (await get('agentruntime', 'life-agent', NS)) === undefined, 60_000);
    const left = await waitFor('no object of the agent left', async () => {
      const objects = await objectsOf('life-agent', uid);
      return objects.size === 0 ? objects : undefined;
    }, 90_000);
    expect(left.size).toBe(0);
    // The pack and provider are not the agent's: they stay.
    expect(await get('promptpack', 'life', NS)).toBeDefined();
  });
});
