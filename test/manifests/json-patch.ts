// The RFC 6902 operation the optional-kind components use (`add`, also at the
// `-` end of an array), to check their effect without a kustomize binary.
import { get, type Doc } from './load.js';

export interface JsonOp {
  op: string;
  path: string;
  value?: unknown;
}

/** `add` only; anything else fails the test. */
export function applyJsonPatch(doc: Doc, ops: JsonOp[]): Doc {
  const out = structuredClone(doc);
  for (const op of ops) {
    const parts = op.path.split('/').slice(1);
    const last = parts.pop() as string;
    const parent = get(out, ...parts.map((p) => (/^\d+$/.test(p) ? Number(p) : p))) as Record<string, unknown> | unknown[];
    if (op.op !== 'add') throw new Error(`unsupported op ${op.op} at ${op.path}`);
    if (Array.isArray(parent)) parent.splice(last === '-' ? parent.length : Number(last), 0, structuredClone(op.value));
    else if (parent && typeof parent === 'object') parent[last] = structuredClone(op.value);
    else throw new Error(`no parent for ${op.path}`);
  }
  return out;
}
