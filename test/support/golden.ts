// Golden-file comparison: the canonical pretty JSON of `actual` (keys sorted at
// every level, two-space indent, trailing newline) must equal the file byte for
// byte. UPDATE_GOLDEN=1 rewrites the file instead — review the diff before committing.

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { expect } from 'vitest';
import { sortKeys } from '../../src/shared/canonical-json.js';

export function canonicalPretty(value: unknown): string {
  return `${JSON.stringify(sortKeys(value), null, 2)}\n`;
}

export function expectGolden(file: string, actual: unknown): void {
  const text = canonicalPretty(actual);
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
    return;
  }
  if (!existsSync(file)) throw new Error(`golden file ${file} is missing; run with UPDATE_GOLDEN=1 and review it`);
  expect(text).toBe(readFileSync(file, 'utf8'));
}

export function readJson(file: string): unknown {
  return JSON.parse(readFileSync(file, 'utf8')) as unknown;
}
