// The agents this one may delegate to (spec.agentNetwork.access, with the
// deprecated spec.peers): each peer's Service URL and A2A card URL, and whether
// the peers can answer — the PeersReady condition. A missing or unready peer is
// reported, never a reason to hold back this agent's own rollout: the runtime
// skips a peer whose card it cannot fetch, and peers may be created in any order.

import { AGENT_CARD_PATH } from '../../../contract/delegation.js';
import { PORTS } from '../../../contract/paths.js';
import { dig, digNumber, isObject } from '../../../shared/json.js';
import type { ObjectMap } from '../../metacontroller.js';
import { findObject } from '../../shared/objects.js';
import { serviceHost, T } from '../constants.js';
import type { AgentSpec } from '../spec.js';

export interface Peer {
  name: string;
  /** The peer facade's base URL: its Service's in-cluster host (as status.serviceEndpoint names it). */
  url: string;
  cardUrl: string;
}

export interface PeersPlan {
  peers: Peer[];
  /** PeersReady; undefined when the agent names no peers (the condition is then left out). */
  condition?: { ready: boolean; reason: string; message: string };
}

/** Whether the peer's own status says its pods and Service are up (not its Ready: two agents that delegate to each other would wait forever). */
function serving(peer: unknown): boolean {
  const conditions = dig(peer, 'status', 'conditions');
  if (!Array.isArray(conditions)) return false;
  const isTrue = (type: string) => conditions.some((c) => isObject(c) && c.type === type && c.status === 'True');
  return isTrue('DeploymentReady') && isTrue('ServiceReady');
}

export function resolvePeers(spec: AgentSpec, related: ObjectMap, namespace: string): PeersPlan {
  const missing: string[] = [];
  const hidden: string[] = [];
  const unready: string[] = [];
  const peers = spec.agentNetwork.access.map((name): Peer => {
    const obj = findObject(related, T.agentRuntime, name, namespace);
    if (!obj) missing.push(name);
    else if (dig(obj, 'spec', 'agentNetwork', 'expose') === false) hidden.push(name);
    else if (!serving(obj)) unready.push(name);
    // A peer not created yet is still listed (its default port): it may appear later.
    const port = digNumber(obj, 'spec', 'facade', 'port') ?? PORTS.facade;
    const url = `http://${serviceHost(name, namespace)}:${port}`;
    return { name, url, cardUrl: `${url}${AGENT_CARD_PATH}` };
  });
  if (peers.length === 0) return { peers };
  const problems = [
    missing.length > 0 ? `not found in namespace ${namespace}: ${missing.join(', ')}` : '',
    hidden.length > 0 ? `not exposed (agentNetwork.expose: false): ${hidden.join(', ')}` : '',
    unready.length > 0 ? `not serving yet: ${unready.join(', ')}` : '',
  ].filter((p) => p !== '');
  if (problems.length === 0) return { peers, condition: { ready: true, reason: 'Ready', message: `peers serving: ${spec.agentNetwork.access.join(', ')}` } };
  const reason = missing.length > 0 ? 'PeerNotFound' : hidden.length > 0 ? 'PeerNotExposed' : 'PeerNotReady';
  return { peers, condition: { ready: false, reason, message: `peers ${problems.join('; ')}; the agent runs and cannot delegate to them until they serve` } };
}
