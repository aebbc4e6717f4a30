import { describe, expect, it } from 'vitest';
import { ConfigMap } from 'kubernetes-models/v1';
import { hooks } from '../../../src/hooks/promptpack/index.js';
import type { CompositeSyncResponse, KubeObject } from '../../../src/hooks/metacontroller.js';
import { agent, apply, invalidPackText, packText, requestOf, type World } from './cluster-sim.js';

const sync = hooks.sync as (request: unknown, now: Date) => CompositeSyncResponse;
const T0 = Date.parse('2026-03-01T12:00:00Z');
const at = (seconds: number) => new Date(T0 + seconds * 1000);
const V1 = packText('1.0.0');
const V2 = packText('2.0.0', true);
const canary = (weight = 10, stepWeight = 10, interval = '5m') => ({ type: 'canary', canary: { weight, stepWeight, interval } });
const spec = (version: string, rollout: unknown = canary()) => ({
  source: { type: 'configmap', configMapRef: { name: 'support-prompts' } },
  version,
  rollout,
});

function step(world: World, now: Date): { world: World; response: CompositeSyncResponse } {
  const response = sync(requestOf(world), now);
  for (const child of response.children) new ConfigMap(child as ConstructorParameters<typeof ConfigMap>[0]).validate();
  return { world: apply(world, response), response };
}

function childData(response: CompositeSyncResponse): Record<string, string> {
  return Object.fromEntries(
    response.children.map((c: KubeObject) => [c.metadata.name, (c.data as Record<string, string>)['pack.json'] as string]),
  );
}

function condition(response: CompositeSyncResponse, type: string): { status: string; reason: string; message: string } {
  const list = response.status.conditions as { type: string; status: string; reason: string; message: string }[];
  return list.find((c) => c.type === type)!;
}

/** A version ConfigMap as written before the role annotations existed (live and last-applied). */
function stripRoles(child: KubeObject): KubeObject {
  const strip = (o: KubeObject): KubeObject => {
    const annotations = Object.fromEntries(
      Object.entries(o.metadata.annotations ?? {}).filter(([k]) => !k.includes('promptpack-role') && !k.includes('canary-')),
    );
    return { ...o, metadata: { ...o.metadata, annotations } };
  };
  const live = strip(child);
  const last = live.metadata.annotations!['metacontroller.k8s.io/last-applied-configuration'];
  if (last) live.metadata.annotations!['metacontroller.k8s.io/last-applied-configuration'] = JSON.stringify(strip(JSON.parse(last) as KubeObject));
  return live;
}

/** A world serving 1.0.0 (Omnia-style single promptpack.json key), as after its first sync. */
function servingV1(): World {
  const first = step({ spec: spec('1.0.0'), children: [], source: { 'promptpack.json': V1 }, agents: [agent('support-bot')] }, at(0));
  expect(first.response.status.phase).toBe('Active');
  expect(first.response.resyncAfterSeconds).toBeUndefined();
  return first.world;
}

