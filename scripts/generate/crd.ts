// JSON Schema (draft-07, with $refs) → apiextensions.k8s.io/v1 CustomResourceDefinition.
// The API server only accepts structural schemas, so refs are inlined and the
// JSON-Schema-only keywords dropped; defaults and CEL rules are kept.

import { isObject, mapObjects, type Json, type JsonObject } from './json.js';
import { inlineRefs } from './refs.js';
import { crdInfo, GROUP, VERSION, type SchemaSet } from './sources.js';

/** Keywords a CRD schema may not (or should not) carry. */
const DROPPED_KEYS = new Set([
  '$schema',
  '$id',
  '$comment',
  'definitions',
  '$defs',
  'const',
  'examples',
  'title',
  'tsType',
  'x-omnia-crd',
]);

function toStructural(node: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(node)) if (!DROPPED_KEYS.has(k)) out[k] = v;
  return out;
}

/** The openAPIV3Schema of a kind: the whole object schema, refs inlined, root pinned to what the API server expects. */
export function crdSchema(set: SchemaSet, file: string): JsonObject {
  const doc = set.docs[file];
  if (!doc) throw new Error(`no schema ${file}`);
  const { definitions: _d, ...root } = doc;
  const inlined = mapObjects(inlineRefs(set, root, file), toStructural);
  if (!isObject(inlined) || !isObject(inlined.properties)) throw new Error(`${file}: root must be an object schema`);
  const props = inlined.properties;
  const required = Array.isArray(inlined.required) ? inlined.required.filter((r) => r === 'spec') : [];
  const schema: JsonObject = {
    description: inlined.description ?? '',
    type: 'object',
    properties: {
      apiVersion: {
        description: 'APIVersion defines the versioned schema of this representation of an object.',
        type: 'string',
      },
      kind: { description: 'Kind is a string value representing the REST resource this object represents.', type: 'string' },
      // The API server validates metadata itself and rejects schemas that say more.
      metadata: { type: 'object' },
      ...(props.spec ? { spec: props.spec } : {}),
      ...(props.status ? { status: props.status } : {}),
    },
  };
  if (required.length > 0) schema.required = required;
  return schema;
}

export function buildCrd(set: SchemaSet, file: string): JsonObject {
  const doc = set.docs[file];
  if (!doc) throw new Error(`no schema ${file}`);
  const info = crdInfo(doc, file);
  const names: JsonObject = {
    kind: info.kind,
    listKind: info.listKind,
    plural: info.plural,
    singular: info.singular,
  };
  if (info.shortNames?.length) names.shortNames = info.shortNames;
  if (info.categories?.length) names.categories = info.categories;
  const version: JsonObject = {
    name: VERSION,
    served: true,
    storage: true,
    subresources: { status: {} },
    schema: { openAPIV3Schema: crdSchema(set, file) },
  };
  if (info.additionalPrinterColumns?.length) {
    version.additionalPrinterColumns = info.additionalPrinterColumns as Json[];
  }
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: {
      name: `${info.plural}.${GROUP}`,
      labels: { 'app.kubernetes.io/part-of': 'omnia-hooks' },
    },
    spec: {
      group: GROUP,
      names,
      scope: 'Namespaced',
      versions: [version],
    },
  };
}
