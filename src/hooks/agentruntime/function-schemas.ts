// Function mode: both JSON Schemas must compile, exactly as the facade will
// compile them at start-up (ajv, all errors, formats) — an invalid schema is a
// Failed status here rather than a crash-looping pod later. Pure: no I/O.

import { Ajv } from 'ajv';
import { canonicalJson } from '../../shared/canonical-json.js';
import addFormatsModule from 'ajv-formats';
import type { Json } from '../shared/spec-reader.js';

// ajv-formats is CommonJS; under NodeNext its default import is the module object.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

/**
 * Compiling costs ~15 ms (a fresh Ajv instance); the verdict only depends on the
 * schema, so it is remembered per canonical schema text (bounded, oldest evicted).
 * This keeps the hook pure: same schema → same answer, no I/O.
 */
const verdicts = new Map<string, string | null>();
const MAX_VERDICTS = 256;

function compileError(schema: Json): string | null {
  const key = canonicalJson(schema);
  const known = verdicts.get(key);
  if (known !== undefined) return known;
  // A fresh instance per schema: a schema's $id must not collide with an earlier one.
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  let verdict: string | null = null;
  try {
    ajv.compile(schema);
  } catch (err) {
    verdict = (err as Error).message;
  }
  if (verdicts.size >= MAX_VERDICTS) verdicts.delete(verdicts.keys().next().value as string);
  verdicts.set(key, verdict);
  return verdict;
}

/** A message per schema that does not compile; empty when both are fine. */
export function checkFunctionSchemas(schemas: { inputSchema?: Json; outputSchema?: Json }): string[] {
  const problems: string[] = [];
  for (const field of ['inputSchema', 'outputSchema'] as const) {
    const schema = schemas[field];
    if (!schema) continue;
    const error = compileError(schema);
    if (error !== null) problems.push(`spec.${field} is not a valid JSON Schema: ${error}`);
  }
  return problems;
}
