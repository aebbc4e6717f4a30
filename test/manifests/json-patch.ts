// The two RFC 6902 operations overlays/without-keda uses, to check its effect
// without a kustomize binary.
import { get, type Doc } from './load.js';

export interface JsonOp {
  op: string;
  path: string;
  value?: unknown;
}

/** The two RFC 6902 operations the overlay uses; anything else fails the test. */
export function applyJsonPatch(doc: Doc, ops: JsonOp[]): Doc {
  const out = structuredClone(doc);
  for (const op of ops) {
    const parts = op.path.split('/').slice(1);
    const last = parts.pop() as string;
    const parent = get(out, ...parts.map((p) => (/^\d+$/.test(p) ? Number(p) : p))) as Record<string, unknown> | unknown[];
    if (op.op === 'test') {
      const actual = Array.isArray(parent) ? parent[Number(last)] : parent[last];
      if (JSON.stringify(actual) !== JSON.stringify(op.value)) throw new Error(`test ${op.path} failed: ${JSON.stringify(actual)}`);
    } else if (op.op === 'remove' && Array.isArray(parent)) {
      parent.splice(Number(last), 1);
    } else {
      throw new Error(`unsupported op ${op.op} at ${op.path}`);
    }
  }
  return out;
}
