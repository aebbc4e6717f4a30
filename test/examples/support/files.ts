// Finding the example manifests and grouping them into the units a user
// applies together: a standalone file (`kubectl apply -f file.yaml`) or the
// files a folder's kustomization.yaml lists (`kubectl apply -k folder/`).

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { parse } from 'yaml';
import { ROOT } from '../../crds/support/crds.js';

export const EXAMPLES = join(ROOT, 'manifests', 'examples');

/** A YAML file: path relative to manifests/examples (for messages) and its text. */
export interface SourceFile {
  path: string;
  text: string;
}

/** Files applied together; references between their objects resolve. */
export interface Unit {
  name: string;
  files: SourceFile[];
}

export const isYaml = (file: string): boolean => /\.ya?ml$/.test(file);
export const isKustomization = (file: string): boolean => /(^|\/)kustomization\.ya?ml$/.test(file);

/** Every file under `dir`, recursively, as paths relative to it, sorted. */
export function allFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const entry of readdirSync(d).sort()) {
      const p = join(d, entry);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(relative(dir, p));
    }
  };
  if (existsSync(dir)) walk(dir);
  return out;
}

/** Every YAML file under `dir`, recursively, as paths relative to it, sorted. */
export function yamlFilesUnder(dir: string): string[] {
  return allFiles(dir).filter(isYaml);
}

function listedResources(kustomizationPath: string): string[] {
  const k = parse(readFileSync(kustomizationPath, 'utf8')) as { resources?: unknown } | null;
  return Array.isArray(k?.resources) ? k.resources.filter((r): r is string => typeof r === 'string') : [];
}

/** The units under `dir`: one per kustomization (its listed files), one per other YAML file. */
export function exampleUnits(dir: string = EXAMPLES): Unit[] {
  const files = yamlFilesUnder(dir);
  const read = (path: string): SourceFile => ({ path, text: readFileSync(join(dir, path), 'utf8') });
  const grouped = new Set<string>();
  const units: Unit[] = [];
  for (const k of files.filter(isKustomization)) {
    const folder = dirname(k);
    const members = listedResources(join(dir, k))
      .map((r) => join(folder, r))
      .filter((p) => files.includes(p));
    members.forEach((m) => grouped.add(m));
    grouped.add(k);
    units.push({ name: `${folder}/ (kustomization)`, files: members.map(read) });
  }
  for (const f of files) if (!grouped.has(f)) units.push({ name: f, files: [read(f)] });
  return units.sort((a, b) => a.name.localeCompare(b.name));
}
