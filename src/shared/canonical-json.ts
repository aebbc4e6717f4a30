/**
 * JSON with object keys sorted at every level, so that equal values always give
 * equal bytes. Hook responses depend on this for determinism
 * (Metacontroller rewrites a parent whose status bytes change on every sync).
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

const BUILT_SORTED = new WeakSet<object>();

/**
 * Marks a value whose builder wrote every object in it as a plain object with
 * its keys in sorted order, and sorted what it took from its input where it
 * took it: canonicalJson then serialises it as it is, without the walk
 * sortKeys makes (on the AgentRuntime answer a walk costs about as much as
 * JSON.stringify itself); sortKeys hands it back at once, also where it is a
 * member of a larger value. The claim is the builder's to keep and its tests'
 * to check (test/hooks/agentruntime/sorted-output.test.ts).
 */
export function builtSorted<T extends object>(value: T): T {
  BUILT_SORTED.add(value);
  return value;
}

/**
 * A value whose objects enumerate their keys in sorted order, for
 * JSON.stringify. Every plain object whose keys are already sorted (and whose
 * members need no change) is handed back as it is, not copied: the hooks build
 * their answers in sorted order, and copying ~100 objects per sync cost more
 * than the rest of the hook (bench/hooks.md). Anything else — unsorted keys,
 * an own `__proto__` key, a Date, Map or other class instance — gets a sorted
 * plain copy of its own enumerable keys, without undefined members.
 * `canonicalJson` of the result is the same bytes either way.
 */
export function sortKeys(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (BUILT_SORTED.has(value)) return value;
  if (Array.isArray(value)) return sortArray(value);
  const proto = Object.getPrototypeOf(value) as unknown;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj);
  // A copy is needed when the object is not plain, its keys are out of order
  // (integer-like keys always enumerate first, so they count as out of order
  // unless already where sorting puts them), or a member changes.
  let copy = proto !== Object.prototype && proto !== null;
  let members: unknown[] | undefined;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    if (!copy && ((i > 0 && (keys[i - 1] as string) > key) || key === '__proto__')) copy = true;
    const v = obj[key];
    const s = sortKeys(v);
    if (s !== v && members === undefined) members = keys.slice(0, i).map((k) => obj[k]);
    if (members !== undefined) members.push(s);
  }
  if (!copy && members === undefined) return value;
  const order = keys.map((_, i) => i).sort((a, b) => ((keys[a] as string) < (keys[b] as string) ? -1 : 1));
  const out: Record<string, unknown> = {};
  for (const i of order) {
    const v = members === undefined ? obj[keys[i] as string] : members[i];
    if (v !== undefined) out[keys[i] as string] = v;
  }
  return out;
}

function sortArray(value: unknown[]): unknown[] {
  let out: unknown[] | undefined;
  for (let i = 0; i < value.length; i++) {
    const v = value[i];
    const s = sortKeys(v);
    if (s !== v) {
      // slice keeps holes, as map did.
      out ??= value.slice();
      out[i] = s;
    }
  }
  return out ?? value;
}
