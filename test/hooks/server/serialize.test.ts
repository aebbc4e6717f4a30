import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultRegistry } from '../../../src/hooks/registry.js';
import { serialize } from '../../../src/hooks/server/serialize.js';
import { canonicalJson } from '../../../src/shared/canonical-json.js';

const FIXTURE = join(import.meta.dirname, '../../../bench/hooks/fixtures/sync-request.json');

const samples: [string, unknown][] = [
  ['scalars', [1, 'a', true, null, 2.5]],
  ['sorted object', { a: 1, b: { c: [1, { d: 2, e: 3 }] } }],
  ['unsorted top level', { b: 1, a: 2 }],
  ['unsorted deep inside sorted', { a: { list: [{ z: 1, y: 2 }] }, b: 1 }],
  ['integer-like keys', { '10': 'x', '9': 'y', a: 1 }],
  ['undefined values', { a: undefined, b: 1, c: [undefined, 2] }],
  ['a Date', { at: new Date('2026-01-01T00:00:00Z'), b: 1 }],
  ['a class instance', { a: new (class Thing { x = 1; })() }],
  ['null prototype', Object.assign(Object.create(null) as object, { b: 1, a: 2 })],
  ['empty', {}],
  ['unicode keys', { é: 1, e: 2, Z: 3 }],
];

describe('serialize', () => {
  it.each(samples)('matches canonicalJson byte for byte: %s', (_name, value) => {
    expect(serialize(value).toString('utf8')).toBe(canonicalJson(value));
  });

  it('matches canonicalJson on the real AgentRuntime sync response, which arrives sorted', () => {
    const request = JSON.parse(readFileSync(FIXTURE, 'utf8')) as unknown;
    const response = defaultRegistry.agentruntime.hooks.sync?.(request, new Date('2026-01-02T03:04:05Z'));
    // Marked builtSorted, it is written as built; that must be the canonical
    // JSON of the same data arriving unmarked.
    expect(serialize(response).toString('utf8')).toBe(canonicalJson(JSON.parse(JSON.stringify(response))));
  });
});
