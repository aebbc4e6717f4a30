import { describe, expect, it } from 'vitest';
import { MAX_DEPTH, nestingDepth, tooDeep } from '../../../src/hooks/request/depth.js';

describe('nestingDepth', () => {
  it('counts objects and arrays, not scalars', () => {
    expect(nestingDepth(1)).toBe(0);
    expect(nestingDepth({})).toBe(1);
    expect(nestingDepth({ a: [1, { b: null }], c: 'x' })).toBe(3);
  });

  it('measures 100k levels without recursion, and stops past the limit', () => {
    const deep = JSON.parse(`${'['.repeat(100_000)}${']'.repeat(100_000)}`) as unknown;
    expect(nestingDepth(deep)).toBe(100_000);
    expect(nestingDepth(deep, 10)).toBe(11);
  });

  it('turns only a stack overflow on a request deeper than MAX_DEPTH into too_deep', () => {
    const deep = JSON.parse(`${'['.repeat(MAX_DEPTH + 1)}${']'.repeat(MAX_DEPTH + 1)}`) as unknown;
    const shallow = JSON.parse(`${'['.repeat(MAX_DEPTH)}${']'.repeat(MAX_DEPTH)}`) as unknown;
    const overflow = new RangeError('Maximum call stack size exceeded');
    expect(tooDeep(overflow, deep)?.code).toBe('too_deep');
    expect(tooDeep(overflow, shallow)).toBeUndefined();
    expect(tooDeep(new TypeError('x'), deep)).toBeUndefined();
  });
});
