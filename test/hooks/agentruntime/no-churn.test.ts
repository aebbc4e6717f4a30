// No write without a change: once the children a sync asked for are live — as the
// API server returns them, defaults filled in and values rewritten in its own
// spelling — the next sync of the same state makes Metacontroller send no child
// update and no status write, and emits no child only to drop it. Each such write
// would repeat on every resync of every agent (issue 19: API requests per agent).

import { describe, expect, it } from 'vitest';
import { sync } from '../../../src/hooks/agentruntime/sync.js';
import type { KubeObject, ObjectMap } from '../../../src/hooks/metacontroller.js';
import { crdForKind } from '../../crds/support/crds.js';
import { pruned } from '../../crds/support/pruning.js';
import { asLive, asSent, asStored } from '../../support/apiserver-view.js';
import { applied, wouldUpdate, wouldWriteStatus } from '../../support/metacontroller-apply.js';
import { readJson } from '../support/golden.js';
import { fixture, LATER, NOW, syncCases } from './fixtures.js';

type Obj = Record<string, any>;
type Req = { parent: KubeObject & { status?: Obj }; children: ObjectMap; related: ObjectMap };
type Res = { status: Obj; children: Obj[] };

const load = (name: string): Req => readJson(fixture(name, 'request.json')) as Req;
const typeOf = (c: Obj) => `${c.kind}.${c.apiVersion}`;
const STATUS_SCHEMA = (crdForKind('AgentRuntime').schema.properties as Obj).status;

/** The world after Metacontroller applied `res`: children live (keeping any status they had), status written. */
function live(req: Req, res: Res): Req {
  const ns = req.parent.metadata.namespace as string;
  const children: ObjectMap = Object.fromEntries(Object.keys(req.children).map((t) => [t, {}]));
  for (const child of res.children) {
    const key = `${ns}/${child.metadata.name}`;
    const before = req.children[typeOf(child)]?.[key] as Obj | undefined;
    const obj = before ? asStored(applied(before, asSent(child))) : asLive(asSent(child), ns);
    (children[typeOf(child)] ??= {})[key] = obj as KubeObject;
  }
  const generation = (req.parent.metadata.generation as number | undefined) ?? 1;
  return { ...req, children, parent: { ...req.parent, status: { ...res.status, observedGeneration: generation } } };
}

/** The writes Metacontroller would make for `res` in the world `req`. */
function writes(req: Req, res: Res): string[] {
  const out: string[] = [];
  const ns = req.parent.metadata.namespace as string;
  const wanted = new Set(res.children.map((c) => `${typeOf(c)} ${c.metadata.name}`));
  for (const [type, objects] of Object.entries(req.children)) {
    for (const o of Object.values(objects)) if (!wanted.has(`${type} ${o.metadata.name}`)) out.push(`delete ${type} ${o.metadata.name}`);
  }
  for (const child of res.children) {
    const observed = req.children[typeOf(child)]?.[`${ns}/${child.metadata.name}`] as Obj | undefined;
    if (!observed) out.push(`create ${typeOf(child)} ${child.metadata.name}`);
    else if (wouldUpdate(observed, asSent(child))) out.push(`update ${typeOf(child)} ${child.metadata.name}`);
  }
  if (wouldWriteStatus(req.parent.status, res.status, (req.parent.metadata.generation as number | undefined) ?? 1)) out.push('status');
  return out;
}

/** Syncs until nothing more is written (at most `max` rounds); the writes of each round. */
function settle(req: Req, max = 4): { rounds: string[][]; last: Req } {
  const rounds: string[][] = [];
  let world = req;
  const clock = [NOW, LATER, new Date(LATER.getTime() + 60_000), new Date(LATER.getTime() + 120_000)];
  for (let i = 0; i < max; i++) {
    const res = sync(world, clock[i] ?? LATER) as Res;
    const w = writes(world, res);
    rounds.push(w);
    if (w.length === 0) break;
    world = live(world, res);
  }
  return { rounds, last: world };
}

