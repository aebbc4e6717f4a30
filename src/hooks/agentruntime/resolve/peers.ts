// The agents this one may delegate to (spec.agentNetwork.access, with the
// deprecated spec.peers): each peer's Service URL and A2A card URL, and the
// PeersReady dependency of the gate (status/dependencies.ts, soft).
//
// A peer counts as ready once its AgentRuntime exists and is exposed — it then
// has a Service and a card URL — not once it is Running: two agents that may
// delegate to each other (A↔B) would otherwise each wait for the other forever.
// A peer that exists but serves no pod yet is named in the condition's message;
// the runtime skips a peer whose card it cannot fetch, so the pod copes.

import { AGENT_CARD_PATH } from '../../../contract/delegation.js';
import { dig } from '../../../shared/json.js';
import type { ObjectMap } from '../../metacontroller.js';
import { findObject } from '../../shared/objects.js';
import { agentServiceUrl, T } from '../constants.js';
import type { Problem } from '../status/problems.js';
import type { AgentSpec } from '../spec.js';

export interface Peer {
  name: string;
  /** The peer facade's base URL: its Service's in-cluster host (as status.serviceEndpoint names it). */
  url: string;
  cardUrl: string;
}

export interface PeersResult {
  /** Every named peer, present or not (a peer created later is then reachable without a new rollout). */
  peers: Peer[];
  /** PeersReady when every peer exists and is exposed; undefined when the agent names no peers. */
  healthy?: { reason: string; message: string };
  /** A peer missing or not exposed: pending, so waitForDependencies decides whether it holds the rollout. */
  problem?: Problem;
}

export function resolvePeers(spec: AgentSpec, related: ObjectMap, namespace: string): PeersResult {
  const missing: string[] = [];
  const hidden: string[] = [];
  const idle: string[] = [];
  const peers = spec.agentNetwork.access.map((name): Peer => {
    const obj = findObject(related, T.agentRuntime, name, namespace);
    if (!obj) missing.push(name);
    else if (dig(obj, 'spec', 'agentNetwork', 'expose') === false) hidden.push(name);
    else if (dig(obj, 'status', 'ready') !== true) idle.push(name);
    // A peer not created yet is still listed (its default port): it may appear later.
    const url = agentServiceUrl(name, namespace, obj);
    return { name, url, cardUrl: `${url}${AGENT_CARD_PATH}` };
  });
  if (peers.length === 0) return { peers };
  if (missing.length > 0 || hidden.length > 0) {
    const parts = [
      missing.length > 0 ? `peer AgentRuntime ${missing.join(', ')} not found in namespace ${namespace}` : '',
      hidden.length > 0 ? `peer AgentRuntime ${hidden.join(', ')} not exposed (agentNetwork.expose: false)` : '',
    ].filter((p) => p !== '');
    const reason = missing.length > 0 ? 'NotFound' : 'PeerNotExposed';
    return { peers, problem: { condition: 'PeersReady', reason, message: parts.join('; '), severity: 'pending' } };
  }
  const later = idle.length > 0 ? `; not serving yet: ${idle.join(', ')} (a call to it is an error result to the model until it serves)` : '';
  return { peers, healthy: { reason: 'Exposed', message: `peers exposed: ${spec.agentNetwork.access.join(', ')}${later}` } };
}
