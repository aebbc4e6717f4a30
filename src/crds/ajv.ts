// ajv configured to validate objects against a CRD's openAPIV3Schema: strict
// off so the x-kubernetes-* keywords pass through, formats as Kubernetes knows them.

import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { Schema } from './schema.js';

// ajv-formats is CommonJS: under NodeNext the default import is the module object
// at type level but may be the plugin itself at run time.
type FormatsPlugin = (ajv: Ajv) => unknown;
const addFormats: FormatsPlugin =
  (addFormatsModule as unknown as { default?: FormatsPlugin }).default ?? (addFormatsModule as unknown as FormatsPlugin);

export function crdValidator(schema: Schema): ValidateFunction {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isSafeInteger(n) });
  ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) && Math.abs(n) < 2 ** 31 });
  return ajv.compile(schema);
}
