// Offline admission of one custom resource, as the API server does it: apply
// the schema's defaults, check the openAPIV3Schema, then the CEL rules; report
// with the messages `kubectl apply` prints (field path, "Invalid value",
// "Required value", "Unsupported value", …) and warn about fields the server
// would prune, like kubectl's default field validation.

import type { ErrorObject, ValidateFunction } from 'ajv';
import { crdValidator } from './ajv.js';
import { violations } from './cel.js';
import { applyDefaults } from './defaulting.js';
import { crdOf, type Schema } from './schema.js';

export interface Admission {
  /** False when the package has no CRD for the object's kind (nothing was checked). */
  checked: boolean;
  /** One line per problem, e.g. `spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"`. */
  errors: string[];
  /** Fields the server would drop: `unknown field "spec.foo"`. */
  warnings: string[];
}

const validators = new Map<string, ValidateFunction>();

function validatorFor(kind: string, schema: Schema): ValidateFunction {
  let v = validators.get(kind);
  if (!v) validators.set(kind, (v = crdValidator(schema)));
  return v;
}

/** `/spec/providers/0/name` → `spec.providers[0].name`. */
function fieldPath(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((path, seg) => (/^\d+$/.test(seg) ? `${path}[${seg}]` : path ? `${path}.${seg}` : seg), '');
}

/** How the API server quotes a value in "Invalid value: …": strings quoted, objects by type. */
function shown(value: unknown): string {
  if (Array.isArray(value)) return '"array"';
  if (value !== null && typeof value === 'object') return '"object"';
  return JSON.stringify(value) ?? 'null';
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (Number.isInteger(value)) return 'integer';
  return typeof value;
}

function valueAt(root: unknown, pointer: string): unknown {
  let v: any = root;
  for (const seg of pointer.split('/').slice(1)) v = v?.[seg.replace(/~1/g, '/').replace(/~0/g, '~')];
  return v;
}

function schemaMessage(e: ErrorObject, object: unknown): string | undefined {
  const value = valueAt(object, e.instancePath);
  const path = fieldPath(e.instancePath);
  const p = e.params as Record<string, any>;
  switch (e.keyword) {
    case 'required':
      return `${path ? `${path}.` : ''}${p.missingProperty}: Required value`;
    case 'type':
      return `${path}: Invalid value: "${typeName(value)}": ${path} in body must be of type ${p.type}: "${typeName(value)}"`;
    case 'enum':
      return `${path}: Unsupported value: ${shown(value)}: supported values: ${(p.allowedValues as unknown[]).map((a) => JSON.stringify(a)).join(', ')}`;
    case 'pattern':
      return `${path}: Invalid value: ${shown(value)}: ${path} in body should match '${p.pattern}'`;
    case 'format':
      return `${path}: Invalid value: ${shown(value)}: ${path} in body must be of type ${p.format}: ${shown(value)}`;
    case 'minimum':
      return `${path}: Invalid value: ${shown(value)}: ${path} in body should be greater than or equal to ${p.limit}`;
    case 'maximum':
      return `${path}: Invalid value: ${shown(value)}: ${path} in body should be less than or equal to ${p.limit}`;
    case 'exclusiveMinimum':
      return `${path}: Invalid value: ${shown(value)}: ${path} in body should be greater than ${p.limit}`;
    case 'exclusiveMaximum':
      return `${path}: Invalid value: ${shown(value)}: ${path} in body should be less than ${p.limit}`;
    case 'minLength':
      return `${path}: Invalid value: ${shown(value)}: ${path} in body should be at least ${p.limit} chars long`;
    case 'maxLength':
      return `${path}: Too long: may not be longer than ${p.limit}`;
    case 'minItems':
      return `${path}: Invalid value: ${(value as unknown[]).length}: ${path} in body should have at least ${p.limit} items`;
    case 'maxItems':
      return `${path}: Too many: ${(value as unknown[]).length}: must have at most ${p.limit} items`;
    case 'minProperties':
      return `${path}: Invalid value: ${Object.keys(value as object).length}: ${path} in body should have at least ${p.limit} properties`;
    // anyOf/oneOf wrap the branch errors already reported (int-or-string's branches).
    case 'anyOf':
    case 'oneOf':
      return undefined;
    default:
      return `${path}: Invalid value: ${shown(value)}: ${e.message ?? e.keyword}`;
  }
}

/** Object fields the schema does not declare (the API server prunes them silently). */
function unknownFields(schema: Schema, value: unknown, path: string, out: string[]): void {
  if (schema['x-kubernetes-preserve-unknown-fields'] === true) return;
  if (Array.isArray(value)) {
    if (schema.items) value.forEach((v, i) => unknownFields(schema.items as Schema, v, `${path}[${i}]`, out));
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const props = schema.properties as Record<string, Schema> | undefined;
  const extra = schema.additionalProperties;
  for (const [k, v] of Object.entries(value)) {
    const at = path ? `${path}.${k}` : k;
    if (props?.[k]) unknownFields(props[k], v, at, out);
    else if (extra && typeof extra === 'object') unknownFields(extra as Schema, v, at, out);
    else if (!props && extra === undefined) continue; // a bare `type: object` keeps everything it is given
    else out.push(`unknown field "${at}"`);
  }
}

/** ObjectMeta's own rules the API server checks for every kind. */
function metadataErrors(object: Record<string, any>): string[] {
  const name = object.metadata?.name;
  if (typeof name !== 'string' || name === '') return ['metadata.name: Required value: name or generateName is required'];
  const subdomain = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
  if (name.length > 253 || !subdomain.test(name)) {
    return [
      `metadata.name: Invalid value: ${JSON.stringify(name)}: a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
    ];
  }
  return [];
}

/** Checks one object against its kind's CRD (defaulted first, as the API server stores it). */
export function admit(object: Record<string, any>): Admission {
  const crd = crdOf(String(object.kind));
  if (!crd) return { checked: false, errors: [], warnings: [] };
  const errors = metadataErrors(object);
  if (object.apiVersion !== crd.apiVersion) {
    errors.push(`apiVersion: Unsupported value: ${JSON.stringify(object.apiVersion)}: supported values: "${crd.apiVersion}"`);
  }
  const defaulted = applyDefaults(crd.schema, object);
  const validate = validatorFor(crd.kind, crd.schema);
  if (!validate(defaulted)) {
    for (const e of validate.errors ?? []) {
      const line = schemaMessage(e, defaulted);
      if (line && !errors.includes(line)) errors.push(line);
    }
  }
  for (const v of violations(crd.schema, defaulted)) {
    const path = v.path === '.' ? '<nil>' : v.path.slice(1);
    errors.push(`${path}: Invalid value: "object": ${v.message}`);
  }
  const warnings: string[] = [];
  const { apiVersion: _a, kind: _k, metadata: _m, ...body } = object;
  unknownFields(crd.schema, body, '', warnings);
  return { checked: true, errors, warnings };
}

/** The API server's refusal, as kubectl prints it. */
export function refusal(object: Record<string, any>, errors: string[]): string {
  const head = `The ${String(object.kind)} ${JSON.stringify(String(object.metadata?.name ?? ''))} is invalid: `;
  return errors.length === 1 ? head + errors[0] : `${head}\n${errors.map((e) => `* ${e}`).join('\n')}`;
}
