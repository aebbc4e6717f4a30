// Function mode: both JSON Schemas must compile exactly as the facade will
// compile them at start-up (the shared compileJsonSchema: same drafts, same ajv
// options) — an invalid schema is a Failed status here rather than a
// crash-looping pod later. Pure: no I/O.

import { canonicalJson } from '../../../shared/canonical-json.js';
import { compileJsonSchema } from '../../../shared/json-schema.js';
import type { Json } from '../../../shared/json.js';

/**
 * Compiling costs ~15 ms (a fresh Ajv instance); the verdict only depends on the
 * schema, so it is remembered per canonical schema text (bounded, oldest evicted).
 * Same schema → same answer, so the hook stays a pure function.
 */
const verdicts = new Map<string, string | null>();
const MAX_VERDICTS = 256;

function compileError(schema: Json, field: string): string | null {
  const key = canonicalJson(schema);
  const known = verdicts.get(key + field);
  if (known !== undefined) return known;
  let verdict: string | null = null;
  try {
    compileJsonSchema(schema, `spec.${field}`, field);
  } catch (err) {
    verdict = (err as Error).message;
  }
  if (verdicts.size >= MAX_VERDICTS) verdicts.delete(verdicts.keys().next().value as string);
  verdicts.set(key + field, verdict);
  return verdict;
}

/** A message per schema that does not compile; empty when both are fine. */
export function checkFunctionSchemas(schemas: { inputSchema?: Json; outputSchema?: Json }): string[] {
  const problems: string[] = [];
  for (const field of ['inputSchema', 'outputSchema'] as const) {
    const schema = schemas[field];
    if (!schema) continue;
    const error = compileError(schema, field);
    if (error !== null) problems.push(error);
  }
  return problems;
}