describe('promptpack canary rollout, walked with an injected clock', () => {
  it('grows 10→90 every 5m, serving 1.0.0 from its own ConfigMap, then promotes 2.0.0 and drops 1.0.0', () => {
    let world: World = { ...servingV1(), spec: spec('2.0.0'), source: { 'promptpack.json': V2 } };
    let now = 3600; // the new version lands an hour later
    let r = step(world, at(now));
    world = r.world;
    const weights: number[] = [];
    while (r.response.status.phase === 'Canary') {
      const status = r.response.status as { activeVersion: string; canary: { weight: number; version: string } };
      weights.push(status.canary.weight);
      expect(status.activeVersion).toBe('1.0.0');
      expect(status.canary.version).toBe('2.0.0');
      // Both versions serve; 1.0.0's bytes come from its observed ConfigMap (the source now holds 2.0.0).
      expect(childData(r.response)).toEqual({ 'customer-support-v1-0-0': V1, 'customer-support-v2-0-0': V2 });
      expect(r.response.resyncAfterSeconds).toBe(300);

      // Halfway through the interval nothing moves; the hook asks for the remainder.
      const mid = step(world, at(now + 120));
      expect((mid.response.status as { canary: { weight: number } }).canary.weight).toBe(status.canary.weight);
      expect(mid.response.resyncAfterSeconds).toBe(180);
      expect(mid.response.status).toEqual(r.response.status);

      now += 300;
      r = step(world, at(now));
      world = r.world;
      expect(weights.length).toBeLessThan(20);
    }
    expect(weights).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90]);
    expect(r.response.status).toMatchObject({ phase: 'Active', activeVersion: '2.0.0' });
    expect(r.response.status).not.toHaveProperty('canary');
    expect(r.response.status).not.toHaveProperty('lastStepTime');
    expect(r.response.resyncAfterSeconds).toBeUndefined();
    // The agent's stable Deployment still runs 1.0.0 until the AgentRuntime hook
    // moves it, so its ConfigMap stays one more sync; then it goes.
    expect(childData(r.response)).toEqual({ 'customer-support-v1-0-0': V1, 'customer-support-v2-0-0': V2 });
    expect(condition(r.response, 'AgentsNotified').message).toContain('versions kept for agents still running them: 1.0.0');
    r = step(world, at(now + 1));
    world = r.world;
    expect(childData(r.response)).toEqual({ 'customer-support-v2-0-0': V2 });

    // Settled: syncing again later changes nothing.
    const later = step(world, at(now + 86_400));
    expect(later.response.status).toEqual(r.response.status);
    expect(later.response.children).toEqual(r.response.children);
  });

  it('a step that is late by several intervals moves one step only (each step gets observed)', () => {
    let world: World = { ...servingV1(), spec: spec('2.0.0', canary(20, 30, '1m')), source: { 'promptpack.json': V2 } };
    world = step(world, at(100)).world;
    const late = step(world, at(100 + 3600));
    expect(late.response.status).toMatchObject({ phase: 'Canary', canary: { weight: 50 }, lastStepTime: '2026-03-01T13:01:40Z' });
    expect(late.response.resyncAfterSeconds).toBe(60);
  });

  it('a first weight of 100 promotes at once', () => {
    const world: World = { ...servingV1(), spec: spec('2.0.0', canary(100)), source: { 'promptpack.json': V2 } };
    const r = step(world, at(60));
    expect(r.response.status).toMatchObject({ phase: 'Active', activeVersion: '2.0.0' });
    expect(Object.keys(childData(step(r.world, at(61)).response))).toEqual(['customer-support-v2-0-0']);
  });

  it('a candidate that fails validation never becomes active while 1.0.0 keeps serving', () => {
    let world: World = { ...servingV1(), spec: spec('2.0.0'), source: { 'promptpack.json': invalidPackText('2.0.0') } };
    for (const seconds of [60, 360, 3600, 86_400]) {
      const r = step(world, at(seconds));
      world = r.world;
      expect(r.response.status).toMatchObject({ phase: 'Active', activeVersion: '1.0.0' });
      expect(r.response.status).not.toHaveProperty('canary');
      expect(childData(r.response)).toEqual({ 'customer-support-v1-0-0': V1 });
      expect(condition(r.response, 'SchemaValid')).toMatchObject({ status: 'False', reason: 'SchemaViolation' });
      expect(condition(r.response, 'SchemaValid').message).toContain('1.0.0 keeps serving');
      expect(r.response.resyncAfterSeconds).toBeUndefined();
    }
    // Once fixed, the candidate starts a canary from the first weight.
    world = { ...world, source: { 'promptpack.json': V2 } };
    const fixed = step(world, at(90_000));
    expect(fixed.response.status).toMatchObject({ phase: 'Canary', activeVersion: '1.0.0', canary: { version: '2.0.0', weight: 10 } });
  });

  it('a candidate broken mid-canary freezes the canary (both ConfigMaps kept); once readable it resumes at its weight', () => {
    let world: World = { ...servingV1(), spec: spec('2.0.0'), source: { 'promptpack.json': V2 } };
    world = step(world, at(0)).world;
    world = step(world, at(300)).world; // weight 20
    for (const [source, reason] of [
      [{ 'promptpack.json': '{"id": ' }, 'InvalidJSON'],
      [{ 'promptpack.json': invalidPackText('2.0.0') }, 'SchemaViolation'],
    ] as const) {
      const broken = step({ ...world, source }, at(400));
      expect(broken.response.status).toMatchObject({
        phase: 'Canary',
        activeVersion: '1.0.0',
        canary: { version: '2.0.0', weight: 20 },
        canaryStartedAt: '2026-03-01T12:00:00Z',
        lastStepTime: '2026-03-01T12:05:00Z',
      });
      expect(condition(broken.response, 'CanaryFrozen')).toMatchObject({ status: 'True', reason });
      expect(childData(broken.response)).toEqual({ 'customer-support-v1-0-0': V1, 'customer-support-v2-0-0': V2 });
      expect(broken.response.resyncAfterSeconds).toBeUndefined();
      // Still frozen an hour later: no step is taken on content that cannot be read.
      const later = step(broken.world, at(4000));
      expect(later.response.status).toMatchObject({ phase: 'Canary', canary: { weight: 20 } });
      expect(later.response.children).toEqual(broken.response.children);
    }
    const fixed = step({ ...world, source: { 'promptpack.json': V2 } }, at(4000));
    expect(fixed.response.status).toMatchObject({ phase: 'Canary', canary: { weight: 30 }, canaryStartedAt: '2026-03-01T12:00:00Z' });
    expect(fixed.response.status.conditions).not.toContainEqual(expect.objectContaining({ type: 'CanaryFrozen' }));
  });

  it('the source ConfigMap vanishing mid-canary freezes the canary and keeps both ConfigMaps', () => {
    let world: World = { ...servingV1(), spec: spec('2.0.0'), source: { 'promptpack.json': V2 } };
    world = step(world, at(0)).world;
    const gone = step({ ...world, source: undefined }, at(30));
    expect(gone.response.status).toMatchObject({ phase: 'Canary', activeVersion: '1.0.0', canary: { version: '2.0.0', weight: 10 } });
    expect(condition(gone.response, 'SourceValid')).toMatchObject({ status: 'False', reason: 'ConfigMapNotFound' });
    expect(condition(gone.response, 'SourceValid').message).toContain('1.0.0 keeps serving and canary 2.0.0 is frozen at 10%');
    expect(condition(gone.response, 'CanaryFrozen')).toMatchObject({ status: 'True', reason: 'ConfigMapNotFound' });
    expect(Object.keys(childData(gone.response))).toEqual(['customer-support-v1-0-0', 'customer-support-v2-0-0']);
  });

  it('a broken spec.version or spec.source mid-canary freezes the canary too', () => {
    let world: World = { ...servingV1(), spec: spec('2.0.0'), source: { 'promptpack.json': V2 } };
    world = step(world, at(0)).world;
    for (const broken of [
      { ...spec('2.0.0'), version: 'two' },
      { ...spec('2.0.0'), version: undefined },
      { ...spec('2.0.0'), source: { type: 'git' } },
      { ...spec('2.0.0'), source: { type: 'configmap', configMapRef: {} } },
    ]) {
      const r = step({ ...world, spec: broken }, at(30));
      expect(r.response.status).toMatchObject({ phase: 'Canary', canary: { version: '2.0.0', weight: 10 } });
      expect(condition(r.response, 'CanaryFrozen')).toMatchObject({ reason: 'InvalidSpec' });
      expect(Object.keys(childData(r.response))).toEqual(['customer-support-v1-0-0', 'customer-support-v2-0-0']);
    }
  });

  it('an unknown rollout.type is an invalid spec: nothing is promoted and nothing is deleted', () => {
    const world: World = { ...servingV1(), spec: spec('2.0.0', { type: 'Canary' }), source: { 'promptpack.json': V2 } };
    const r = step(world, at(10));
    expect(r.response.status).toMatchObject({ phase: 'Active', activeVersion: '1.0.0' });
    expect(condition(r.response, 'SourceValid')).toMatchObject({ status: 'False', reason: 'InvalidSpec' });
    expect(condition(r.response, 'SourceValid').message).toContain('spec.rollout.type: "Canary" is not one of immediate, canary');
    expect(childData(r.response)).toEqual({ 'customer-support-v1-0-0': V1 });
    // Mid-canary the canary freezes rather than being promoted.
    let canarying: World = { ...servingV1(), spec: spec('2.0.0'), source: { 'promptpack.json': V2 } };
    canarying = step(canarying, at(0)).world;
    const typo = step({ ...canarying, spec: spec('2.0.0', { type: 'blue-green' }) }, at(30));
    expect(typo.response.status).toMatchObject({ phase: 'Canary', activeVersion: '1.0.0', canary: { weight: 10 } });
    expect(Object.keys(childData(typo.response))).toEqual(['customer-support-v1-0-0', 'customer-support-v2-0-0']);
  });

  it('a status lost mid-canary (restore without status) is recovered from the version ConfigMaps', () => {
    let world: World = { ...servingV1(), spec: spec('2.0.0'), source: { 'promptpack.json': V2 } };
    world = step(world, at(0)).world;
    const stepped = step(world, at(300)); // weight 20
    const restored = step({ ...stepped.world, status: undefined, deployedFrom: stepped.world.status }, at(400));
    expect(restored.response.status).toEqual({
      ...stepped.response.status,
      conditions: expect.any(Array),
      // Counted anew: the time of the count is not part of what is recovered.
      agentsCountedAt: at(400).toISOString(),
    });
    expect(restored.response.children).toEqual(stepped.response.children);
    expect(restored.response.resyncAfterSeconds).toBe(200);
    // A status without its active version (only phase, say) is read the same way.
    const partial = step({ ...stepped.world, status: { phase: 'Canary' }, deployedFrom: stepped.world.status }, at(400));
    expect(partial.response.status).toMatchObject({ phase: 'Canary', activeVersion: '1.0.0', canary: { weight: 20 } });
  });

  it('a status lost after the first version keeps it serving, and the next version canaries against it', () => {
    const world = servingV1();
    const restored = step({ ...world, status: undefined, spec: spec('2.0.0'), source: { 'promptpack.json': V2 } }, at(60));
    expect(restored.response.status).toMatchObject({ phase: 'Canary', activeVersion: '1.0.0', canary: { version: '2.0.0', weight: 10 } });
    expect(Object.keys(childData(restored.response))).toEqual(['customer-support-v1-0-0', 'customer-support-v2-0-0']);
  });

  it('ConfigMaps from before the role annotation: a lone one is recovered as the active version', () => {
    const world = servingV1();
    const legacy = world.children.map(stripRoles);
    const restored = step({ ...world, children: legacy, status: undefined, spec: spec('2.0.0'), source: { 'promptpack.json': V2 } }, at(60));
    expect(restored.response.status).toMatchObject({ phase: 'Canary', activeVersion: '1.0.0', canary: { version: '2.0.0' } });
  });

  it('setting spec.version back to the active version rolls the canary back', () => {
    let world: World = { ...servingV1(), spec: spec('2.0.0'), source: { 'promptpack.json': V2 } };
    world = step(world, at(0)).world;
    const back = step({ ...world, spec: spec('1.0.0'), source: { 'promptpack.json': V1 } }, at(60));
    expect(back.response.status).toMatchObject({ phase: 'Active', activeVersion: '1.0.0' });
    expect(back.response.status).not.toHaveProperty('canary');
    // 2.0.0's ConfigMap stays until the agent's canary Deployment is gone.
    expect(Object.keys(childData(back.response))).toEqual(['customer-support-v1-0-0', 'customer-support-v2-0-0']);
    expect(Object.keys(childData(step(back.world, at(61)).response))).toEqual(['customer-support-v1-0-0']);
  });

  it('switching a running canary to immediate promotes it at once', () => {
    let world: World = { ...servingV1(), spec: spec('2.0.0'), source: { 'promptpack.json': V2 } };
    world = step(world, at(0)).world;
    const r = step({ ...world, spec: spec('2.0.0', { type: 'immediate' }) }, at(30));
    expect(r.response.status).toMatchObject({ phase: 'Active', activeVersion: '2.0.0' });
    expect(r.response.status).not.toHaveProperty('canary');
    expect(Object.keys(childData(step(r.world, at(31)).response))).toEqual(['customer-support-v2-0-0']);
  });

  it('a newer version during a canary replaces the candidate and restarts at the first weight', () => {
    const V3 = packText('3.0.0');
    let world: World = { ...servingV1(), spec: spec('2.0.0'), source: { 'promptpack.json': V2 } };
    world = step(world, at(0)).world;
    world = step(world, at(300)).world; // 2.0.0 at 20
    const r = step({ ...world, spec: spec('3.0.0'), source: { 'promptpack.json': V3 } }, at(400));
    expect(r.response.status).toMatchObject({ phase: 'Canary', activeVersion: '1.0.0', canary: { version: '3.0.0', weight: 10 } });
    expect(childData(step(r.world, at(401)).response)).toEqual({ 'customer-support-v1-0-0': V1, 'customer-support-v3-0-0': V3 });
  });

  it('immediate rollout switches at once and drops the old ConfigMap once no agent runs it', () => {
    const world: World = { ...servingV1(), spec: spec('2.0.0', { type: 'immediate' }), source: { 'promptpack.json': V2 } };
    const r = step(world, at(10));
    expect(r.response.status).toMatchObject({ phase: 'Active', activeVersion: '2.0.0', active: { configMapName: 'customer-support-v2-0-0' } });
    expect(Object.keys(childData(r.response))).toEqual(['customer-support-v1-0-0', 'customer-support-v2-0-0']);
    expect(childData(step(r.world, at(11)).response)).toEqual({ 'customer-support-v2-0-0': V2 });
  });

  it('editing content without a version bump is refused: the published bytes keep serving, the hash stays', () => {
    const world = servingV1();
    const published = world.status!.active;
    const r = step({ ...world, source: { 'promptpack.json': packText('1.0.0', true) } }, at(10));
    expect(r.response.status).toMatchObject({ phase: 'Active', activeVersion: '1.0.0', active: published });
    expect(childData(r.response)).toEqual({ 'customer-support-v1-0-0': V1 });
    expect(condition(r.response, 'SourceValid')).toMatchObject({ status: 'False', reason: 'ContentChangedWithoutVersionBump' });
    expect(condition(r.response, 'SourceValid').message).toMatch(
      /^ConfigMap "support-prompts" key "promptpack.json" changed after version 1\.0\.0 was published \(content hash [0-9a-f]{12} → [0-9a-f]{12}\); a published version is immutable: give the change a new version \(the pack's version and spec\.version\) — the published content of 1\.0\.0 keeps serving$/,
    );
    expect(condition(r.response, 'SchemaValid')).toMatchObject({ status: 'True', reason: 'Valid' });
    // Still refused later (nothing is "learned" from the refused content), and
    // putting the published content back clears the condition.
    const later = step(r.world, at(3600));
    expect(later.response.children).toEqual(r.response.children);
    const back = step({ ...r.world, source: { 'promptpack.json': V1 } }, at(3700));
    expect(condition(back.response, 'SourceValid')).toMatchObject({ status: 'True', reason: 'Found' });
    expect(back.response.children).toEqual(r.response.children);
  });

  it('the content of a running canary is immutable too: the canary freezes on its published bytes', () => {
    let world: World = { ...servingV1(), spec: spec('2.0.0'), source: { 'promptpack.json': V2 } };
    world = step(world, at(0)).world;
    const edited = step({ ...world, source: { 'promptpack.json': packText('2.0.0') } }, at(400));
    expect(edited.response.status).toMatchObject({ phase: 'Canary', canary: { version: '2.0.0', weight: 10 } });
    expect(condition(edited.response, 'CanaryFrozen')).toMatchObject({ status: 'True', reason: 'ContentChangedWithoutVersionBump' });
    expect(childData(edited.response)).toEqual({ 'customer-support-v1-0-0': V1, 'customer-support-v2-0-0': V2 });
  });

  it('a version kept for a pin cannot be republished with other content', () => {
    const pinned = step({ ...servingV1(), agents: [agent('legacy', '1.0.0')], spec: spec('2.0.0', { type: 'immediate' }), source: { 'promptpack.json': V2 } }, at(10));
    expect(pinned.response.status).toMatchObject({ activeVersion: '2.0.0' });
    const back = step({ ...pinned.world, spec: spec('1.0.0', { type: 'immediate' }), source: { 'promptpack.json': packText('1.0.0', true) } }, at(20));
    expect(back.response.status).toMatchObject({ phase: 'Active', activeVersion: '2.0.0' });
    expect(condition(back.response, 'SourceValid')).toMatchObject({ status: 'False', reason: 'ContentChangedWithoutVersionBump' });
    expect(childData(back.response)).toEqual({ 'customer-support-v1-0-0': V1, 'customer-support-v2-0-0': V2 });
    // The published 1.0.0 content may go live again.
    const same = step({ ...pinned.world, spec: spec('1.0.0', { type: 'immediate' }), source: { 'promptpack.json': V1 } }, at(30));
    expect(same.response.status).toMatchObject({ phase: 'Active', activeVersion: '1.0.0' });
  });

  it("the pack's own version must be spec.version: refused before it is first served, and while another serves", () => {
    const first = step({ spec: spec('1.0.0'), children: [], source: { 'promptpack.json': packText('1.1.0') }, agents: [] }, at(0));
    expect(first.response.status.phase).toBe('Failed');
    expect(first.response.children).toEqual([]);
    expect(condition(first.response, 'SourceValid')).toMatchObject({
      status: 'False',
      reason: 'VersionMismatch',
      message: 'ConfigMap "support-prompts" key "promptpack.json" holds a pack that declares version 1.1.0, not spec.version 1.0.0; set both to the same version',
    });
    expect(condition(first.response, 'SchemaValid')).toMatchObject({ status: 'True' });
    const bumpedSpecOnly = step({ ...servingV1(), spec: spec('2.0.0', { type: 'immediate' }) }, at(10));
    expect(bumpedSpecOnly.response.status).toMatchObject({ phase: 'Active', activeVersion: '1.0.0' });
    expect(condition(bumpedSpecOnly.response, 'SourceValid').message).toBe(
      'ConfigMap "support-prompts" key "promptpack.json" holds a pack that declares version 1.0.0, not spec.version 2.0.0; set both to the same version — version 2.0.0 is not served; 1.0.0 keeps serving',
    );
    // A leading "v" on either side names the same version.
    expect(step({ spec: spec('v1.0.0'), children: [], source: { 'promptpack.json': V1 }, agents: [] }, at(0)).response.status.phase).toBe('Active');
  });

  it('a hand-edited version ConfigMap is re-served from the last-applied record', () => {
    const world = servingV1();
    const tampered = structuredClone(world.children);
    (tampered[0]!.data as Record<string, string>)['pack.json'] = '{"tampered": true}';
    const r = step({ ...world, children: tampered, spec: spec('2.0.0'), source: { 'promptpack.json': V2 } }, at(10));
    expect(childData(r.response)['customer-support-v1-0-0']).toBe(V1);
  });

  it('keeps the ConfigMap of a version an AgentRuntime pins, and drops it once no one pins it', () => {
    const base = servingV1();
    const pinned = step({ ...base, agents: [agent('support-bot'), agent('legacy', '1.0.0')], spec: spec('2.0.0', { type: 'immediate' }), source: { 'promptpack.json': V2 } }, at(10));
    expect(childData(pinned.response)).toEqual({ 'customer-support-v1-0-0': V1, 'customer-support-v2-0-0': V2 });
    expect(pinned.response.status.referencingAgents).toBe(2);
    const unpinned = step({ ...pinned.world, agents: [agent('support-bot')] }, at(20));
    expect(Object.keys(childData(unpinned.response))).toEqual(['customer-support-v2-0-0']);
  });

  it('status.versions[] lists active, canary and retained pinned versions in semver order', () => {
    const V10 = packText('10.0.0');
    const V9 = packText('9.0.0');
    // 9.0.0 serves; "legacy" pins it; 10.0.0 is promoted at once, then 10.0.0 → 10.1.0 canaries.
    let world: World = { spec: spec('9.0.0'), children: [], source: { 'pack.json': V9 }, agents: [agent('legacy', '9.0.0')] };
    world = step(world, at(0)).world;
    world = step({ ...world, spec: spec('10.0.0', { type: 'immediate' }), source: { 'pack.json': V10 } }, at(10)).world;
    const r = step({ ...world, spec: spec('10.1.0'), source: { 'pack.json': packText('10.1.0') } }, at(20));
    const status = r.response.status as { versions: { version: string; configMapName: string }[]; active: unknown; canary: { weight: number } };
    // Text order would put 10.x before 9.0.0.
    expect(status.versions.map((v) => v.version)).toEqual(['9.0.0', '10.0.0', '10.1.0']);
    const { weight: _w, ...canaryRef } = status.canary;
    expect(status.versions).toEqual([
      expect.objectContaining({ version: '9.0.0', configMapName: 'customer-support-v9-0-0' }),
      status.active,
      canaryRef,
    ]);
    expect(Object.keys(childData(r.response))).toEqual(status.versions.map((v) => v.configMapName).sort());
  });

  it('with nothing valid to serve, every ConfigMap is kept and only intact pinned versions are listed', () => {
    const base = servingV1();
    const pinned = step({ ...base, agents: [agent('legacy', '1.0.0')], spec: spec('2.0.0', { type: 'immediate' }), source: { 'promptpack.json': V2 } }, at(10));
    // The status is lost, the ConfigMaps predate the role annotation (so which
    // one served is unknown) and the source breaks.
    const children = pinned.world.children.map(stripRoles);
    const lost = step({ ...pinned.world, children, status: undefined, source: { 'promptpack.json': '{' } }, at(20));
    expect(lost.response.status.phase).toBe('Failed');
    expect(lost.response.status).not.toHaveProperty('active');
    expect(Object.keys(childData(lost.response))).toEqual(['customer-support-v1-0-0', 'customer-support-v2-0-0']);
    expect((lost.response.status.versions as { version: string }[]).map((v) => v.version)).toEqual(['1.0.0']);
    expect(condition(lost.response, 'AgentsNotified').message).toContain('versions kept for agents still running them: 1.0.0');
  });
});