describe('agentruntime sync: no write without a change', () => {
  for (const name of syncCases()) {
    it(`${name}: once applied, the next sync writes nothing`, () => {
      const { rounds } = settle(load(name));
      // A create, then (while the children's own status is unchanged) a status
      // that reflects them, then nothing: two rounds of writes at most.
      expect(rounds.at(-1), JSON.stringify(rounds)).toEqual([]);
      expect(rounds.length).toBeLessThanOrEqual(3);
      // Nothing is created only to be deleted.
      const created = rounds.flat().filter((w) => w.startsWith('create ')).map((w) => w.slice(7));
      const deleted = rounds.flat().filter((w) => w.startsWith('delete ')).map((w) => w.slice(7));
      expect(created.filter((c) => deleted.includes(c))).toEqual([]);
    });

    it(`${name}: the status survives the CRD's pruning unchanged`, () => {
      const res = sync(load(name), NOW) as Res;
      const written = { ...res.status, observedGeneration: 1 };
      expect(pruned(STATUS_SCHEMA, written)).toEqual(written);
    });
  }
});

describe('values the API server rewrites', () => {
  // The complete example's spec with resources and tolerations spelled in ways the
  // API server stores differently.
  const spelled = (): Req => {
    const req = load('complete-example');
    const runtime = (req.parent.spec as Obj).runtime;
    runtime.resources = { limits: { cpu: '1000m', memory: '1024Mi' }, requests: { cpu: 0.5, memory: '0.25Gi' } };
    runtime.tolerations = [{ effect: '', key: '', operator: 'Exists' }];
    // A new agent: nothing observed yet, so every child is created from this spec.
    for (const type of Object.keys(req.children)) req.children[type] = {};
    return req;
  };

  it('are written in the API server spelling, so the live Deployment matches', () => {
    const res = sync(spelled(), NOW) as Res;
    const pod = res.children.find((c) => c.kind === 'Deployment')!.spec.template.spec;
    expect(pod.containers.find((c: Obj) => c.name === 'runtime').resources).toEqual({
      limits: { cpu: '1', memory: '1Gi' },
      requests: { cpu: '500m', memory: '256Mi' },
    });
    expect(pod.tolerations).toEqual([{ operator: 'Exists' }]);
  });

  it('cause no update on the next sync', () => {
    const { rounds } = settle(spelled());
    expect(rounds[0]!.filter((w) => !w.startsWith('create ')).sort()).toEqual(['status']);
    expect(rounds.at(-1)).toEqual([]);
    expect(rounds.flat().filter((w) => w.startsWith('update '))).toEqual([]);
  });

  it('would cause an update on every sync if sent as the user spelled them (the check is live)', () => {
    const req = spelled();
    const first = sync(req, NOW) as Res;
    const world = live(req, first);
    const again = structuredClone(sync(world, LATER) as Res);
    const dep = again.children.find((c) => c.kind === 'Deployment')!;
    dep.spec.template.spec.containers.find((c: Obj) => c.name === 'runtime').resources.limits.cpu = '1000m';
    const updates = (res: Res) => writes(world, res).filter((w) => w.startsWith('update '));
    expect(updates(sync(world, LATER) as Res)).toEqual([]);
    expect(updates(again)).toEqual([`update Deployment.apps/v1 ${dep.metadata.name}`]);
  });
});

