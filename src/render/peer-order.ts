// The order `omnia render` syncs AgentRuntimes in: each agent's peers
// (agentNetwork.access, and the deprecated spec.peers) before the agent, so the
// status a delegating agent reads of its peers (PeersReady, linkedResources) is
// the one this render wrote, whatever order the input lists them in. A cycle
// (A↔B may call each other) is broken where the input order meets it.

import type { KubeObject } from '../hooks/metacontroller.js';
import { dig } from '../shared/json.js';

function peerNames(agent: KubeObject): string[] {
  const list = (v: unknown): string[] => (Array.isArray(v) ? v.filter((n): n is string => typeof n === 'string') : []);
  return [...list(dig(agent, 'spec', 'agentNetwork', 'access')), ...list(dig(agent, 'spec', 'peers'))];
}

/** `agents` reordered: peers first (depth first, input order among equals); the same objects, none dropped. */
export function peersFirst(agents: readonly KubeObject[]): KubeObject[] {
  const key = (namespace: string | undefined, name: string): string => `${namespace ?? ''}/${name}`;
  const byKey = new Map(agents.map((a) => [key(a.metadata.namespace, a.metadata.name), a] as const));
  const out: KubeObject[] = [];
  const seen = new Set<KubeObject>();
  const visit = (agent: KubeObject): void => {
    if (seen.has(agent)) return;
    seen.add(agent);
    for (const name of peerNames(agent)) {
      const peer = byKey.get(key(agent.metadata.namespace, name));
      if (peer) visit(peer);
    }
    out.push(agent);
  };
  agents.forEach(visit);
  return out;
}
