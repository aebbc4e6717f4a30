import type { KubeObject, ObjectMap } from '../metacontroller.js';

/**
 * The objects of one type in a Metacontroller children/related map, sorted by
 * namespace/name so iteration order never depends on the sender's map order.
 * `type` is `<Kind>.<apiVersion>`, e.g. `Deployment.apps/v1`.
 */
export function objectsOf<T extends KubeObject = KubeObject>(map: ObjectMap | undefined, type: string): T[] {
  const group = map?.[type];
  if (!group || typeof group !== 'object') return [];
  return Object.values(group)
    .filter((o): o is T => !!o && typeof o === 'object' && !!(o as KubeObject).metadata)
    .sort((a, b) => compareStrings(keyOf(a), keyOf(b)));
}

/** The object of `type` with this name (and namespace, when given). */
export function findObject<T extends KubeObject = KubeObject>(
  map: ObjectMap | undefined,
  type: string,
  name: string,
  namespace?: string,
): T | undefined {
  const group = map?.[type];
  if (!group || typeof group !== 'object') return undefined;
  // One pass, no sorted copy (hooks look objects up many times per sync); of
  // several matches the first in objectsOf's order wins, as it would there.
  let found: T | undefined;
  for (const o of Object.values(group) as T[]) {
    if (!o || typeof o !== 'object' || !o.metadata || o.metadata.name !== name) continue;
    if (namespace !== undefined && (o.metadata.namespace ?? '') !== namespace) continue;
    if (found === undefined || compareStrings(keyOf(o), keyOf(found)) < 0) found = o;
  }
  return found;
}

/**
 * What the hook asked for last time, from Metacontroller's last-applied
 * annotation. Used to keep a running child unchanged when an input is missing.
 * Only a record of this very object counts: anyone who can edit the child can
 * rewrite the annotation, and a record naming another object (`evil-other`)
 * would make the answer create that one and delete the real child.
 */
export function lastApplied(obj: KubeObject | undefined): KubeObject | undefined {
  const raw = obj?.metadata.annotations?.['metacontroller.k8s.io/last-applied-configuration'];
  if (!raw) return undefined;
  let parsed: KubeObject;
  try {
    parsed = JSON.parse(raw) as KubeObject;
  } catch {
    return undefined;
  }
  return parsed && typeof parsed === 'object' && isObjectLike(parsed.metadata) && sameIdentity(parsed, obj) ? parsed : undefined;
}

function isObjectLike(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Same kind, apiVersion and name; the namespace too when the record has one (Metacontroller fills in the parent's). */
function sameIdentity(record: KubeObject, obj: KubeObject): boolean {
  const ns = record.metadata.namespace;
  return (
    record.kind === obj.kind &&
    record.apiVersion === obj.apiVersion &&
    record.metadata.name === obj.metadata.name &&
    (ns === undefined || ns === (obj.metadata.namespace ?? ''))
  );
}

/** Code-unit order: the same on every machine, unlike localeCompare. */
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function keyOf(o: KubeObject): string {
  return `${o.metadata.namespace ?? ''}/${o.metadata.name}`;
}
