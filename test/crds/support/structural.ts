// A checker for the API server's structural-schema rules (apiextensions.k8s.io/v1),
// applied to a CRD's openAPIV3Schema. Returns every problem with its path.

import type { Schema } from './crds.js';

/** JSONSchemaProps keywords a CRD may use (id, $schema, $ref, definitions, patternProperties, dependencies, additionalItems are rejected by the API server). */
const ALLOWED = new Set([
  'description', 'type', 'format', 'title', 'default', 'maximum', 'exclusiveMaximum', 'minimum',
  'exclusiveMinimum', 'maxLength', 'minLength', 'pattern', 'maxItems', 'minItems', 'uniqueItems',
  'multipleOf', 'enum', 'maxProperties', 'minProperties', 'required', 'items', 'allOf', 'oneOf',
  'anyOf', 'not', 'properties', 'additionalProperties', 'externalDocs', 'example', 'nullable',
  'x-kubernetes-preserve-unknown-fields', 'x-kubernetes-embedded-resource', 'x-kubernetes-int-or-string',
  'x-kubernetes-list-map-keys', 'x-kubernetes-list-type', 'x-kubernetes-map-type', 'x-kubernetes-validations',
]);
const TYPES = new Set(['object', 'array', 'string', 'integer', 'number', 'boolean']);
const JUNCTORS = ['allOf', 'anyOf', 'oneOf', 'not'] as const;
/** Inside junctors only value validations are allowed. */
const NOT_IN_JUNCTORS = ['type', 'description', 'default', 'additionalProperties', 'nullable', 'x-kubernetes-preserve-unknown-fields'];

function isIntOrStringAnyOf(node: Schema): boolean {
  const anyOf = node.anyOf as Schema[] | undefined;
  return (
    node['x-kubernetes-int-or-string'] === true &&
    Array.isArray(anyOf) &&
    anyOf.length === 2 &&
    anyOf.some((s) => s.type === 'integer' && Object.keys(s).length === 1) &&
    anyOf.some((s) => s.type === 'string' && Object.keys(s).length === 1)
  );
}

function checkNode(node: Schema, path: string, problems: string[], inJunctor: boolean): void {
  for (const key of Object.keys(node)) if (!ALLOWED.has(key)) problems.push(`${path}: keyword ${key} not allowed`);
  if (node.uniqueItems === true) problems.push(`${path}: uniqueItems true is not allowed`);

  if (!inJunctor) {
    const free = node['x-kubernetes-int-or-string'] === true || node['x-kubernetes-preserve-unknown-fields'] === true;
    if (node.type === undefined && !free) problems.push(`${path}: no type`);
  } else {
    for (const key of NOT_IN_JUNCTORS) if (key in node) problems.push(`${path}: ${key} inside a junctor`);
  }
  if (node.type !== undefined && !TYPES.has(node.type as string)) problems.push(`${path}: unknown type ${String(node.type)}`);
  if (node.type === 'array' && node.items === undefined) problems.push(`${path}: array without items`);
  if (node.properties !== undefined && node.additionalProperties !== undefined) {
    problems.push(`${path}: properties and additionalProperties together`);
  }
  if (typeof node.additionalProperties === 'boolean') problems.push(`${path}: boolean additionalProperties`);
  if (node['x-kubernetes-int-or-string'] === true && node.anyOf !== undefined && !isIntOrStringAnyOf(node)) {
    problems.push(`${path}: int-or-string anyOf must be exactly integer|string`);
  }

  if (node['x-kubernetes-list-type'] === 'map') {
    const items = node.items as Schema | undefined;
    const keys = (node['x-kubernetes-list-map-keys'] as string[] | undefined) ?? [];
    if (!items || items.type !== 'object' || keys.length === 0) problems.push(`${path}: list-type map needs object items and keys`);
    else {
      const required = (items.required as string[] | undefined) ?? [];
      const props = (items.properties as Record<string, Schema> | undefined) ?? {};
      for (const k of keys) {
        if (!required.includes(k) && props[k]?.default === undefined) problems.push(`${path}: map key ${k} must be required or defaulted`);
      }
    }
  }

  for (const v of (node['x-kubernetes-validations'] as Schema[] | undefined) ?? []) {
    if (typeof v.rule !== 'string' || v.rule === '') problems.push(`${path}: validation without rule`);
    if (typeof v.message !== 'string' || v.message === '') problems.push(`${path}: validation ${String(v.rule)} without message`);
  }

  for (const [k, s] of Object.entries((node.properties as Record<string, Schema>) ?? {})) {
    checkNode(s, `${path}.properties.${k}`, problems, inJunctor);
  }
  if (node.items) checkNode(node.items as Schema, `${path}.items`, problems, inJunctor);
  if (typeof node.additionalProperties === 'object') {
    checkNode(node.additionalProperties as Schema, `${path}.additionalProperties`, problems, inJunctor);
  }
  for (const j of JUNCTORS) {
    const sub = node[j];
    const list = Array.isArray(sub) ? (sub as Schema[]) : sub ? [sub as Schema] : [];
    list.forEach((s, i) => {
      // The int-or-string pattern is the one place a junctor may carry types.
      if (!(j === 'anyOf' && isIntOrStringAnyOf(node))) checkNode(s, `${path}.${j}[${i}]`, problems, true);
    });
  }
}

export function structuralProblems(root: Schema): string[] {
  const problems: string[] = [];
  checkNode(root, '', problems, false);
  const meta = (root.properties as Record<string, Schema> | undefined)?.metadata;
  if (meta && JSON.stringify(meta) !== JSON.stringify({ type: 'object' })) {
    problems.push('.properties.metadata: only name/generateName restrictions are allowed; keep it {type: object}');
  }
  return problems;
}

/** Every node of the schema carrying a default, with its path. */
export function defaultsOf(node: Schema, path = ''): { path: string; schema: Schema; value: unknown }[] {
  const found: { path: string; schema: Schema; value: unknown }[] = [];
  if (node.default !== undefined) found.push({ path, schema: node, value: node.default });
  for (const [k, s] of Object.entries((node.properties as Record<string, Schema>) ?? {})) found.push(...defaultsOf(s, `${path}.${k}`));
  if (node.items) found.push(...defaultsOf(node.items as Schema, `${path}[*]`));
  if (typeof node.additionalProperties === 'object') found.push(...defaultsOf(node.additionalProperties as Schema, `${path}[*]`));
  return found;
}
