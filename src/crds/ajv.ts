// ajv configured to validate objects against a CRD's openAPIV3Schema: strict
// off so the x-kubernetes-* keywords pass through, formats as Kubernetes knows them.

import { Ajv, type ValidateFunction } from 'ajv';
import { withFormats } from '../shared/ajv-formats.js';
import type { Schema } from './schema.js';

/** An ajv that knows JSON Schema's formats and the OpenAPI ones Kubernetes schemas use. */
export function kubernetesAjv(): Ajv {
  const ajv = withFormats(new Ajv({ strict: false, allErrors: true }));
  ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isSafeInteger(n) });
  // Kubernetes' `duration` is Go's (10s, 1h30m), not ISO 8601's (PT10S) that ajv-formats knows.
  ajv.addFormat('duration', /^[-+]?(0|(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+)$/);
  ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) && Math.abs(n) < 2 ** 31 });
  return ajv;
}

export function crdValidator(schema: Schema): ValidateFunction {
  return kubernetesAjv().compile(schema);
}
