// Generates manifests/crds/* and src/types/generated/* from schemas/*.schema.json,
// and the AgentRuntime controller's childResources and manifests/components/*
// from the child-kind table (src/hooks/agentruntime/child-kinds.ts), and the
// Helm chart charts/omnia-hooks from manifests/ (scripts/generate/chart.ts).
//   tsx scripts/generate.ts          write what changed
//   tsx scripts/generate.ts --check  write nothing; exit 1 listing stale/missing files
//   --root=<dir>                      work on another tree (tests use a temp copy)

import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chartOutputs, CHART_GENERATED_DIRS, type ManifestTexts } from './generate/chart.js';
import { METACONTROLLER_DIR } from './generate/metacontroller-chart.js';
import { childOutputs, COMPONENTS_DIR, CONTROLLER_FILE } from './generate/children.js';
import { applyOutputs, findDrift, hasDrift, type Drift } from './generate/fsync.js';
import { computeOutputs, CRD_DIR, TYPES_DIR } from './generate/outputs.js';
import { loadSchemaSet } from './generate/sources.js';

const rootArg = process.argv.find((a) => a.startsWith('--root='));
const root = rootArg ? resolve(rootArg.slice('--root='.length)) : join(dirname(fileURLToPath(import.meta.url)), '..');
const check = process.argv.includes('--check');

function describe(d: Drift): string[] {
  return [
    ...d.missing.map((f) => `missing:  ${f}`),
    ...d.stale.map((f) => `stale:    ${f}`),
    ...d.orphaned.map((f) => `orphaned: ${f}`),
  ];
}

/**
 * The files manifests/kustomization.yaml installs (its resources, folders
 * expanded through their own kustomization.yaml), each as generated now when it
 * is generated, else as on disk.
 */
function manifestTexts(generated: Map<string, string>): ManifestTexts {
  const texts: ManifestTexts = new Map();
  const read = (path: string): string => generated.get(path) ?? readFileSync(join(root, path), 'utf8');
  const walk = (dir: string): void => {
    const kustomization = parse(read(`${dir}/kustomization.yaml`)) as { resources?: string[] };
    for (const r of kustomization.resources ?? []) {
      const path = `${dir}/${r}`;
      if (existsSync(join(root, path, 'kustomization.yaml'))) walk(path);
      else texts.set(path, read(path));
    }
  };
  walk('manifests');
  return texts;
}

async function main(): Promise<number> {
  const generated = new Map([
    ...(await computeOutputs(loadSchemaSet(join(root, 'schemas')))),
    ...childOutputs(readFileSync(join(root, CONTROLLER_FILE), 'utf8')),
  ]);
  const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
  const outputs = new Map([...generated, ...chartOutputs(manifestTexts(generated), version, (path) => readFileSync(join(root, METACONTROLLER_DIR, path), 'utf8'))]);
  const dirs = [CRD_DIR, TYPES_DIR, COMPONENTS_DIR, ...CHART_GENERATED_DIRS];
  if (check) {
    const drift = findDrift(root, outputs, dirs);
    if (!hasDrift(drift)) return 0;
    console.error(['generated files are out of date (run `npm run generate`):', ...describe(drift)].join('\n  '));
    return 1;
  }
  const fixed = applyOutputs(root, outputs, dirs);
  const lines = describe(fixed);
  console.log(lines.length > 0 ? lines.join('\n') : 'generated files are up to date');
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(2);
  },
);
