import type { ObjectMap } from '../metacontroller.js';
import { objectsOf } from '../shared/objects.js';
import { LABEL_INSTANCE, T } from '../agentruntime/constants.js';
import { PACK_LABEL, packLabelValue, VERSIONS_ANNOTATION } from './names.js';

export interface PackAgents {
  /** Each AgentRuntime running this pack (by its Service's instance label), with the versions its Deployments run; sorted by name. */
  agents: { name: string; versions: string[] }[];
  /** Every version some agent runs, sorted. */
  inUse: string[];
}

/**
 * The agents running this pack, from their Services (related by the pack
 * label, checked again here; one per AgentRuntime): who they are, and every
 * version their Deployments run (the Service's versions annotation).
 */
export function readAgents(related: ObjectMap, name: string, namespace: string): PackAgents {
  const label = packLabelValue(name);
  const byName = new Map<string, Set<string>>();
  for (const s of objectsOf(related, T.service)) {
    const labels = s.metadata.labels ?? {};
    if ((s.metadata.namespace ?? namespace) !== namespace || labels[PACK_LABEL] !== label) continue;
    const agent = labels[LABEL_INSTANCE] ?? s.metadata.name;
    const versions = byName.get(agent) ?? new Set<string>();
    const listed = s.metadata.annotations?.[VERSIONS_ANNOTATION];
    if (typeof listed === 'string') for (const v of listed.split(',')) if (v) versions.add(v);
    byName.set(agent, versions);
  }
  const agents = [...byName.keys()].sort().map((n) => ({ name: n, versions: [...byName.get(n)!].sort() }));
  return { agents, inUse: [...new Set(agents.flatMap((a) => a.versions))].sort() };
}
