import { describe, expect, it } from 'vitest';
import { checkJsonMediaType } from '../../../src/shared/http/media-type.js';

describe('JSON media type', () => {
  it('takes application/json with parameters and a UTF-8 charset, in any case', () => {
    for (const h of ['application/json', 'Application/JSON', 'application/json; charset=UTF-8', 'application/json;charset="utf8"', 'application/json; foo']) {
      expect(checkJsonMediaType(h).ok, h).toBe(true);
    }
  });

  it('takes application/<x>+json only when asked to', () => {
    expect(checkJsonMediaType('application/merge-patch+json').ok).toBe(false);
    expect(checkJsonMediaType('application/merge-patch+json', true).ok).toBe(true);
    expect(checkJsonMediaType('text/json', true).ok).toBe(false);
  });

  it('says why it refuses', () => {
    expect(checkJsonMediaType(undefined)).toEqual({ ok: false, detail: 'Content-Type must be application/json (none was sent)' });
    expect(checkJsonMediaType('text/plain')).toEqual({ ok: false, detail: 'Content-Type must be application/json, got "text/plain"' });
    expect(checkJsonMediaType('application/json; charset=latin1', true)).toEqual({ ok: false, detail: 'unsupported charset "latin1": JSON must be UTF-8' });
  });
});
