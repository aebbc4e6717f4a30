// The Dockerfile read as data: its stages and their instructions, for the tests
// that check the image without a container engine (none runs on these machines).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './load.js';

export interface Stage {
  from: string;
  name?: string;
  lines: string[];
}

/** Dockerfile instructions grouped by stage (continuation lines joined, comments dropped). */
export function stages(text: string): Stage[] {
  const joined = text.replace(/\\\n/g, ' ');
  const out: Stage[] = [];
  for (const raw of joined.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const from = /^FROM\s+(\S+)(?:\s+AS\s+(\S+))?/i.exec(line);
    if (from) out.push({ from: from[1] as string, ...(from[2] ? { name: from[2] } : {}), lines: [] });
    else out.at(-1)?.lines.push(line);
  }
  return out;
}


/** The Dockerfile's stages. */
export const dockerfileStages = (): Stage[] => stages(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'));