describe('status writes while a new agent comes up', () => {
  // What the Deployment controller reports on a new one-replica Deployment, in order.
  const progress: Obj[] = [
    { observedGeneration: 1, replicas: 1, unavailableReplicas: 1, updatedReplicas: 1 },
    { availableReplicas: 1, observedGeneration: 1, readyReplicas: 1, replicas: 1, updatedReplicas: 1 },
  ];

  it('one per state a user can act on: not created, progressing, running', () => {
    const req = load('demo-handler');
    for (const type of Object.keys(req.children)) req.children[type] = {};
    const statusWrites: string[] = [];
    let world = req;
    const step = (clock: Date): void => {
      const res = sync(world, clock) as Res;
      if (writes(world, res).includes('status')) statusWrites.push(`${res.status.phase} ${res.status.conditions[0].reason}`);
      world = live(world, res);
    };
    step(NOW); // creates the children
    step(LATER); // they are observed, the Deployment has no status yet
    for (const status of progress) {
      const key = Object.keys(world.children['Deployment.apps/v1']!)[0]!;
      world.children['Deployment.apps/v1']![key] = { ...world.children['Deployment.apps/v1']![key]!, status } as KubeObject;
      step(LATER);
    }
    step(LATER); // nothing moved
    // status.deployment (issue 13: spec/002's copy of the Deployment's counts) moves once
    // more when the pods appear; the phase and reason do not.
    expect(statusWrites).toEqual(['Pending NotCreated', 'Pending Starting', 'Pending Starting', 'Running Running']);
  });

  it('a rollout, where pods of the older template still run, still reports how many are updated', () => {
    const req = load('demo-handler');
    const world = live(req, sync(req, NOW) as Res);
    const key = Object.keys(world.children['Deployment.apps/v1']!)[0]!;
    const dep = world.children['Deployment.apps/v1']![key]!;
    world.children['Deployment.apps/v1']![key] = { ...dep, status: { observedGeneration: 1, readyReplicas: 1, replicas: 2, updatedReplicas: 1 } } as KubeObject;
    const res = sync(world, LATER) as Res;
    expect(res.status.conditions.find((c: Obj) => c.type === 'DeploymentReady').message).toMatch(/rolling out, 1\/1 updated/);
  });
});

// manifests/controllers/agentruntime.yaml sets `ignoreStatusChanges`: Metacontroller
// does not sync an agent again because its own status write changed it. That is
// only safe if such a sync would find nothing to do: the answer may read the
// status it wrote (phase hysteresis, condition times) but must settle in one pass.
describe('a sync after its own status write changes nothing (why ignoreStatusChanges is safe)', () => {
  const withOwnStatus = (world: Req, res: Res): Req => {
    const generation = (world.parent.metadata.generation as number | undefined) ?? 1;
    return { ...world, parent: { ...world.parent, status: { ...res.status, observedGeneration: generation } } };
  };

  for (const name of syncCases()) {
    it(`${name}: at every step until it settles`, () => {
      let world = load(name);
      const clock = [NOW, LATER, new Date(LATER.getTime() + 60_000)];
      for (const [i, at] of clock.entries()) {
        const res = sync(world, at) as Res;
        const after = withOwnStatus(world, res);
        // The same children and the same status, so the sync a status write would
        // trigger has nothing to write that the first one did not.
        const again = sync(after, new Date(at.getTime() + 30_000)) as Res;
        expect(again.children, `step ${i}`).toEqual(res.children);
        expect(again.status, `step ${i}`).toEqual(res.status);
        world = live(world, res);
      }
    });
  }

  it('while a new agent comes up and its Deployment reports progress', () => {
    const req = load('demo-handler');
    for (const type of Object.keys(req.children)) req.children[type] = {};
    let world = live(req, sync(req, NOW) as Res);
    const key = Object.keys(world.children['Deployment.apps/v1']!)[0]!;
    const states: Obj[] = [
      { observedGeneration: 1, replicas: 1, unavailableReplicas: 1, updatedReplicas: 1 },
      { availableReplicas: 1, observedGeneration: 1, readyReplicas: 1, replicas: 1, updatedReplicas: 1 },
      // A pod lost after Running: the phase stays Running (hysteresis on the written status).
      { observedGeneration: 1, replicas: 1, unavailableReplicas: 1, updatedReplicas: 1 },
    ];
    const phases: string[] = [];
    for (const status of states) {
      world.children['Deployment.apps/v1']![key] = { ...world.children['Deployment.apps/v1']![key]!, status } as KubeObject;
      const res = sync(world, LATER) as Res;
      phases.push(res.status.phase);
      const after = withOwnStatus(world, res);
      // The children are live as asked, so here "nothing to do" is literally no write.
      expect(writes(after, sync(after, new Date(LATER.getTime() + 30_000)) as Res)).toEqual([]);
      world = after;
    }
    expect(phases).toEqual(['Pending', 'Running', 'Running']);
  });
});
