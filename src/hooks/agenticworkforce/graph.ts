// The delegation graph of a workforce: every AgentRuntime reachable from the
// entry points through their delegation targets (access.ts), breadth first, so
// each agent's depth is its fewest delegations from an entry point. A target
// is looked for in the delegating agent's own namespace (access names agents
// there). Pure and linear in the agents and edges reached: a namespace with
// thousands of agents costs one pass, and nothing recurses (a 10 000-agent
// chain cannot exhaust the stack).

import type { KubeObject } from '../metacontroller.js';
import { delegationTargets } from './access.js';
import type { AgentKey } from './spec.js';

export interface FoundAgent extends AgentKey {
  key: string;
  object: KubeObject;
  entryPoint: boolean;
  depth: number;
  /** Its delegation targets, by name (its namespace). */
  access: string[];
}

export interface MissingAgent extends AgentKey {
  key: string;
  entryPoint: boolean;
  /** Keys of the agents that delegate to it, sorted. */
  referencedBy: string[];
}

export interface WorkforceGraph {
  agents: FoundAgent[];
  missing: MissingAgent[];
  /** Each delegation cycle as keys, ending where it starts. */
  cycles: string[][];
}

export const keyOf = (a: AgentKey): string => `${a.namespace}/${a.name}`;
const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** `lookup(key)`: the AgentRuntime `namespace/name`, when it exists. */
export function walk(entryPoints: readonly AgentKey[], lookup: (key: string) => KubeObject | undefined): WorkforceGraph {
  const found = new Map<string, FoundAgent>();
  const missing = new Map<string, MissingAgent>();
  const entryKeys = new Set(entryPoints.map(keyOf));
  const queue: { at: AgentKey; depth: number; from?: string }[] = entryPoints.map((at) => ({ at, depth: 0 }));
  for (let i = 0; i < queue.length; i++) {
    const { at, depth, from } = queue[i] as (typeof queue)[number];
    const key = keyOf(at);
    const gone = missing.get(key);
    if (gone) {
      if (from) gone.referencedBy.push(from);
      continue;
    }
    if (found.has(key)) continue;
    const object = lookup(key);
    if (!object) {
      missing.set(key, { ...at, key, entryPoint: entryKeys.has(key), referencedBy: from ? [from] : [] });
      continue;
    }
    const access = delegationTargets(object);
    found.set(key, { ...at, key, object, entryPoint: entryKeys.has(key), depth, access });
    for (const name of access) queue.push({ at: { name, namespace: at.namespace }, depth: depth + 1, from: key });
  }
  const byKey = (a: { key: string }, b: { key: string }) => compare(a.key, b.key);
  const agents = [...found.values()].sort(byKey);
  const next = (key: string): string[] => {
    const a = found.get(key);
    return a ? a.access.map((name) => `${a.namespace}/${name}`).filter((k) => found.has(k)) : [];
  };
  return {
    agents,
    missing: [...missing.values()].map((m) => ({ ...m, referencedBy: [...new Set(m.referencedBy)].sort() })).sort(byKey),
    cycles: cyclesOf(agents.map((a) => a.key), next),
  };
}

/**
 * One cycle per strongly connected component that has one (several agents, or
 * an agent delegating to itself): the shortest cycle through its smallest key.
 * Listing every elementary cycle could be exponential; one per component names
 * every agent that takes part in some cycle.
 */
export function cyclesOf(nodes: readonly string[], next: (node: string) => string[]): string[][] {
  const cycles: string[][] = [];
  for (const component of components(nodes, next)) {
    const members = new Set(component);
    const start = [...component].sort(compare)[0] as string;
    if (component.length === 1 && !next(start).includes(start)) continue;
    cycles.push(shortestCycle(start, (n) => next(n).filter((m) => members.has(m))));
  }
  return cycles.sort((a, b) => compare(a[0] as string, b[0] as string));
}

/** Breadth first from `start` back to it; the component guarantees the way back exists. */
function shortestCycle(start: string, next: (node: string) => string[]): string[] {
  const parent = new Map<string, string>();
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    const node = queue[i] as string;
    for (const m of next(node)) {
      if (m === start) {
        const path = [node];
        while (path[0] !== start) path.unshift(parent.get(path[0] as string) as string);
        return [...path, start];
      }
      if (!parent.has(m)) {
        parent.set(m, node);
        queue.push(m);
      }
    }
  }
  return [start, start];
}

/** Tarjan's strongly connected components, with an explicit stack instead of recursion. */
function components(nodes: readonly string[], next: (node: string) => string[]): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const out: string[][] = [];
  let counter = 0;
  const visit = (n: string): void => {
    index.set(n, counter);
    low.set(n, counter++);
    stack.push(n);
    onStack.add(n);
  };
  for (const root of nodes) {
    if (index.has(root)) continue;
    visit(root);
    const work: { node: string; succ: string[]; i: number }[] = [{ node: root, succ: next(root), i: 0 }];
    while (work.length > 0) {
      const frame = work[work.length - 1] as (typeof work)[number];
      if (frame.i < frame.succ.length) {
        const m = frame.succ[frame.i++] as string;
        if (!index.has(m)) {
          visit(m);
          work.push({ node: m, succ: next(m), i: 0 });
        } else if (onStack.has(m)) {
          low.set(frame.node, Math.min(low.get(frame.node) as number, index.get(m) as number));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node) as number, low.get(frame.node) as number));
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        let m: string;
        do {
          m = stack.pop() as string;
          onStack.delete(m);
          component.push(m);
        } while (m !== frame.node);
        out.push(component);
      }
    }
  }
  return out;
}
