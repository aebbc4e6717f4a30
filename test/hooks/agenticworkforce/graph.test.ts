// The workforce graph walk on its own: depths, missing agents and who names
// them, cycles (one per strongly connected component), and sizes a recursive
// walk could not survive.

import { describe, expect, it } from 'vitest';
import { delegationTargets } from '../../../src/hooks/agenticworkforce/access.js';
import { cyclesOf, walk } from '../../../src/hooks/agenticworkforce/graph.js';
import type { KubeObject } from '../../../src/hooks/metacontroller.js';

const agent = (name: string, spec: Record<string, unknown> = {}): KubeObject =>
  ({ apiVersion: 'omnia.altairalabs.ai/v1alpha1', kind: 'AgentRuntime', metadata: { name, namespace: 'n' }, spec } as KubeObject);
const pool = (agents: KubeObject[]) => {
  const m = new Map(agents.map((a) => [`n/${a.metadata.name}`, a]));
  return (key: string) => m.get(key);
};
const graphOf = (edges: Record<string, string[]>) => (n: string) => edges[n] ?? [];

describe('delegationTargets', () => {
  it('merges agentNetwork.access with the older peers, sorted and duplicate-free, ignoring non-strings', () => {
    expect(delegationTargets(agent('a', { agentNetwork: { access: ['c', 'b', 7, ''] }, peers: ['b', 'd'] }))).toEqual(['b', 'c', 'd']);
    expect(delegationTargets(agent('a', { peers: 'b' }))).toEqual([]);
    expect(delegationTargets(undefined)).toEqual([]);
  });
});

describe('walk', () => {
  it('gives each agent its fewest delegations and lists who names a missing one', () => {
    const g = walk([{ name: 'a', namespace: 'n' }], pool([agent('a', { peers: ['b', 'c'] }), agent('b', { peers: ['c', 'x'] }), agent('c', { peers: ['x'] })]));
    expect(g.agents.map((a) => [a.name, a.depth])).toEqual([['a', 0], ['b', 1], ['c', 1]]);
    expect(g.missing).toEqual([{ key: 'n/x', name: 'x', namespace: 'n', entryPoint: false, referencedBy: ['n/b', 'n/c'] }]);
    expect(g.cycles).toEqual([]);
  });

  it('walks a 20 000-agent chain and its closing cycle without recursion', () => {
    const N = 20_000;
    const agents = Array.from({ length: N }, (_, i) => agent(`a${i}`, { peers: [`a${(i + 1) % N}`] }));
    const g = walk([{ name: 'a0', namespace: 'n' }], pool(agents));
    expect(g.agents).toHaveLength(N);
    expect(g.cycles).toHaveLength(1);
    expect(g.cycles[0]).toHaveLength(N + 1);
    expect(g.cycles[0]![0]).toBe(g.cycles[0]![N]);
  });
});

describe('cyclesOf', () => {
  it('one cycle per strongly connected component, the shortest through its smallest member', () => {
    const next = graphOf({ a: ['b'], b: ['c', 'a'], c: ['a'], d: ['d'], e: ['f'], f: [] });
    expect(cyclesOf(['a', 'b', 'c', 'd', 'e', 'f'], next)).toEqual([['a', 'b', 'a'], ['d', 'd']]);
  });

  it('an acyclic graph (a diamond) has none', () => {
    expect(cyclesOf(['a', 'b', 'c', 'd'], graphOf({ a: ['b', 'c'], b: ['d'], c: ['d'] }))).toEqual([]);
  });
});
