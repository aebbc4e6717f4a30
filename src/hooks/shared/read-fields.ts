// Defensive readers for fields of objects that arrive as untyped JSON. The API
// server validates our CRDs, but a hook must never crash on an object written
// before a schema change or by hand, so every read checks its type and falls
// back to `undefined` (callers then apply the documented default).

export type Fields = Record<string, unknown>;

export function asRecord(value: unknown): Fields | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Fields) : undefined;
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** A string with surrounding whitespace removed; empty counts as absent. */
export function asNonEmptyString(value: unknown): string | undefined {
  const s = asString(value)?.trim();
  return s ? s : undefined;
}

export function asNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function asArray(value: unknown): unknown[] | undefined {
  return Array.isArray(value) ? value : undefined;
}

/** A map of string → string, dropping entries whose value is not a string. */
export function asStringMap(value: unknown): Record<string, string> | undefined {
  const rec = asRecord(value);
  if (!rec) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(rec)) if (typeof v === 'string') out[k] = v;
  return out;
}

/** Follow a path of property names through nested records. */
export function dig(value: unknown, ...path: string[]): unknown {
  let cur: unknown = value;
  for (const key of path) {
    const rec = asRecord(cur);
    if (!rec) return undefined;
    cur = rec[key];
  }
  return cur;
}
