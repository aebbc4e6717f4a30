// The credential `omnia chat` and `omnia invoke` send: a flag first, then the
// environment (docs/env.md, the CLI table); a bearer token wins over an API
// key. Both travel as `Authorization: Bearer` (docs/facade.md, Auth).

import { ENV, rawEnv, type Env } from '../contract/pod-env.js';

export interface CredentialOptions {
  apiKey?: string;
  token?: string;
}

/** The Authorization header to send, or none. */
export function authHeaders(opts: CredentialOptions, env: Env = process.env): Record<string, string> {
  const credential = opts.token ?? opts.apiKey ?? rawEnv(env, ENV.cliToken.name) ?? rawEnv(env, ENV.cliApiKey.name);
  return credential ? { authorization: `Bearer ${credential}` } : {};
}
