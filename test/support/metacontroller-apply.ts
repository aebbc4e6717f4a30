// What Metacontroller v4.17 (default `dynamic-apply` strategy, InPlace updates)
// decides for one child and for the parent's status, written from its documented
// behaviour (../shared/reference/metacontroller-hooks.md) for tests that count
// the API writes a hook answer causes:
//   child: merge(live, last-applied, desired) in the style of `kubectl apply`,
//     system metadata and status reverted, the last-applied annotation set to the
//     desired object; an update is sent when the result differs from the live
//     object at all.
//   status: the hook's status plus observedGeneration, written when it differs
//     from the live status at all.
// Lists are merged item by item when every item has one of the conventional
// keys (containerPort, port, mountPath, name, uid, ip, path; first match wins),
// otherwise replaced whole.

import { isDeepStrictEqual } from 'node:util';
import { canonicalJson } from '../../src/shared/canonical-json.js';

export const LAST_APPLIED = 'metacontroller.k8s.io/last-applied-configuration';
const MERGE_KEYS = ['containerPort', 'port', 'mountPath', 'name', 'uid', 'ip', 'path'];
const SYSTEM_METADATA = ['generation', 'selfLink', 'uid', 'resourceVersion', 'creationTimestamp', 'deletionTimestamp'];

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

function merge(live: unknown, last: unknown, desired: unknown): unknown {
  if (isObj(live) && isObj(desired)) return mergeObject(live, isObj(last) ? last : {}, desired);
  if (Array.isArray(live) && Array.isArray(desired)) return mergeList(live, Array.isArray(last) ? last : [], desired);
  return structuredClone(desired);
}

function mergeObject(live: Obj, last: Obj, desired: Obj): Obj {
  const out: Obj = { ...live };
  // A field the hook set last time and no longer asks for is removed.
  for (const k of Object.keys(last)) if (!(k in desired)) delete out[k];
  for (const [k, v] of Object.entries(desired)) out[k] = k in live ? merge(live[k], last[k], v) : structuredClone(v);
  return out;
}

function listKey(...lists: unknown[][]): string | undefined {
  let common: Set<string> | undefined;
  for (const item of lists.flat()) {
    if (!isObj(item)) return undefined;
    common = common ? new Set([...common].filter((k) => k in item)) : new Set(Object.keys(item));
  }
  return MERGE_KEYS.find((k) => common?.has(k));
}

function mergeList(live: unknown[], last: unknown[], desired: unknown[]): unknown[] {
  const key = listKey(live, last, desired);
  if (!key) return structuredClone(desired);
  const byKey = (list: unknown[]) => Object.fromEntries(list.map((i) => [String((i as Obj)[key]), i]));
  const merged = mergeObject(byKey(live), byKey(last), byKey(desired));
  // Live order first, then what is new in desired order.
  const order = [...live, ...desired].map((i) => String((i as Obj)[key]));
  return [...new Set(order)].filter((k) => k in merged).map((k) => merged[k]);
}

/** The object Metacontroller would PUT for `desired` given the `live` one. */
export function applied(live: Obj, desired: Obj): Obj {
  const liveMeta = (live.metadata ?? {}) as Obj;
  const lastText = (liveMeta.annotations as Record<string, string> | undefined)?.[LAST_APPLIED];
  const last = lastText ? (JSON.parse(lastText) as Obj) : {};
  const out = merge(live, last, desired) as Obj;
  const meta = { ...(out.metadata as Obj) };
  for (const f of SYSTEM_METADATA) {
    if (f in liveMeta) meta[f] = liveMeta[f];
    else delete meta[f];
  }
  meta.annotations = { ...((meta.annotations as Obj | undefined) ?? {}), [LAST_APPLIED]: lastAppliedOf(desired) };
  out.metadata = meta;
  if ('status' in live) out.status = live.status;
  else delete out.status;
  return out;
}

/** The annotation Metacontroller writes at create and update (Go marshals maps with sorted keys). */
export function lastAppliedOf(desired: Obj): string {
  return canonicalJson(desired);
}

/** Whether Metacontroller would send an update of this child. */
export function wouldUpdate(live: Obj, desired: Obj): boolean {
  return !isDeepStrictEqual(applied(live, desired), live);
}

/** Whether Metacontroller would write the parent's status. */
export function wouldWriteStatus(liveStatus: unknown, hookStatus: Obj, generation: number): boolean {
  return !isDeepStrictEqual(liveStatus, { ...hookStatus, observedGeneration: generation });
}
