// Pinned PromptPack versions end to end: the PromptPack hook (walked with the
// cluster simulator of its own tests) publishes status.versions[], and the
// AgentRuntime hook resolves a pin from it. Agent "legacy" pins 1.0.0 while the
// pack canaries and promotes 2.0.0; then the pin is lifted and 1.0.0 goes.

import { describe, expect, it } from 'vitest';
import { ConfigMap } from 'kubernetes-models/v1';
import { hooks as packHooks } from '../../../src/hooks/promptpack/index.js';
import type { CompositeSyncResponse, KubeObject } from '../../../src/hooks/metacontroller.js';
import { agent, apply, packText, requestOf, type World } from '../promptpack/cluster-sim.js';
import { agentRequest as packAgentRequest, conditionOf, deploymentsOf, runAgent, type Json } from '../support/pack-agent.js';

const syncPack = packHooks.sync as (request: unknown, now: Date) => CompositeSyncResponse;
const T0 = Date.parse('2026-03-01T12:00:00Z');
const at = (seconds: number): Date => new Date(T0 + seconds * 1000);
const V1 = packText('1.0.0');
const V2 = packText('2.0.0', true);
const packSpec = (version: string) => ({
  source: { type: 'configmap', configMapRef: { name: 'support-prompts' } },
  version,
  rollout: { type: 'canary', canary: { weight: 50, stepWeight: 25, interval: '1m' } },
});

function stepPack(world: World, now: Date): { world: World; response: CompositeSyncResponse } {
  const response = syncPack(requestOf(world), now);
  for (const c of response.children) new ConfigMap(c as ConstructorParameters<typeof ConfigMap>[0]).validate();
  return { world: apply(world, response), response };
}

const versionsOf = (status: Json): string[] => (status.versions as { version: string }[] | undefined ?? []).map((v) => v.version);
const childNames = (r: CompositeSyncResponse): string[] => r.children.map((c) => c.metadata.name);
const packData = (r: CompositeSyncResponse, name: string): string | undefined =>
  (r.children.find((c) => c.metadata.name === name)?.data as Record<string, string> | undefined)?.['pack.json'];

/** The AgentRuntime sync request of an agent of the simulated pack, whose status is `packStatus`. */
const agentRequest = (agentName: string, version: string | undefined, packStatus: unknown, observed?: KubeObject[]) =>
  packAgentRequest(agentName, version, { spec: packSpec('2.0.0'), status: packStatus }, observed);
const deployments = deploymentsOf;
const packVolume = (dep: Json): string =>
  (dep.spec.template.spec.volumes as Json[]).find((v) => v.name === 'promptpack')!.configMap.name as string;
const cond = conditionOf;

