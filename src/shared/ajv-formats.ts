import type { Ajv } from 'ajv';
import formatsModule from 'ajv-formats';

// ajv-formats is CommonJS: under NodeNext its default import is the module
// object, under a bundler or tsx the function itself. Every ajv instance in
// src/ and test/ takes its formats through here, so a schema's `format`
// (date-time, uri, email…) is checked instead of warned about and ignored.
type FormatsPlugin = (ajv: Ajv) => unknown;
const addFormats: FormatsPlugin =
  (formatsModule as unknown as { default?: FormatsPlugin }).default ?? (formatsModule as unknown as FormatsPlugin);

/** `ajv` with ajv-formats' formats added (any draft's class: they share the plugin API). */
export function withFormats<T extends object>(ajv: T): T {
  addFormats(ajv as unknown as Ajv);
  return ajv;
}
