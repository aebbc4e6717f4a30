// The schema set: every schemas/*.schema.json document, keyed by file name.
// Reading is the only I/O here; everything downstream is pure.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isObject, type JsonObject } from './json.js';

export interface CrdInfo {
  kind: string;
  listKind: string;
  plural: string;
  singular: string;
  shortNames: string[];
  categories: string[];
  additionalPrinterColumns: JsonObject[];
}

export interface SchemaSet {
  /** file name (e.g. "agentruntime.schema.json") → parsed document */
  docs: Record<string, JsonObject>;
}

export const GROUP = 'omnia.altairalabs.ai';
export const VERSION = 'v1alpha1';

/** Documents that describe a kind carry x-omnia-crd; the others are shared definitions or data. */
export function kindFiles(set: SchemaSet): string[] {
  return Object.keys(set.docs)
    .filter((f) => isObject(set.docs[f]?.['x-omnia-crd']))
    .sort();
}

export function crdInfo(doc: JsonObject, file: string): CrdInfo {
  const info = doc['x-omnia-crd'];
  if (!isObject(info)) throw new Error(`${file}: missing x-omnia-crd`);
  for (const key of ['kind', 'listKind', 'plural', 'singular'] as const) {
    if (typeof info[key] !== 'string') throw new Error(`${file}: x-omnia-crd.${key} must be a string`);
  }
  return info as unknown as CrdInfo;
}

export function loadSchemaSet(dir: string): SchemaSet {
  const docs: Record<string, JsonObject> = {};
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.schema.json')).sort()) {
    const parsed: unknown = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    if (!isObject(parsed)) throw new Error(`${file}: not a JSON object`);
    docs[file] = parsed;
  }
  return { docs };
}
