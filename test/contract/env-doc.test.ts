import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENV_VARS } from '../../src/contract/pod-env.js';
import { envTable } from './env-table.js';

// docs/env.md is held to src/contract/pod-env.ts: its two tables are exactly
// the rendered declarations (name, meaning, default, one table per container),
// and no OMNIA_* variable is named there, or anywhere in src/, that is not declared.

const root = path.resolve(import.meta.dirname, '../..');
const doc = readFileSync(path.join(root, 'docs/env.md'), 'utf8');
const declared = new Set(ENV_VARS.map((v) => v.name));
const named = (text: string) => new Set(text.match(/\bOMNIA_[A-Z0-9_]*[A-Z0-9]\b/g) ?? []);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? sourceFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('docs/env.md follows the env declarations', () => {
  const headings = { facade: '## Facade container', runtime: '## Runtime container', cli: '## The omnia CLI' } as const;
  it.each(['facade', 'runtime', 'cli'] as const)('the %s table is the rendered declarations (npx tsx test/contract/env-table.ts)', (container) => {
    expect(doc).toContain(headings[container]);
    const section = doc.slice(doc.indexOf(headings[container]));
    expect(section.slice(section.indexOf('| variable |')).startsWith(envTable(container))).toBe(true);
  });

  it('names only declared variables', () => {
    expect([...named(doc)].filter((n) => !declared.has(n))).toEqual([]);
  });

  it('every declared variable is documented', () => {
    expect(ENV_VARS.map((v) => v.name).filter((n) => !doc.includes(`\`${n}\``))).toEqual([]);
  });
});

it('src/ names only declared variables', () => {
  const undeclared = sourceFiles(path.join(root, 'src')).flatMap((file) =>
    [...named(readFileSync(file, 'utf8'))].filter((n) => !declared.has(n)).map((n) => `${path.relative(root, file)}: ${n}`),
  );
  expect(undeclared).toEqual([]);
});
