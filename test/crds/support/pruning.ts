// Structural pruning as the API server applies it to a custom resource: fields
// the schema does not declare are dropped (unless the node preserves unknown
// fields). A status field the hook writes but the CRD does not declare would be
// dropped on every write, so the live status would never equal the hook's and
// Metacontroller would write it again on every sync.

import { isObject } from '../../../src/shared/json.js';
import type { Schema } from './crds.js';

function walk(schema: Schema, value: unknown): unknown {
  const items = schema.items as Schema | undefined;
  if (Array.isArray(value)) return items ? value.map((v) => walk(items, v)) : value;
  if (!isObject(value) || schema['x-kubernetes-preserve-unknown-fields'] === true) return value;
  const props = (schema.properties ?? {}) as Record<string, Schema>;
  const extra = schema.additionalProperties;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (key in props) out[key] = walk(props[key]!, v);
    else if (isObject(extra)) out[key] = walk(extra, v);
    else if (extra === true) out[key] = v;
  }
  return out;
}

/** A pruned deep copy of `value` under `schema` (e.g. the CRD's status schema). */
export function pruned<T>(schema: Schema, value: T): T {
  return walk(schema, structuredClone(value)) as T;
}
