// One version change = one rollout (issue 17). On a real cluster a PromptPack
// update made three ReplicaSets (v1.0.0, v1.0.0, v1.1.0): `kubectl apply` of the
// source ConfigMap and the PromptPack lands the ConfigMap first, so a sync sees
// the new content while spec.version still says 1.0.0. The hook used to serve
// that content as 1.0.0 (new contentHash in status.active), and the agent's
// config hash — taken over the pack's contentHash — rolled the pods once more
// before the version moved. Here the request sequence Metacontroller would send
// is replayed through both hooks, each answer feeding the next request, and the
// distinct pod templates of each agent Deployment are counted.
import { describe, expect, it } from 'vitest';
import { hooks } from '../../../src/hooks/promptpack/index.js';
import type { CompositeSyncResponse, KubeObject } from '../../../src/hooks/metacontroller.js';
import { apply, packText, requestOf, type World } from './cluster-sim.js';
import { agentRequest, deploymentsOf, runAgent, type AgentRes, type Json } from '../support/pack-agent.js';

const syncPack = hooks.sync as (request: unknown, now: Date) => CompositeSyncResponse;
const T0 = Date.parse('2026-03-01T12:00:00Z');
const at = (seconds: number): Date => new Date(T0 + seconds * 1000);
const spec = (version: string, rollout: unknown) => ({
  source: { type: 'configmap', configMapRef: { name: 'support-prompts' } },
  version,
  rollout,
});
const IMMEDIATE = { type: 'immediate' };
const CANARY = { type: 'canary', canary: { weight: 50, stepWeight: 50, interval: '1m' } };

/** Every pod template each agent Deployment was given, in order, by Deployment name. */
type Templates = Map<string, string[]>;

interface Replay {
  world: World;
  agent?: AgentRes;
  templates: Templates;
  packStatuses: Json[];
}

/**
 * Metacontroller's loop until nothing moves: the pack syncs, its status reaches
 * the agent (a related object changed), the agent's answer becomes live and its
 * Service (a related object of the pack) triggers the pack again.
 */
function settle(r: Replay, now: Date): Replay {
  let { world, agent } = r;
  for (let round = 0; round < 10; round++) {
    const response = syncPack(requestOf(world), now);
    r.packStatuses.push(response.status);
    world = apply(world, response);
    const next = runAgent(agentRequest('support-bot', undefined, { spec: world.spec, status: world.status }, agent?.children));
    for (const d of deploymentsOf(next)) {
      const seen = r.templates.get(d.metadata.name) ?? [];
      const text = JSON.stringify(d.spec.template);
      if (seen.at(-1) !== text) seen.push(text);
      r.templates.set(d.metadata.name, seen);
    }
    const settled = agent !== undefined && JSON.stringify(next.children) === JSON.stringify(agent.children) && JSON.stringify(syncPack(requestOf(world), now)) === JSON.stringify(response);
    agent = next;
    world = { ...world, services: next.children.filter((c: KubeObject) => c.kind === 'Service') };
    if (settled) return { ...r, world, agent };
  }
  throw new Error('the two hooks did not settle within 10 rounds');
}

const versionsOf = (templates: string[] | undefined): string[] =>
  (templates ?? []).map((t) => (JSON.parse(t) as Json).metadata.annotations['omnia.altairalabs.ai/promptpack-version'] as string);
const conditionOf = (status: Json, type: string): Json => (status.conditions as Json[]).find((c) => c.type === type)!;

function start(rollout: unknown): Replay {
  const world: World = { spec: spec('1.0.0', rollout), children: [], source: { 'pack.json': packText('1.0.0') }, agents: [], services: [] };
  return settle({ world, templates: new Map(), packStatuses: [] }, at(0));
}

describe('one PromptPack version change rolls each agent once', () => {
  it('immediate: the source edited before spec.version moves rolls nothing; the bump rolls once', () => {
    let r = start(IMMEDIATE);
    expect(versionsOf(r.templates.get('support-bot'))).toEqual(['1.0.0']);

    // Content edited under the same version (the pack still says 1.0.0): refused, nothing rolls.
    r = settle({ ...r, world: { ...r.world, source: { 'pack.json': packText('1.0.0', true) } } }, at(5));
    expect(conditionOf(r.packStatuses.at(-1)!, 'SourceValid')).toMatchObject({ status: 'False', reason: 'ContentChangedWithoutVersionBump' });
    expect(versionsOf(r.templates.get('support-bot'))).toEqual(['1.0.0']);

    // kubectl apply: the ConfigMap first (content of 1.1.0), spec.version still 1.0.0.
    r = settle({ ...r, world: { ...r.world, source: { 'pack.json': packText('1.1.0', true) } } }, at(10));
    const refused = r.packStatuses.at(-1)!;
    expect(refused).toMatchObject({ phase: 'Active', activeVersion: '1.0.0' });
    expect(conditionOf(refused, 'SourceValid')).toMatchObject({ status: 'False', reason: 'VersionMismatch' });
    expect(versionsOf(r.templates.get('support-bot'))).toEqual(['1.0.0']);

    // Then the PromptPack: spec.version 1.1.0.
    r = settle({ ...r, world: { ...r.world, spec: spec('1.1.0', IMMEDIATE) } }, at(20));
    expect(r.packStatuses.at(-1)).toMatchObject({ phase: 'Active', activeVersion: '1.1.0' });
    expect(versionsOf(r.templates.get('support-bot'))).toEqual(['1.0.0', '1.1.0']);
    expect([...r.templates.keys()]).toEqual(['support-bot']);
  });

  it('canary: the stable Deployment rolls once (at promotion), the canary Deployment is made once', () => {
    let r = start(CANARY);
    r = settle({ ...r, world: { ...r.world, source: { 'pack.json': packText('1.1.0', true) } } }, at(10));
    r = settle({ ...r, world: { ...r.world, spec: spec('1.1.0', CANARY) } }, at(20));
    expect(r.packStatuses.at(-1)).toMatchObject({ phase: 'Canary', canary: { version: '1.1.0', weight: 50 } });
    r = settle(r, at(90)); // the step is due: 100 → promoted
    expect(r.packStatuses.at(-1)).toMatchObject({ phase: 'Active', activeVersion: '1.1.0' });
    expect(r.packStatuses.at(-1)).not.toHaveProperty('canary');
    expect(versionsOf(r.templates.get('support-bot'))).toEqual(['1.0.0', '1.1.0']);
    expect(versionsOf(r.templates.get('support-bot-canary'))).toEqual(['1.1.0']);
    expect(deploymentsOf(r.agent!).map((d) => d.metadata.name)).toEqual(['support-bot']);
  });
});
