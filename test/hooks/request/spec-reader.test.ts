import { describe, expect, it } from 'vitest';
import { SpecReader } from '../../../src/hooks/request/spec-reader.js';

describe('SpecReader', () => {
  it('answers undefined for absent or null fields and records nothing', () => {
    const r = new SpecReader();
    const spec = { a: null };
    expect(r.object(spec, 'a', 'spec')).toBeUndefined();
    expect(r.string(spec, 'b', 'spec')).toBeUndefined();
    expect(r.int(undefined, 'c', 'spec')).toBeUndefined();
    expect(r.bool(spec, 'a', 'spec')).toBeUndefined();
    expect(r.array(spec, 'a', 'spec')).toBeUndefined();
    expect(r.errors).toEqual([]);
  });

  it('records a wrong type at its path and answers undefined', () => {
    const r = new SpecReader();
    const spec = { o: [1], s: 5, i: 1.5, j: 'x', b: 'true', a: {} };
    expect(r.object(spec, 'o', 'spec')).toBeUndefined();
    expect(r.string(spec, 's', 'spec')).toBeUndefined();
    expect(r.int(spec, 'i', 'spec')).toBeUndefined();
    expect(r.int(spec, 'j', 'spec')).toBeUndefined();
    expect(r.bool(spec, 'b', 'spec')).toBeUndefined();
    expect(r.array(spec, 'a', 'spec')).toBeUndefined();
    expect(r.errors).toEqual([
      'spec.o: expected object, got array',
      'spec.s: expected string, got number',
      'spec.i: expected integer, got number 1.5',
      'spec.j: expected integer, got string',
      'spec.b: expected boolean, got string',
      'spec.a: expected array, got object',
    ]);
  });

  it('reads well-typed fields, with ranges, allowed values and lists', () => {
    const r = new SpecReader();
    const spec = { o: { k: 'v', n: 1 }, i: 3, b: false, t: 'hpa', l: ['a', 2], items: [{ name: 'p' }, { other: 1 }, 'x'] };
    expect(r.object(spec, 'o', 'spec')).toBe(spec.o);
    expect(r.int(spec, 'i', 'spec', { min: 1, max: 5 })).toBe(3);
    expect(r.int(spec, 'i', 'spec', { max: 2 })).toBeUndefined();
    expect(r.bool(spec, 'b', 'spec')).toBe(false);
    expect(r.oneOf(spec, 't', 'spec', ['hpa', 'keda'], 'keda')).toBe('hpa');
    expect(r.oneOf(spec, 'o', 'spec', ['hpa'], 'hpa')).toBe('hpa');
    expect(r.strings(spec, 'l', 'spec')).toEqual(['a']);
    expect(r.stringMap(spec, 'o', 'spec')).toEqual({ k: 'v' });
    expect(r.keyedObjects(spec, 'items', 'spec', 'name').map((e) => e.key)).toEqual(['p']);
    expect(r.errors).toEqual([
      'spec.i: 3 is above the maximum 2',
      'spec.o: expected string, got object',
      'spec.l[1]: expected string, got number',
      'spec.o.n: expected string, got number',
      'spec.items[1].name: required',
      'spec.items[2]: expected object',
    ]);
  });
});
