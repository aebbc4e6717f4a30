// Determinism and idempotence of the AgentRuntime sync hook over every sync
// fixture: same input → same bytes (also with maps in another order), and the
// response fed back as observed children yields the same children and, once the
// observed set is complete, the same status bytes with a later clock.

import { describe, expect, it } from 'vitest';
import { sync } from '../../../src/hooks/agentruntime/sync.js';
import type { KubeObject, ObjectMap } from '../../../src/hooks/metacontroller.js';
import { canonicalPretty, readJson } from '../support/golden.js';
import { fixture, syncCases, LATER, NOW, reversed } from './fixtures.js';

type Req = { parent: KubeObject & { status?: unknown }; children: ObjectMap; related: ObjectMap };
type Res = { status: Record<string, unknown>; children: KubeObject[] };

const load = (name: string): Req => readJson(fixture(name, 'request.json')) as Req;
const bytes = (v: unknown): string => canonicalPretty(v);
// Plain JSON.stringify keeps insertion order, so it shows whether the hook's own output order is stable.
const raw = (v: unknown): string => JSON.stringify(v);

/** The response's children as Metacontroller would observe them next time. */
function feedBack(req: Req, res: Res): Req {
  const children: ObjectMap = {};
  for (const type of Object.keys(req.children)) children[type] = {};
  for (const child of res.children) {
    const type = `${child.kind}.${child.apiVersion}`;
    const key = `${req.parent.metadata.namespace}/${child.metadata.name}`;
    const before = req.children[type]?.[key] as (KubeObject & { status?: unknown }) | undefined;
    const observed: KubeObject = structuredClone(child);
    observed.metadata = {
      ...observed.metadata,
      namespace: req.parent.metadata.namespace,
      annotations: { ...(observed.metadata.annotations ?? {}), 'metacontroller.k8s.io/last-applied-configuration': JSON.stringify(child) },
    };
    if (before?.status) {
      observed.status = structuredClone(before.status);
      if (before.metadata.generation !== undefined) observed.metadata.generation = before.metadata.generation;
    }
    (children[type] ??= {})[key] = observed;
  }
  return { ...req, children, parent: { ...req.parent, status: res.status } };
}

describe('agentruntime sync determinism', () => {
  for (const name of syncCases()) {
    it(`${name}: same input twice → identical bytes, shuffled maps → identical bytes`, () => {
      const first = sync(load(name), NOW);
      const second = sync(load(name), NOW);
      expect(raw(second)).toBe(raw(first));
      expect(raw(sync(reversed(load(name)), NOW))).toBe(raw(first));
    });
  }
});

describe('agentruntime sync idempotence', () => {
  for (const name of syncCases()) {
    it(`${name}: children fed back → same children; status reaches a fixed point`, () => {
      const req = load(name);
      const a = sync(req, NOW) as Res;
      const req2 = feedBack(req, a);
      const b = sync(req2, LATER) as Res;
      expect(bytes(b.children)).toBe(bytes(a.children));
      const observedAll = a.children.every((c) => req.children[`${c.kind}.${c.apiVersion}`]?.[`${req.parent.metadata.namespace}/${c.metadata.name}`]);
      if (observedAll) expect(bytes(b.status)).toBe(bytes(a.status));
      const c = sync(feedBack(req2, b), new Date(LATER.getTime() + 60_000)) as Res;
      expect(bytes(c.children)).toBe(bytes(a.children));
      expect(bytes(c.status)).toBe(bytes(b.status));
    });
  }

  it('the complete example is already settled: the first feed-back keeps the status bytes', () => {
    const req = load('complete-example');
    const a = sync(req, NOW) as Res;
    const b = sync(feedBack(req, a), LATER) as Res;
    expect(bytes(b)).toBe(bytes(a));
  });
});
