// A Kubernetes strategic merge patch (the semantics of `kubectl patch
// --type strategic`), pure and over plain JSON:
// - maps merge key by key; a null value deletes the key; `$patch: replace`
//   makes the map the patch's own; `$patch: delete` removes the map;
//   `$retainKeys: [..]` drops the original's keys not listed before merging;
// - a list with a merge key (patch-keys.ts) merges item by item on that key:
//   a matching item is merged, a new one appended, an item `{key, $patch: delete}`
//   removes the match, and an item `{$patch: replace}` makes the list the
//   patch's other items;
// - any other list, and any scalar, is replaced.
// An ill-formed patch throws PatchError naming the patch's JSON path.

import { isObject, type Json } from '../../../shared/json.js';
import { MERGE_LISTS, type MergeList, type PatchType } from './patch-keys.js';

export class PatchError extends Error {
  constructor(
    readonly path: string,
    readonly detail: string,
  ) {
    super(`${path}: ${detail}`);
  }
}

const PATCH = '$patch';
const RETAIN = '$retainKeys';
/** Directives a client may send that change nothing here (element order, primitive-list deletes). */
const IGNORED = /^\$(setElementOrder|deleteFromPrimitiveList)\//;

/** `original` patched by `patch` (neither is modified). `path` names the patch in errors. */
export function strategicMerge(original: Json, patch: unknown, type: PatchType, path: string): Json {
  if (!isObject(patch)) throw new PatchError(path, 'expected an object');
  return mergeMap(original, patch, type, path) ?? {};
}

/** undefined: the map is deleted (`$patch: delete`). */
function mergeMap(original: Json | undefined, patch: Json, type: PatchType, path: string): Json | undefined {
  const directive = patch[PATCH];
  if (directive === 'delete') return undefined;
  if (directive !== undefined && directive !== 'replace' && directive !== 'merge') {
    throw new PatchError(`${path}.${PATCH}`, `unknown directive ${JSON.stringify(directive)} (replace, merge or delete)`);
  }
  const out: Json = directive === 'replace' ? {} : { ...(original ?? {}) };
  const retain = patch[RETAIN];
  if (retain !== undefined) {
    if (!Array.isArray(retain) || !retain.every((k) => typeof k === 'string')) throw new PatchError(`${path}.${RETAIN}`, 'expected a list of field names');
    for (const k of Object.keys(out)) if (!retain.includes(k)) delete out[k];
  }
  for (const [key, value] of Object.entries(patch)) {
    if (key === PATCH || key === RETAIN || IGNORED.test(key)) continue;
    const at = `${path}.${key}`;
    // Assigning it would set the result's prototype instead of a field; no Kubernetes object has it.
    if (key === '__proto__') throw new PatchError(at, 'not a field');
    if (value === null) {
      delete out[key];
      continue;
    }
    const list = MERGE_LISTS[type][key];
    const before = out[key];
    if (list && !Array.isArray(value)) throw new PatchError(at, 'expected a list');
    if (list) {
      if (before !== undefined && !Array.isArray(before)) throw new PatchError(at, 'expected an object, the original is a list');
      out[key] = mergeList(Array.isArray(before) ? before : [], value as unknown[], list, at);
    } else if (isObject(value)) {
      const merged = mergeMap(isObject(before) ? before : undefined, value, 'Leaf', at);
      if (merged === undefined) delete out[key];
      else out[key] = merged;
    } else {
      out[key] = stripDirectives(value);
    }
  }
  return out;
}

function mergeList(original: unknown[], patch: unknown[], rule: MergeList, path: string): unknown[] {
  if (patch.some((item) => isObject(item) && item[PATCH] === 'replace' && Object.keys(item).length === 1)) {
    return mergeList([], patch.filter((item) => !(isObject(item) && item[PATCH] === 'replace')), rule, path);
  }
  const out = [...original];
  const keyOf = (item: unknown): unknown => (isObject(item) ? item[rule.mergeKey] : undefined);
  patch.forEach((item, i) => {
    const at = `${path}[${i}]`;
    if (!isObject(item)) throw new PatchError(at, 'expected an object');
    const key = item[rule.mergeKey];
    if (key === undefined || key === null) throw new PatchError(at, `missing the merge key ${rule.mergeKey}`);
    const found = out.findIndex((o) => keyOf(o) === key);
    if (item[PATCH] === 'delete') {
      if (found >= 0) out.splice(found, 1);
      return;
    }
    const merged = mergeMap(found >= 0 ? (out[found] as Json) : undefined, item, rule.item, `${path}[${rule.mergeKey}=${String(key)}]`);
    if (merged === undefined) return;
    if (found >= 0) out[found] = merged;
    else out.push(merged);
  });
  return out;
}

/** A replaced value carries no directives into the result. */
function stripDirectives(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripDirectives);
  if (!isObject(value)) return value;
  const out: Json = {};
  for (const [k, v] of Object.entries(value)) if (k !== PATCH && k !== RETAIN && k !== '__proto__' && !IGNORED.test(k)) out[k] = stripDirectives(v);
  return out;
}
