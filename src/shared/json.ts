// Lenient reading of parsed JSON whose shape nobody has checked: hook requests
// (objects written before a schema change or by hand) and the files mounted
// into the agent pod. Every reader checks the type it returns and otherwise answers
// `undefined`, so the caller applies its documented default instead of
// crashing. Readers that must also report a wrong type are SpecReader's
// (src/hooks/request/spec-reader.ts), built on the same predicate.

/** A JSON object: what `isObject` admits. */
export type Json = Record<string, unknown>;

/** A plain JSON object: not null, not an array. */
export function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The value at a path of property names through nested objects; no path → `value` itself. */
export function dig(value: unknown, ...keys: string[]): unknown {
  let cur: unknown = value;
  for (const k of keys) {
    if (!isObject(cur)) return undefined;
    cur = cur[k];
  }
  return cur;
}

export function digObject(value: unknown, ...keys: string[]): Json | undefined {
  const v = dig(value, ...keys);
  return isObject(v) ? v : undefined;
}

export function digArray(value: unknown, ...keys: string[]): unknown[] | undefined {
  const v = dig(value, ...keys);
  return Array.isArray(v) ? v : undefined;
}

export function digString(value: unknown, ...keys: string[]): string | undefined {
  const v = dig(value, ...keys);
  return typeof v === 'string' ? v : undefined;
}

/** A string with surrounding whitespace removed; empty counts as absent. */
export function digNonEmptyString(value: unknown, ...keys: string[]): string | undefined {
  const s = digString(value, ...keys)?.trim();
  return s ? s : undefined;
}

/** A finite number. */
export function digNumber(value: unknown, ...keys: string[]): number | undefined {
  const v = dig(value, ...keys);
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** A map of string → string, dropping entries whose value is not a string. */
export function digStringMap(value: unknown, ...keys: string[]): Record<string, string> | undefined {
  const obj = digObject(value, ...keys);
  if (!obj) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(obj)) if (typeof v === 'string') out[k] = v;
  return out;
}
