// $ref resolution across the schema set. Refs are either local ("#/definitions/X")
// or point into a sibling file ("common.schema.json#/definitions/X").

import { isObject, type Json, type JsonObject } from './json.js';
import type { SchemaSet } from './sources.js';

export interface Resolved {
  file: string;
  node: JsonObject;
  /** last segment of the JSON pointer, used as a type name */
  name: string;
}

export function resolveRef(set: SchemaSet, ref: string, fromFile: string): Resolved {
  const [filePart, pointer = ''] = ref.split('#', 2) as [string, string?];
  const file = filePart === '' ? fromFile : filePart;
  let node: Json | undefined = set.docs[file];
  if (node === undefined) throw new Error(`${fromFile}: $ref ${ref}: no schema file ${file}`);
  const segments = pointer.split('/').filter((s) => s !== '');
  for (const seg of segments) {
    node = isObject(node) ? node[seg.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
    if (node === undefined) throw new Error(`${fromFile}: $ref ${ref} does not resolve`);
  }
  if (!isObject(node)) throw new Error(`${fromFile}: $ref ${ref} is not a schema object`);
  return { file, node, name: segments[segments.length - 1] ?? file };
}

/**
 * Replace every $ref by the schema it points to (recursively). Keys next to a
 * $ref (description, default) override the target's, so a use site can say
 * what the shared piece means there.
 */
export function inlineRefs(set: SchemaSet, node: Json, file: string, seen: string[] = []): Json {
  if (Array.isArray(node)) return node.map((n) => inlineRefs(set, n, file, seen));
  if (!isObject(node)) return node;
  if (typeof node.$ref === 'string') {
    const target = resolveRef(set, node.$ref, file);
    const key = `${target.file}#${node.$ref.split('#')[1] ?? ''}`;
    if (seen.includes(key)) throw new Error(`${file}: recursive $ref ${node.$ref} cannot be inlined`);
    const inlined = inlineRefs(set, target.node, target.file, [...seen, key]) as JsonObject;
    const { $ref: _ref, ...siblings } = node;
    const merged: JsonObject = { ...inlined };
    for (const [k, v] of Object.entries(siblings)) merged[k] = inlineRefs(set, v, file, seen);
    return merged;
  }
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(node)) out[k] = inlineRefs(set, v, file, seen);
  return out;
}
