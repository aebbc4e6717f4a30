// The agent network's shared token (spec.agentNetwork.peerCredentialSecretRef,
// mounted at OMNIA_PEER_TOKEN_FILE): read once at start-up by both programs —
// the facade admits it like an API key, the runtime sends it to its peers. A
// new token rolls the pods (the Secret's revision is in the config hash).

import { readFileSync } from 'node:fs';
import { ENV, readEnv, type Env } from './pod-env.js';

/** The token, or undefined when OMNIA_PEER_TOKEN_FILE is unset; an unreadable or empty file is a start-up error. */
export function readPeerToken(env: Env): string | undefined {
  const file = readEnv(env, ENV.peerTokenFile);
  if (file === undefined) return undefined;
  let token: string;
  try {
    token = readFileSync(file, 'utf8').trim();
  } catch (err) {
    throw new Error(`${ENV.peerTokenFile.name}: cannot read ${file}: ${(err as Error).message}`);
  }
  if (token === '') throw new Error(`${ENV.peerTokenFile.name}: ${file} is empty`);
  return token;
}
