// Kubernetes objects as the offline tools (omnia render/validate, the testing
// helper) take them: parsed from YAML streams or given as objects, keyed the
// way Metacontroller keys its children and related maps.

import { parseAllDocuments } from 'yaml';
import type { KubeObject, ObjectMap } from '../hooks/metacontroller.js';

/** YAML text (one or more documents) or already-parsed objects. */
export type ObjectsInput = string | object | readonly (string | object)[];

/** Every object in the input, YAML documents parsed in order (empty documents skipped, `List`s unwrapped). */
export function objectsFrom(input: ObjectsInput, source = 'input'): KubeObject[] {
  if (Array.isArray(input)) return input.flatMap((i: string | object) => objectsFrom(i, source));
  if (typeof input !== 'string') return unwrap(structuredClone(input) as Record<string, unknown>, source);
  const out: KubeObject[] = [];
  parseAllDocuments(input).forEach((doc, i) => {
    if (doc.errors.length > 0) throw new Error(`${source} document ${i + 1}: YAML error: ${doc.errors[0]!.message}`);
    const value = doc.toJS() as unknown;
    if (value === null || value === undefined) return;
    out.push(...unwrap(value, `${source} document ${i + 1}`));
  });
  return out;
}

function unwrap(value: unknown, where: string): KubeObject[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`${where}: not a Kubernetes object`);
  const o = value as Record<string, any>;
  if (o.kind === 'List' && Array.isArray(o.items)) return o.items.flatMap((item: unknown) => unwrap(item, where));
  if (typeof o.apiVersion !== 'string' || typeof o.kind !== 'string') throw new Error(`${where}: apiVersion and kind are required`);
  if (typeof o.metadata !== 'object' || o.metadata === null) o.metadata = {};
  return [o as KubeObject];
}

/** Metacontroller's map key: `<Kind>.<apiVersion>`. */
export const typeKey = (o: Pick<KubeObject, 'kind' | 'apiVersion'>): string => `${o.kind}.${o.apiVersion}`;

/** `namespace/name`, or `name` for a cluster-scoped object. */
export const objectKey = (o: KubeObject): string =>
  o.metadata.namespace ? `${o.metadata.namespace}/${o.metadata.name}` : o.metadata.name;

/** The objects as a Metacontroller map (`<Kind>.<apiVersion>` → `namespace/name` → object). */
export function objectMap(objects: readonly KubeObject[], emptyTypes: readonly string[] = []): ObjectMap {
  const map: ObjectMap = Object.fromEntries(emptyTypes.map((t) => [t, {}]));
  for (const o of objects) (map[typeKey(o)] ??= {})[objectKey(o)] = o;
  return map;
}

/** The lower-case plural Kubernetes uses as a kind's resource name (the kinds omnia relates). */
export function resourceOf(kind: string): string {
  const k = kind.toLowerCase();
  if (/[^aeiou]y$/.test(k)) return `${k.slice(0, -1)}ies`;
  if (/(s|x|ch|sh)$/.test(k)) return `${k}es`;
  return `${k}s`;
}
