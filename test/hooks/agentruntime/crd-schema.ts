// The AgentRuntime CRD schema (schemas/, the single source) as a test oracle:
// the status a hook emits must validate and must not carry fields the API
// server would prune (a pruned field differs on every sync → write loop).

import { readFileSync } from 'node:fs';
import type { AnySchemaObject } from 'ajv';
import { kubernetesAjv } from '../../crds/support/ajv.js';

const SCHEMAS = new URL('../../../schemas/', import.meta.url);
const load = (file: string): AnySchemaObject => JSON.parse(readFileSync(new URL(file, SCHEMAS), 'utf8')) as AnySchemaObject;

const files: Record<string, AnySchemaObject> = {
  'agentruntime.schema.json': load('agentruntime.schema.json'),
  'common.schema.json': load('common.schema.json'),
};
const ajv = kubernetesAjv();
for (const [id, schema] of Object.entries(files)) ajv.addSchema(schema, id);

function errorsOf(ref: string, value: unknown): string[] {
  const validate = ajv.getSchema(ref);
  if (!validate) throw new Error(`no schema ${ref}`);
  return validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
}

export const statusErrors = (status: unknown): string[] => errorsOf('agentruntime.schema.json#/definitions/AgentRuntimeStatus', status);
export const agentRuntimeErrors = (obj: unknown): string[] => errorsOf('agentruntime.schema.json', obj);

/** Resolve `file#/definitions/X` or `#/definitions/X` relative to `file`. */
function resolve(schema: AnySchemaObject, file: string): [AnySchemaObject, string] {
  let s = schema;
  let f = file;
  while (typeof s.$ref === 'string') {
    const [target, pointer] = s.$ref.split('#');
    if (target) f = target;
    s = (pointer ?? '').split('/').filter(Boolean).reduce((o: AnySchemaObject, k: string) => o[k] as AnySchemaObject, files[f]!);
  }
  return [s, f];
}

/** Paths of object fields that the structural schema does not declare (what the API server would prune). */
export function prunedFields(value: unknown, schema: AnySchemaObject = { $ref: '#/definitions/AgentRuntimeStatus' }, file = 'agentruntime.schema.json', path = 'status'): string[] {
  const [s, f] = resolve(schema, file);
  if (s['x-kubernetes-preserve-unknown-fields'] === true) return [];
  if (Array.isArray(value)) return s.items ? value.flatMap((v, i) => prunedFields(v, s.items as AnySchemaObject, f, `${path}[${i}]`)) : [];
  if (value === null || typeof value !== 'object') return [];
  const props = (s.properties ?? {}) as Record<string, AnySchemaObject>;
  const extra = s.additionalProperties && typeof s.additionalProperties === 'object' ? (s.additionalProperties as AnySchemaObject) : undefined;
  return Object.entries(value).flatMap(([k, v]) => {
    const sub = props[k] ?? extra;
    return sub ? prunedFields(v, sub, f, `${path}.${k}`) : [`${path}.${k}`];
  });
}
