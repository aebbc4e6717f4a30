// The CRDs' openAPIV3Schemas, read from the generated manifests (manifests/crds,
// shipped in the npm package next to dist/): the artifacts the API server is
// given, so offline validation and defaulting see exactly what a cluster sees.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/** A node of an openAPIV3Schema. */
export type Schema = Record<string, unknown>;

export interface CrdInfo {
  kind: string;
  group: string;
  plural: string;
  /** `<group>/<version>` of the served version. */
  apiVersion: string;
  namespaced: boolean;
  schema: Schema;
}

// src/crds and dist/crds are both two levels below the package root.
export const CRD_DIR = join(import.meta.dirname, '..', '..', 'manifests', 'crds');

let cache: ReadonlyMap<string, CrdInfo> | undefined;

/** Every CRD of the package by kind. */
export function crds(): ReadonlyMap<string, CrdInfo> {
  if (cache) return cache;
  const found = new Map<string, CrdInfo>();
  for (const file of readdirSync(CRD_DIR).filter((f) => f.endsWith('.yaml')).sort()) {
    const m = parse(readFileSync(join(CRD_DIR, file), 'utf8')) as Record<string, any> | null;
    if (m?.kind !== 'CustomResourceDefinition') continue;
    const version = m.spec.versions[0];
    found.set(m.spec.names.kind, {
      kind: m.spec.names.kind,
      group: m.spec.group,
      plural: m.spec.names.plural,
      apiVersion: `${m.spec.group}/${version.name}`,
      namespaced: m.spec.scope === 'Namespaced',
      schema: version.schema.openAPIV3Schema,
    });
  }
  cache = found;
  return found;
}

/** The CRD of a kind, or undefined when the package defines no such kind. */
export function crdOf(kind: string): CrdInfo | undefined {
  return crds().get(kind);
}
