// Looking objects up inside one example unit (the files applied together).

import type { Doc, Obj } from './parse.js';

/** The namespace an object lands in: its own, else "" (the namespace kubectl applies to). */
export const namespaceOf = (o: Obj): string => (typeof o.metadata?.namespace === 'string' ? o.metadata.namespace : '');

export function findDoc(docs: Doc[], kind: string, name: string, namespace: string): Doc | undefined {
  return docs.find((d) => d.object.kind === kind && d.object.metadata?.name === name && namespaceOf(d.object) === namespace);
}

/** Keys of a Secret or ConfigMap across its data maps. */
export function keysOf(o: Obj, maps: string[]): string[] {
  const keys = new Set<string>();
  for (const m of maps) {
    const map = o[m] as unknown;
    if (map && typeof map === 'object' && !Array.isArray(map)) for (const k of Object.keys(map)) keys.add(k);
  }
  return [...keys].sort();
}
