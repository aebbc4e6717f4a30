// Metacontroller's CRD schemas do not set additionalProperties: false, so the
// API server would silently prune a misspelled field (and Metacontroller would
// run without it). This walker reports every key the schema does not know.

interface Schema {
  properties?: Record<string, Schema>;
  additionalProperties?: Schema | boolean;
  items?: Schema;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  type?: string;
}

/** JSON paths of fields the structural schema does not declare. */
export function unknownFields(value: unknown, schema: Schema, path = ''): string[] {
  if (schema['x-kubernetes-preserve-unknown-fields']) return [];
  if (Array.isArray(value)) {
    return schema.items ? value.flatMap((v, i) => unknownFields(v, schema.items as Schema, `${path}[${i}]`)) : [];
  }
  if (value === null || typeof value !== 'object') return [];
  const out: string[] = [];
  for (const [key, v] of Object.entries(value)) {
    const here = `${path}.${key}`;
    const declared = schema.properties?.[key];
    if (declared) out.push(...unknownFields(v, declared, here));
    else if (typeof schema.additionalProperties === 'object') out.push(...unknownFields(v, schema.additionalProperties, here));
    else if (schema.properties || schema.additionalProperties === false) out.push(here);
    // `type: object` with neither properties nor additionalProperties (metadata) is open.
  }
  return out;
}
