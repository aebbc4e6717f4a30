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
  for (const dir of generatedDirs) {
    const abs = join(root, dir);
    if (!existsSync(abs)) continue;
    for (const name of readdirSync(abs).sort()) {
      const rel = `${dir}/${name}`;
      if (!outputs.has(rel)) drift.orphaned.push(rel);
    }
  }
  return drift;
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
