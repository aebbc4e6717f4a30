import { Ajv, type Options, type ValidateFunction } from 'ajv';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { withFormats } from './ajv-formats.js';

// One way to compile a user-supplied JSON Schema (function mode's inputSchema
// and outputSchema), shared by the AgentRuntime hook that checks them and the
// facade that enforces them, so both accept and refuse exactly the same
// schemas. Pure: no I/O.

export type ValidationResult = { ok: true } | { ok: false; message: string };
export type Validator = (data: unknown) => ValidationResult;

const DRAFT_2020 = /^https?:\/\/json-schema\.org\/draft\/2020-12\/schema#?$/;
const DRAFT_2019 = /^https?:\/\/json-schema\.org\/draft\/2019-09\/schema#?$/;
const DRAFT_07_OR_06 = /^https?:\/\/json-schema\.org\/draft-0[67]\/schema#?$/;

const AJV_OPTIONS: Options = {
  // Report every violation, not just the first: the caller fixes them in one go.
  allErrors: true,
  // Unknown keywords (OpenAPI's `example`, vendor `x-` fields) are ignored as
  // the JSON Schema spec says, instead of failing the whole schema.
  strict: false,
};

/**
 * The ajv class for a schema's `$schema`. Without one, draft-07 (ajv's
 * default and what most LLM structured-output tooling emits).
 */
function ajvFor(schema: object | boolean, label: string): Ajv | Ajv2019 | Ajv2020 {
  const declared = typeof schema === 'object' && '$schema' in schema ? (schema as { $schema: unknown }).$schema : undefined;
  let ajv: Ajv | Ajv2019 | Ajv2020;
  if (declared === undefined) ajv = new Ajv(AJV_OPTIONS);
  else if (typeof declared !== 'string') throw new Error(`${label}: "$schema" must be a string`);
  else if (DRAFT_2020.test(declared)) ajv = new Ajv2020(AJV_OPTIONS);
  else if (DRAFT_2019.test(declared)) ajv = new Ajv2019(AJV_OPTIONS);
  else if (DRAFT_07_OR_06.test(declared)) ajv = new Ajv(AJV_OPTIONS);
  else {
    throw new Error(
      `${label}: unsupported "$schema" ${JSON.stringify(declared)} (use draft-07, 2019-09 or 2020-12, or leave it out for draft-07)`,
    );
  }
  return withFormats(ajv);
}

/**
 * Compiles one schema into a validator whose messages start with `dataVar`
 * (`input/text must be string`). Throws an Error starting with `label` when
 * the schema is missing, not a schema, of an unsupported draft, or invalid.
 */
export function compileJsonSchema(schema: unknown, label: string, dataVar: string): Validator {
  if (schema === undefined || schema === null) throw new Error(`${label} is required`);
  if (Array.isArray(schema) || (typeof schema !== 'object' && typeof schema !== 'boolean')) {
    throw new Error(`${label} must be a JSON Schema object, got ${Array.isArray(schema) ? 'an array' : typeof schema}`);
  }
  // One ajv instance per schema: two schemas may carry the same $id or
  // different drafts, and neither may leak definitions into the other.
  const ajv = ajvFor(schema, label);
  let validate: ValidateFunction;
  try {
    validate = ajv.compile(schema);
  } catch (err) {
    throw new Error(`${label} is not a valid JSON Schema: ${(err as Error).message}`);
  }
  return (data) => {
    if (validate(data)) return { ok: true };
    return { ok: false, message: ajv.errorsText(validate.errors, { dataVar }) };
  };
}
