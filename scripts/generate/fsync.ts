// The file-system side of the generator: compare generated outputs with the
// tree (check mode) or bring the tree in line (write mode).

import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Outputs } from './outputs.js';

export interface Drift {
  missing: string[];
  stale: string[];
  /** files in a generated directory that the schemas no longer produce */
  orphaned: string[];
}

export function findDrift(root: string, outputs: Outputs, generatedDirs: string[]): Drift {
  const drift: Drift = { missing: [], stale: [], orphaned: [] };
  for (const [rel, content] of outputs) {
    const abs = join(root, rel);
    if (!existsSync(abs)) drift.missing.push(rel);
    else if (readFileSync(abs, 'utf8') !== content) drift.stale.push(rel);
  }
  for (const dir of generatedDirs) drift.orphaned.push(...orphans(root, dir, outputs));
  return drift;
}

/** Entries under `dir` that no output produces: a file, or a folder holding none of the outputs. */
function orphans(root: string, dir: string, outputs: Outputs): string[] {
  const abs = join(root, dir);
  if (!existsSync(abs)) return [];
  const out: string[] = [];
  for (const entry of readdirSync(abs, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const rel = `${dir}/${entry.name}`;
    if (!entry.isDirectory()) {
      if (!outputs.has(rel)) out.push(rel);
    } else if ([...outputs.keys()].some((k) => k.startsWith(`${rel}/`))) {
      out.push(...orphans(root, rel, outputs));
    } else {
      out.push(rel);
    }
  }
  return out;
}

export function hasDrift(d: Drift): boolean {
  return d.missing.length + d.stale.length + d.orphaned.length > 0;
}

/** Write what differs and remove orphans; returns the drift that was fixed. */
export function applyOutputs(root: string, outputs: Outputs, generatedDirs: string[]): Drift {
  const drift = findDrift(root, outputs, generatedDirs);
  for (const rel of [...drift.missing, ...drift.stale]) {
    const abs = join(root, rel);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, outputs.get(rel)!);
  }
  for (const rel of drift.orphaned) rmSync(join(root, rel), { recursive: true });
  return drift;
}
