import { createHash } from 'node:crypto';

/**
 * JSON with object keys sorted at every level, so that equal values always give
 * equal bytes. Hook responses and config hashes depend on this for determinism
 * (Metacontroller rewrites a parent whose status bytes change on every sync).
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortKeys(v);
    }
    return out;
  }
  return value;
}

/** Hex sha256 of the canonical JSON of a value; `length` shortens it for labels/annotations. */
export function contentHash(value: unknown, length = 64): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex').slice(0, length);
}
