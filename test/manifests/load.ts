// Reading the repository's manifests and the Metacontroller CRDs for tests.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';

export const ROOT = resolve(import.meta.dirname, '../..');
export const MANIFESTS = join(ROOT, 'manifests');
/** Data copy of ../shared/reference/metacontroller-crds-v1.yaml (Metacontroller v4.17 chart). */
export const METACONTROLLER_CRDS = join(import.meta.dirname, 'fixtures/metacontroller-crds-v1.yaml');

export type Doc = Record<string, unknown>;

/** Every non-empty YAML document of a file; a YAML syntax error fails loudly. */
export function readDocs(path: string): Doc[] {
  const docs = parseAllDocuments(readFileSync(path, 'utf8'));
  return docs.flatMap((d) => {
    if (d.errors.length > 0) throw new Error(`${path}: ${d.errors.map((e) => e.message).join('; ')}`);
    const value = d.toJS() as unknown;
    return value && typeof value === 'object' ? [value as Doc] : [];
  });
}

export function yamlFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f) && statSync(join(dir, f)).isFile())
    .sort()
    .map((f) => join(dir, f));
}

/** Every folder under `dir` (itself included) that holds a kustomization.yaml. */
export function kustomizationDirs(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    if (existsSync(join(d, 'kustomization.yaml'))) out.push(d);
    for (const entry of readdirSync(d).sort()) {
      const p = join(d, entry);
      if (statSync(p).isDirectory()) walk(p);
    }
  };
  walk(dir);
  return out;
}

export function get(obj: unknown, ...path: (string | number)[]): unknown {
  let cur = obj;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[key];
  }
  return cur;
}
