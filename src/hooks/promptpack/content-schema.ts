import { readFileSync } from 'node:fs';
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import { withFormats } from '../../shared/ajv-formats.js';

// The PromptPack JSON Schema (draft 2020-12, promptpack.org) is compiled once
// when the module loads; the hook itself then validates without any I/O.
// The file lives in schemas/ at the repository root, which is the same
// relative place from src/hooks/promptpack and from dist/hooks/promptpack.
const SCHEMA_URL = new URL('../../../schemas/promptpack-content.schema.json', import.meta.url);

// strict:false because the schema carries annotation keywords ajv does not know
// (e.g. a top-level "version"); they do not change what is valid.
const ajv = withFormats(new Ajv2020({ allErrors: true, strict: false }));
const validate = ajv.compile(JSON.parse(readFileSync(SCHEMA_URL, 'utf8')) as object);

/** The schema's own version, reported in messages so users know which spec they were checked against. */
export const PROMPTPACK_SCHEMA_ID: string = typeof validate.schema === 'object' && validate.schema !== null
  ? String((validate.schema as { $id?: unknown }).$id ?? 'promptpack.schema.json')
  : 'promptpack.schema.json';

const MAX_REPORTED_ERRORS = 5;

/** Human-readable schema errors (at most five, then a count), or [] when the pack is valid. */
export function schemaErrors(pack: unknown): string[] {
  if (validate(pack)) return [];
  const errors = (validate.errors ?? []) as ErrorObject[];
  const lines = errors.slice(0, MAX_REPORTED_ERRORS).map(describe);
  if (errors.length > MAX_REPORTED_ERRORS) lines.push(`…and ${errors.length - MAX_REPORTED_ERRORS} more`);
  return lines;
}

function describe(e: ErrorObject): string {
  const where = e.instancePath === '' ? '(root)' : e.instancePath;
  const extra =
    e.keyword === 'additionalProperties'
      ? ` ("${String((e.params as { additionalProperty?: unknown }).additionalProperty)}")`
      : e.keyword === 'enum'
        ? ` (${((e.params as { allowedValues?: unknown[] }).allowedValues ?? []).map(String).join(', ')})`
        : '';
  return `${where} ${e.message ?? e.keyword}${extra}`;
}
