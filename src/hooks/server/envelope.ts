// The response side of the envelope: top-level fields a hook may return. The
// request side is read by src/hooks/request/envelope.ts, for the server's
// check before calling a hook and for the hooks alike.
import { isObject } from '../../shared/json.js';

/** Top-level response fields Metacontroller's strict decoder would reject. */
export function unknownResponseFields(result: unknown, allowed: readonly string[]): string[] | undefined {
  if (!isObject(result)) return undefined;
  return Object.keys(result).filter((k) => !allowed.includes(k));
}
