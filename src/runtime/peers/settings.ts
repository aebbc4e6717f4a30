// The runtime's peers, read from the env the hook writes (KAOS's names,
// declared in src/contract/pod-env.ts): PEER_AGENTS, one
// PEER_AGENT_<NAME>_CARD_URL each, and the network token file.

import { peerCardUrlEnvName } from '../../contract/delegation.js';
import { readPeerToken } from '../../contract/peer-token.js';
import { ENV, rawEnv, readEnv, type Env } from '../../contract/pod-env.js';

export interface PeerRef {
  name: string;
  cardUrl: string;
}

export interface PeerSettings {
  peers: PeerRef[];
  /** The agent network's shared token (OMNIA_PEER_TOKEN_FILE), sent as Bearer to every peer. */
  token?: string;
}

/** A peer named in PEER_AGENTS without a card URL, or an unreadable token file, is a start-up error naming the variable. */
export function loadPeerSettings(env: Env): PeerSettings {
  const names = readEnv(env, ENV.peerAgents) ?? [];
  const peers = [...new Set(names)].map((name): PeerRef => {
    const variable = peerCardUrlEnvName(name);
    const raw = rawEnv(env, variable);
    if (raw === undefined) throw new Error(`${ENV.peerAgents.name} names "${name}" but ${variable} is not set`);
    return { name, cardUrl: ENV.peerCardUrl.parse(raw, variable) };
  });
  const token = readPeerToken(env);
  return token === undefined ? { peers } : { peers, token };
}
