// canonicalJson's bytes are pinned to its definition — JSON.stringify of a
// sorted deep copy — on hand-picked corner cases and on many seeded random
// values, so the faster sortKeys (which hands sorted objects back uncopied) is
// checked against the plain one it replaced.
import { describe, expect, it } from 'vitest';
import { builtSorted, canonicalJson, sortKeys } from '../../src/shared/canonical-json.js';

/** The definition: a sorted deep copy of every object, without undefined members. */
function copySorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copySorted);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = copySorted(v);
    }
    return out;
  }
  return value;
}
const definition = (value: unknown) => JSON.stringify(copySorted(value));

/** mulberry32: a small seeded generator, so a failure can be replayed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KEYS = ['a', 'b', 'B', 'z', 'aa', 'a b', '', 'é', 'e', 'Z', '\u{1F600}', '\ud800', '"q"', 'back\\slash', 'new\nline',
  '0', '1', '9', '10', '01', '-0', '1e3', '1.5', '4294967294', '4294967295', '4294967296', 'apiVersion', 'kind', 'metadata', 'spec'];
const STRINGS = ['', 'x', 'héllo', 'tab\there', 'quote"s', '\u2028', '\ud83d', '\u{1F680}', '<script>', 'ctrl\u0001', 'a'.repeat(40)];
const NUMBERS = [0, -0, 1, -1, 2.5, 1e21, 1e-7, Number.MAX_SAFE_INTEGER, NaN, Infinity, -Infinity, 123456789.125];

function randomValue(next: () => number, depth: number): unknown {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  const r = next();
  if (depth <= 0 || r < 0.35) {
    const s = next();
    if (s < 0.3) return pick(STRINGS);
    if (s < 0.55) return pick(NUMBERS);
    if (s < 0.65) return next() < 0.5;
    if (s < 0.75) return null;
    if (s < 0.8) return undefined;
    if (s < 0.82) return () => 1;
    if (s < 0.83) return Symbol('s');
    if (s < 0.85) return new Date(Math.floor(next() * 2e12));
    if (s < 0.86) return new Map([['a', 1]]);
    if (s < 0.87) return new String('boxed');
    return Math.floor(next() * 1000);
  }
  if (r < 0.55) {
    const items = Array.from({ length: Math.floor(next() * 5) }, () => randomValue(next, depth - 1));
    if (next() < 0.05) items.length += 2; // holes
    return items;
  }
  const obj: Record<string, unknown> = next() < 0.05 ? (Object.create(null) as Record<string, unknown>) : {};
  const count = Math.floor(next() * 7);
  for (let i = 0; i < count; i++) obj[pick(KEYS)] = randomValue(next, depth - 1);
  const odd = next();
  if (odd < 0.03) Object.defineProperty(obj, '__proto__', { value: randomValue(next, depth - 1), enumerable: true, configurable: true, writable: true });
  else if (odd < 0.05) obj.toJSON = next() < 0.5 ? (key: string) => `to-json:${key}` : 'not a function';
  return obj;
}

describe('canonicalJson', () => {
  const corners: [string, unknown][] = [
    ['undefined', undefined],
    ['a function', () => 1],
    ['scalars', [1, 'a', true, null, 2.5, -0, NaN, Infinity]],
    ['undefined, functions and symbols in objects and arrays', { a: undefined, b: () => 1, c: Symbol('x'), d: [undefined, () => 1, Symbol('y')] }],
    ['an object of only skipped values', { a: undefined, b: () => 1 }],
    ['integer-like keys', { '10': 'x', '9': 'y', a: 1, '01': 2, '4294967295': 3, '4294967294': 4 }],
    ['a Date', { at: new Date('2026-01-01T00:00:00Z'), b: 1 }],
    ['a class instance', { a: new (class Thing { x = 1; })() }],
    ['null prototype', Object.assign(Object.create(null) as object, { b: 1, a: 2 })],
    ['an own __proto__ key', JSON.parse('{"b":1,"__proto__":{"x":1},"a":2}') as unknown],
    ['a toJSON method', { b: 1, toJSON: () => 'replaced' }],
    ['nested toJSON', { a: [{ toJSON: (key: string) => `k=${key}` }] }],
    ['a sparse array', [1, , 3]], // eslint-disable-line no-sparse-arrays
    ['empty containers', { a: {}, b: [], c: [{}] }],
  ];

  it.each(corners)('is the definition byte for byte: %s', (_name, value) => {
    expect(canonicalJson(value)).toBe(definition(value));
  });

  it('is the definition on 5 000 seeded random values', () => {
    const next = rng(20261121);
    let mismatches = 0;
    let first: unknown;
    for (let i = 0; i < 5000; i++) {
      const value = randomValue(next, 5);
      let expected: string | undefined;
      let threw = false;
      try {
        expected = definition(value);
      } catch {
        threw = true;
      }
      if (threw) {
        expect(() => canonicalJson(value)).toThrow();
        continue;
      }
      if (canonicalJson(value) !== expected) {
        mismatches++;
        first ??= value;
      }
    }
    expect({ mismatches, first }).toEqual({ mismatches: 0, first: undefined });
  });

  it('hands already sorted plain objects back without copying them', () => {
    const inner = { a: 1, b: [{ c: 2 }] };
    const sorted = { x: inner, y: 'z' };
    expect(sortKeys(sorted)).toBe(sorted);
    const unsorted = { y: 'z', x: inner };
    const out = sortKeys(unsorted) as Record<string, unknown>;
    expect(out).not.toBe(unsorted);
    expect(Object.keys(out)).toEqual(['x', 'y']);
    expect(out.x).toBe(inner);
    // A change deep down copies the path to it and nothing else.
    const deep = { a: { keep: { k: 1 } }, b: { c: { z: 1, y: 2 } } };
    const copied = sortKeys(deep) as typeof deep;
    expect(copied).not.toBe(deep);
    expect(copied.a).toBe(deep.a);
    expect(copied.b).not.toBe(deep.b);
    expect(Object.keys(copied.b.c)).toEqual(['y', 'z']);
  });

  it('serialises a value marked builtSorted as it is, trusting its builder', () => {
    // The mark is a claim the builder's tests check (sorted-output.test.ts);
    // canonicalJson does not walk the value to verify it.
    expect(canonicalJson(builtSorted({ a: 1, b: { c: 2 } }))).toBe('{"a":1,"b":{"c":2}}');
    expect(canonicalJson(builtSorted({ b: 1, a: 2 }))).toBe('{"b":1,"a":2}');
    expect(canonicalJson({ b: 1, a: 2 })).toBe('{"a":2,"b":1}');
  });

  it('orders keys, so equal data gives equal bytes', () => {
    expect(canonicalJson({ b: [{ d: 1, c: 2 }], a: 1 })).toBe('{"a":1,"b":[{"c":2,"d":1}]}');
    expect(canonicalJson({ b: 1, a: 2 })).toBe(canonicalJson({ a: 2, b: 1 }));
  });
});
