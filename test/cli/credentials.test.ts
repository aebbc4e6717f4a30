// Which credential `omnia chat` and `omnia invoke` send: a flag before the
// environment, a token before an API key, blank values ignored.
import { describe, expect, it } from 'vitest';
import { authHeaders } from '../../src/cli/credentials.js';

describe('authHeaders', () => {
  it('sends nothing without a credential', () => {
    expect(authHeaders({}, {})).toEqual({});
    expect(authHeaders({}, { OMNIA_API_KEY: '  ' })).toEqual({});
  });

  it('takes OMNIA_TOKEN over OMNIA_API_KEY from the environment', () => {
    expect(authHeaders({}, { OMNIA_API_KEY: 'key' })).toEqual({ authorization: 'Bearer key' });
    expect(authHeaders({}, { OMNIA_API_KEY: 'key', OMNIA_TOKEN: 'jwt' })).toEqual({ authorization: 'Bearer jwt' });
  });

  it('takes a flag over the environment, --token over --api-key', () => {
    expect(authHeaders({ apiKey: 'flag-key' }, { OMNIA_TOKEN: 'env-jwt' })).toEqual({ authorization: 'Bearer flag-key' });
    expect(authHeaders({ apiKey: 'flag-key', token: 'flag-jwt' }, {})).toEqual({ authorization: 'Bearer flag-jwt' });
  });
});
