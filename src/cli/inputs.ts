// The manifests `omnia render` and `omnia validate` read: files, directories
// (their *.yaml / *.yml / *.json files, not recursing, kustomization files
// left out) and `-` for stdin; each object remembers where it came from.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { KubeObject } from '../hooks/metacontroller.js';
import { objectsFrom } from '../render/objects.js';

export interface SourcedObject {
  source: string;
  object: KubeObject;
}

const MANIFEST = /\.(ya?ml|json)$/;
const KUSTOMIZATION = /(^|\/)kustomization\.ya?ml$/;

function filesOf(path: string): string[] {
  if (path === '-' || !statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .filter((f) => MANIFEST.test(f) && !KUSTOMIZATION.test(f))
    .sort()
    .map((f) => join(path, f));
}

/** Every object in the given paths, in order; kustomize's own config objects skipped. */
export function readObjects(paths: readonly string[]): SourcedObject[] {
  return paths.flatMap(filesOf).flatMap((file) => {
    const text = file === '-' ? readFileSync(0, 'utf8') : readFileSync(file, 'utf8');
    const source = file === '-' ? 'stdin' : file;
    return objectsFrom(text, source)
      .filter((object) => !object.apiVersion.startsWith('kustomize.config.k8s.io/'))
      .map((object) => ({ source, object }));
  });
}
