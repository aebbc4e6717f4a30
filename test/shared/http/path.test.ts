import { describe, expect, it } from 'vitest';
import { decodeSegment, pathOf } from '../../../src/shared/http/path.js';

describe('request target path', () => {
  it('drops the query and reduces absolute-form targets to their path', () => {
    expect(pathOf('/hooks/a/b?x=1')).toBe('/hooks/a/b');
    expect(pathOf('/healthz')).toBe('/healthz');
    expect(pathOf(undefined)).toBe('/');
    expect(pathOf('http://proxy.example:8080/functions/f?q')).toBe('/functions/f');
    expect(pathOf('*')).toBe('');
  });

  it('decodes an escaped segment, and refuses a broken escape', () => {
    expect(decodeSegment('a%20b')).toBe('a b');
    expect(decodeSegment('wid%E0%A4%A')).toBeUndefined();
  });
});