describe('a pinned PromptPack version survives a promotion and is dropped once unpinned', () => {
  it('walks pin → canary → promote → unpin across both hooks', () => {
    // 1.0.0 is live; "legacy" pins it, "support-bot" follows the stable track.
    let world: World = {
      spec: packSpec('1.0.0'),
      children: [],
      source: { 'pack.json': V1 },
      agents: [agent('support-bot'), agent('legacy', '1.0.0')],
    };
    let r = stepPack(world, at(0));
    world = r.world;
    expect(r.response.status).toMatchObject({ phase: 'Active', activeVersion: '1.0.0' });
    expect(versionsOf(r.response.status)).toEqual(['1.0.0']);

    // 2.0.0 lands under canary: 50% → 75% → promoted (100%).
    world = { ...world, spec: packSpec('2.0.0'), source: { 'pack.json': V2 } };
    const phases: string[] = [];
    for (let t = 60; ; t += 60) {
      r = stepPack(world, at(t));
      world = r.world;
      phases.push(`${r.response.status.phase as string}:${(r.response.status.canary as { weight?: number } | undefined)?.weight ?? '-'}`);
      expect(childNames(r.response)).toEqual(['customer-support-v1-0-0', 'customer-support-v2-0-0']);
      expect(versionsOf(r.response.status)).toEqual(['1.0.0', '2.0.0']);
      // Mid-canary the pinned agent runs 1.0.0 only: no canary Deployment for it.
      const pinnedMid = runAgent(agentRequest('legacy', '1.0.0', r.response.status));
      expect(deployments(pinnedMid).map((d) => [d.metadata.name, packVolume(d)])).toEqual([['legacy', 'customer-support-v1-0-0']]);
      if (r.response.status.phase === 'Active') break;
      expect(t).toBeLessThan(600);
    }
    expect(phases).toEqual(['Canary:50', 'Canary:75', 'Active:-']);

    // Promoted: 2.0.0 is active, 1.0.0 is neither active nor canary but is retained,
    // byte for byte, because "legacy" pins it — and it is listed in versions[].
    const promoted = r.response.status as Json;
    expect(promoted).toMatchObject({ activeVersion: '2.0.0', active: { configMapName: 'customer-support-v2-0-0' } });
    expect(promoted).not.toHaveProperty('canary');
    expect(promoted.versions[0]).toEqual({
      version: '1.0.0',
      configMapName: 'customer-support-v1-0-0',
      key: 'pack.json',
      contentHash: (world.children.find((c) => c.metadata.name === 'customer-support-v1-0-0')!.metadata.annotations as Record<string, string>)['omnia.altairalabs.ai/content-hash'],
    });
    expect(packData(r.response, 'customer-support-v1-0-0')).toBe(V1);

    // The pinned agent keeps mounting 1.0.0; the stable-track agent moves to 2.0.0.
    const legacy = runAgent(agentRequest('legacy', '1.0.0', promoted));
    expect(cond(legacy, 'PromptPackReady')).toMatchObject({ status: 'True', message: 'PromptPack customer-support version 1.0.0 (pinned)' });
    expect(legacy.status.activeVersion).toBe('1.0.0');
    expect(deployments(legacy).map((d) => [d.metadata.name, packVolume(d), d.spec.template.metadata.annotations['omnia.altairalabs.ai/promptpack-version']])).toEqual([
      ['legacy', 'customer-support-v1-0-0', '1.0.0'],
    ]);
    const follower = runAgent(agentRequest('support-bot', undefined, promoted));
    expect(deployments(follower).map((d) => packVolume(d))).toEqual(['customer-support-v2-0-0']);

    // Settled: later syncs keep 1.0.0 while the pin stays.
    const later = stepPack(world, at(86_400));
    expect(later.response.children).toEqual(r.response.children);
    expect(later.response.status).toEqual(r.response.status);

    // "legacy" drops its pin: the next PromptPack sync drops 1.0.0 (ConfigMap and versions[] entry).
    world = { ...world, agents: [agent('support-bot'), agent('legacy')] };
    const unpinned = stepPack(world, at(86_460));
    expect(childNames(unpinned.response)).toEqual(['customer-support-v2-0-0']);
    expect(versionsOf(unpinned.response.status)).toEqual(['2.0.0']);
    expect(runAgent(agentRequest('legacy', undefined, unpinned.response.status)).children.filter((c) => c.kind === 'Deployment').map((d) => packVolume(d as Json))).toEqual([
      'customer-support-v2-0-0',
    ]);

    // A pin to a version the pack no longer serves (here the dropped 1.0.0) is
    // PromptPackReady=False as before, and the agent's running children stay.
    const stale = runAgent(agentRequest('legacy', '1.0.0', unpinned.response.status, legacy.children));
    expect(cond(stale, 'PromptPackReady')).toMatchObject({
      status: 'False',
      reason: 'VersionNotAvailable',
      message: 'PromptPack customer-support does not serve pinned version 1.0.0 (available: 2.0.0)',
    });
    expect(stale.children).toEqual(legacy.children);
  });

  it('a pin finds its version in versions[] only; a leading "v" names the same version', () => {
    const status = {
      phase: 'Active',
      activeVersion: '2.0.0',
      active: { version: '2.0.0', configMapName: 'customer-support-v2-0-0', key: 'pack.json', contentHash: 'h2' },
      versions: [
        { version: '1.0.0', configMapName: 'customer-support-v1-0-0', key: 'pack.json', contentHash: 'h1' },
        { version: '2.0.0', configMapName: 'customer-support-v2-0-0', key: 'pack.json', contentHash: 'h2' },
      ],
    };
    const res = runAgent(agentRequest('legacy', 'v1.0.0', status));
    expect(deployments(res).map(packVolume)).toEqual(['customer-support-v1-0-0']);
    // Without versions[] (a pack controller from before this field) the same pin is unknown.
    const { versions: _dropped, ...old } = status;
    const res2 = runAgent(agentRequest('legacy', 'v1.0.0', old));
    expect(cond(res2, 'PromptPackReady')).toMatchObject({ status: 'False', reason: 'VersionNotAvailable' });
    expect(res2.children).toEqual([]);
  });
});
