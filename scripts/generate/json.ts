// Plain-JSON helpers shared by the generator steps.

export type Json = null | boolean | number | string | Json[] | JsonObject;
export interface JsonObject {
  [key: string]: Json;
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Rebuild a JSON value bottom-up; `visit` sees each object after its children were rebuilt. */
export function mapObjects(value: Json, visit: (node: JsonObject) => JsonObject): Json {
  if (Array.isArray(value)) return value.map((v) => mapObjects(v, visit));
  if (!isObject(value)) return value;
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(value)) out[k] = mapObjects(v, visit);
  return visit(out);
}
