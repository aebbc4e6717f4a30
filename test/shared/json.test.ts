import { describe, expect, it } from 'vitest';
import { dig, digArray, digNonEmptyString, digNumber, digObject, digString, digStringMap, isObject } from '../../src/shared/json.js';

describe('lenient JSON readers', () => {
  it('isObject admits plain objects only', () => {
    expect([{}, { a: 1 }].every(isObject)).toBe(true);
    expect([null, undefined, [], 'x', 1, true].some(isObject)).toBe(false);
  });

  it('dig follows a path through objects; no path is the value itself', () => {
    const v = { a: { b: [1], c: { d: 'x' } } };
    expect(dig(v, 'a', 'c', 'd')).toBe('x');
    expect(dig(v)).toBe(v);
    expect(dig(v, 'a', 'b', '0')).toBeUndefined();
    expect(dig('x', 'a')).toBeUndefined();
  });

  it('each typed dig answers undefined for another type', () => {
    const v = { o: { k: 'v', n: 1 }, l: [1], s: '  t  ', blank: '  ', n: 2, inf: Infinity };
    expect(digObject(v, 'o')).toBe(v.o);
    expect(digObject(v, 'l')).toBeUndefined();
    expect(digArray(v, 'l')).toBe(v.l);
    expect(digArray(v, 'o')).toBeUndefined();
    expect(digString(v, 's')).toBe('  t  ');
    expect(digString(v, 'n')).toBeUndefined();
    expect(digNonEmptyString(v, 's')).toBe('t');
    expect(digNonEmptyString(v, 'blank')).toBeUndefined();
    expect(digNumber(v, 'n')).toBe(2);
    expect(digNumber(v, 'inf')).toBeUndefined();
    expect(digStringMap(v, 'o')).toEqual({ k: 'v' });
    expect(digStringMap(v, 'l')).toBeUndefined();
  });
});
