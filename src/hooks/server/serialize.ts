// Response bytes in canonical JSON (src/shared/canonical-json.ts). The hooks
// answer with objects already in sorted order, which sortKeys walks without
// copying, so this costs little more than JSON.stringify.
import { canonicalJson } from '../../shared/canonical-json.js';

/** The canonical text; the server hashes and writes it without a Buffer copy. */
export function serializeText(value: unknown): string {
  return canonicalJson(value);
}

export function serialize(value: unknown): Buffer {
  return Buffer.from(serializeText(value), 'utf8');
}
