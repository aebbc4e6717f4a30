import { describe, expect, it } from 'vitest';
import { checkJsonMediaType } from '../../../src/shared/http/media-type.js';
import { functionNameOf } from '../../../src/facade/function/route.js';

describe('checkJsonMediaType', () => {
  it('accepts application/json with or without parameters, in any case', () => {
    for (const h of ['application/json', 'Application/JSON', 'application/json; charset=utf-8', 'application/json;charset="UTF-8"', 'application/json; charset=utf8; boundary=x', 'application/json; foo']) {
      expect(checkJsonMediaType(h), h).toEqual({ ok: true });
    }
  });
  it('refuses other types, missing types and non-UTF-8 charsets', () => {
    expect(checkJsonMediaType(undefined)).toEqual({ ok: false, detail: 'Content-Type must be application/json (none was sent)' });
    expect(checkJsonMediaType('  ')).toEqual({ ok: false, detail: 'Content-Type must be application/json (none was sent)' });
    expect(checkJsonMediaType('application/jsonx')).toEqual({ ok: false, detail: 'Content-Type must be application/json, got "application/jsonx"' });
    expect(checkJsonMediaType('application/ld+json')).toMatchObject({ ok: false });
    expect(checkJsonMediaType('application/json; charset=utf-16')).toEqual({ ok: false, detail: 'unsupported charset "utf-16": JSON must be UTF-8' });
  });
});

describe('functionNameOf', () => {
  it('extracts the one path segment after /functions/', () => {
    expect(functionNameOf('/functions/echo')).toBe('echo');
    expect(functionNameOf('/functions/echo?x=1&y=/z')).toBe('echo');
    expect(functionNameOf('/functions/my%2Dfn')).toBe('my-fn');
  });
  it('is undefined for anything else', () => {
    for (const u of [undefined, '/', '/functions', '/functions/', '/functions/a/b', '/functions/echo/', '/fn/echo', '/functions/%E0%A4%A']) {
      expect(functionNameOf(u), String(u)).toBeUndefined();
    }
  });
});
