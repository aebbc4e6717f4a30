// Whom an AgentRuntime may delegate to, read from the object as stored:
// spec.agentNetwork.access together with spec.peers, its older alias (issue 12:
// the two lists are merged, as the AgentRuntime's own sync reads them). Names
// of AgentRuntimes in the agent's own namespace; sorted, duplicate-free.

import { dig } from '../../shared/json.js';

const names = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v !== '') : []);

export function delegationTargets(agent: unknown): string[] {
  return [...new Set([...names(dig(agent, 'spec', 'agentNetwork', 'access')), ...names(dig(agent, 'spec', 'peers'))])].sort();
}
