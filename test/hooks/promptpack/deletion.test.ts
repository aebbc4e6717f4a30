// Deleting a PromptPack must not break its agents later (issue 17). The version
// ConfigMaps are the pack's children, so the garbage collector deletes them with
// it; the finalize hook keeps those an agent runs (in-use protection, like a
// PersistentVolumeClaim a pod mounts) until no agent runs them. Walked through
// both hooks: the pack's finalize answers and the agent's sync with the pack
// Deleting, then gone.
import { describe, expect, it } from 'vitest';
import { hooks } from '../../../src/hooks/promptpack/index.js';
import type { CompositeSyncResponse, KubeObject } from '../../../src/hooks/metacontroller.js';
import { agent, apply, packText, requestOf, type World } from './cluster-sim.js';
import { agentRequest, conditionOf, deploymentsOf, runAgent, type AgentRes, type Json } from '../support/pack-agent.js';

type Hook = (request: unknown, now: Date) => CompositeSyncResponse;
const syncPack = hooks.sync as Hook;
const finalizePack = hooks.finalize as Hook;
const T0 = Date.parse('2026-03-01T12:00:00Z');
const at = (seconds: number): Date => new Date(T0 + seconds * 1000);
const DELETED = '2026-03-01T13:00:00Z';
const spec = (version: string) => ({ source: { type: 'configmap', configMapRef: { name: 'support-prompts' } }, version, rollout: { type: 'immediate' } });
const V1 = packText('1.0.0');
const V2 = packText('2.0.0', true);

const serviceOf = (res: AgentRes): KubeObject[] => res.children.filter((c) => c.kind === 'Service');
const inUse = (r: CompositeSyncResponse): Json => (r.status.conditions as Json[]).find((c) => c.type === 'InUse')!;
const packVolume = (dep: Json): string => (dep.spec.template.spec.volumes as Json[]).find((v) => v.name === 'promptpack')!.configMap.name as string;

/** Pack serving 1.0.0, agent "support-bot" running it; the agent's Service is what the pack relates. */
function running(): { world: World; bot: AgentRes } {
  let world: World = { spec: spec('1.0.0'), children: [], source: { 'pack.json': V1 }, agents: [], services: [] };
  world = apply(world, syncPack(requestOf(world), at(0)));
  const bot = runAgent(agentRequest('support-bot', undefined, { spec: world.spec, status: world.status }));
  world = { ...world, services: serviceOf(bot) };
  world = apply(world, syncPack(requestOf(world), at(1)));
  return { world, bot };
}

describe('deleting a PromptPack its agents still run', () => {
  it('keeps the version ConfigMap, stays Deleting naming the agent, and lets go once the agent is gone', () => {
    const { world, bot } = running();
    const live = world.children;
    expect(live.map((c) => c.metadata.name)).toEqual(['customer-support-v1-0-0']);

    const deleting: World = { ...world, deletionTimestamp: DELETED };
    const held = finalizePack(requestOf(deleting), at(3600));
    expect(held.finalized).toBe(false);
    expect(held.resyncAfterSeconds).toBe(60);
    // Re-emitted exactly as last applied: keeping it writes nothing.
    expect(held.children).toEqual(live.map((c) => JSON.parse(c.metadata.annotations!['metacontroller.k8s.io/last-applied-configuration']!)));
    expect(held.status).toMatchObject({ phase: 'Deleting', referencingAgents: 1, versions: [{ version: '1.0.0', configMapName: 'customer-support-v1-0-0' }] });
    expect(inUse(held)).toMatchObject({
      status: 'True',
      reason: 'AgentsRunningVersions',
      message: 'deletion waits for 1 AgentRuntime still running its versions: support-bot (1.0.0); point their spec.promptPackRef at another PromptPack or delete them',
    });

    // The agent sees its pack Deleting: nothing moves (the Deployment and its
    // Service stay as last applied), and the condition says what to do.
    const meanwhile = runAgent(agentRequest('support-bot', undefined, { spec: deleting.spec, status: held.status, deletionTimestamp: DELETED }, bot.children));
    expect(meanwhile.children).toEqual(bot.children);
    expect(deploymentsOf(meanwhile).map(packVolume)).toEqual(['customer-support-v1-0-0']);
    expect(conditionOf(meanwhile, 'PromptPackReady')).toMatchObject({ status: 'False', reason: 'PromptPackDeleting' });
    expect(conditionOf(meanwhile, 'Ready').message).toContain('the running children are kept as last applied');
    // So the pack still relates the same Service and keeps waiting.
    expect(finalizePack(requestOf({ ...deleting, services: serviceOf(meanwhile) }), at(3660)).finalized).toBe(false);

    // A new agent for a pack being deleted gets nothing to mount.
    const late = runAgent(agentRequest('late-bot', undefined, { spec: deleting.spec, status: held.status, deletionTimestamp: DELETED }));
    expect(late.children).toEqual([]);
    expect(conditionOf(late, 'PromptPackReady')).toMatchObject({ status: 'False', reason: 'PromptPackDeleting' });

    // The agent is deleted (its Service goes with it): the pack lets go.
    const released = finalizePack(requestOf({ ...deleting, services: [] }), at(3720));
    expect(released).toMatchObject({ finalized: true, children: [], status: { phase: 'Deleting', referencingAgents: 0 } });
    expect(released).not.toHaveProperty('resyncAfterSeconds');
    expect(inUse(released)).toMatchObject({ status: 'False', reason: 'NoAgentsRunning' });
  });

  it('an agent whose pack is gone keeps its Deployment and says so', () => {
    const { bot } = running();
    const orphan = runAgent(agentRequest('support-bot', undefined, undefined, bot.children));
    expect(orphan.children).toEqual(bot.children);
    expect(conditionOf(orphan, 'PromptPackReady')).toMatchObject({ status: 'False', reason: 'NotFound' });
    expect(orphan.status.phase).toBe('Waiting');
  });

  it('keeps only the versions agents run: a pinned one stays, an unused active one goes', () => {
    let world: World = { spec: spec('1.0.0'), children: [], source: { 'pack.json': V1 }, agents: [agent('legacy', '1.0.0')] };
    world = apply(world, syncPack(requestOf(world), at(0)));
    world = apply(world, syncPack(requestOf({ ...world, spec: spec('2.0.0'), source: { 'pack.json': V2 } }), at(10)));
    world = { ...world, spec: spec('2.0.0'), source: { 'pack.json': V2 } };
    expect(world.children.map((c) => c.metadata.name)).toEqual(['customer-support-v1-0-0', 'customer-support-v2-0-0']);
    const held = finalizePack(requestOf({ ...world, deletionTimestamp: DELETED }), at(20));
    expect(held.children.map((c) => c.metadata.name)).toEqual(['customer-support-v1-0-0']);
    expect((held.children[0]!.data as Record<string, string>)['pack.json']).toBe(V1);
    expect(inUse(held).message).toContain('legacy (1.0.0)');
  });

  it('with no agent it is released at once, and its ConfigMaps go with it', () => {
    let world: World = { spec: spec('1.0.0'), children: [], source: { 'pack.json': V1 }, agents: [] };
    world = apply(world, syncPack(requestOf(world), at(0)));
    const r = finalizePack(requestOf({ ...world, deletionTimestamp: DELETED }), at(10));
    expect(r).toMatchObject({ finalized: true, children: [] });
  });
});
