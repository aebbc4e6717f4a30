// Structural defaulting as the API server applies it to a custom resource:
// a property's default is set only where its parent object exists; a defaulted
// value is itself defaulted further (so `default: {}` materialises nested
// defaults); null in a non-nullable field counts as absent.

import type { Schema } from './schema.js';

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function walk(schema: Schema, value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = schema.items as Schema | undefined;
    return items ? value.map((v) => walk(items, v)) : value;
  }
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = { ...value };
  const props = schema.properties as Record<string, Schema> | undefined;
  if (props) {
    for (const [key, propSchema] of Object.entries(props)) {
      if (out[key] === null && propSchema.nullable !== true) delete out[key];
      if (!(key in out) && propSchema.default !== undefined) out[key] = structuredClone(propSchema.default);
      if (key in out) out[key] = walk(propSchema, out[key]);
    }
  }
  const extra = schema.additionalProperties;
  if (isPlainObject(extra)) {
    for (const key of Object.keys(out)) if (!props || !(key in props)) out[key] = walk(extra, out[key]);
  }
  return out;
}

/** A defaulted deep copy of `object` under the CRD's openAPIV3Schema; the input is not changed. */
export function applyDefaults<T>(schema: Schema, object: T): T {
  return walk(schema, structuredClone(object)) as T;
}
