// Loads the generated CRD manifests (the artifacts that get applied) for tests.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

export const ROOT = join(import.meta.dirname, '..', '..', '..');

export type Schema = Record<string, unknown>;

export interface LoadedCrd {
  file: string;
  manifest: Record<string, any>;
  kind: string;
  schema: Schema;
}

export const CRD_FILES = [
  'agentruntimes.omnia.altairalabs.ai.yaml',
  'promptpacks.omnia.altairalabs.ai.yaml',
  'toolregistries.omnia.altairalabs.ai.yaml',
  'providers.omnia.altairalabs.ai.yaml',
  'agentruntimeconfigurations.omnia.altairalabs.ai.yaml',
  'aigateways.omnia.altairalabs.ai.yaml',
  'toolgateways.omnia.altairalabs.ai.yaml',
  'agentgateways.omnia.altairalabs.ai.yaml',
  'toolservers.omnia.altairalabs.ai.yaml',
  'agenticworkforces.omnia.altairalabs.ai.yaml',
];

export function loadCrd(file: string): LoadedCrd {
  const manifest = parse(readFileSync(join(ROOT, 'manifests', 'crds', file), 'utf8')) as Record<string, any>;
  return {
    file,
    manifest,
    kind: manifest.spec.names.kind,
    schema: manifest.spec.versions[0].schema.openAPIV3Schema,
  };
}

export function crdForKind(kind: string): LoadedCrd {
  const found = CRD_FILES.map(loadCrd).find((c) => c.kind === kind);
  if (!found) throw new Error(`no CRD for kind ${kind}`);
  return found;
}

export function loadFixture(name: string): Record<string, any> {
  return parse(readFileSync(join(import.meta.dirname, '..', 'fixtures', name), 'utf8')) as Record<string, any>;
}
