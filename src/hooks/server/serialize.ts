// Response bytes, canonically ordered (src/shared/canonical-json.ts) without
// paying for the sorted copy when the hook already returned sorted objects —
// the AgentRuntime hook does, and sorting ~100 objects again cost more than
// serialising them. The output is byte-identical to canonicalJson either way.
import { canonicalJson } from '../../shared/canonical-json.js';

export function serialize(value: unknown): Buffer {
  return Buffer.from(isCanonical(value) ? JSON.stringify(value) : canonicalJson(value), 'utf8');
}

/**
 * True when JSON.stringify already emits canonical JSON: every object is a
 * plain object whose keys enumerate in sorted order. Anything else (a Date or
 * other class instance, whose toJSON canonicalJson does not call) says false.
 */
export function isCanonical(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return true;
  if (Array.isArray(value)) {
    for (const item of value) if (!isCanonical(item)) return false;
    return true;
  }
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return false;
  let previous: string | undefined;
  for (const key of Object.keys(value)) {
    if (previous !== undefined && previous > key) return false;
    previous = key;
    if (!isCanonical((value as Record<string, unknown>)[key])) return false;
  }
  return true;
}
