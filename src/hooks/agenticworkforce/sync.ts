// sync: an AgenticWorkforce's status from the AgentRuntimes customize relates.
// Pure; no children. Agents are named by name in the workforce's namespace and
// by namespace/name elsewhere. A cycle is reported, not a failure: agents may
// call each other, and the runtime refuses a delegation that revisits an agent.

import { AGENT_CARD_PATH } from '../../contract/delegation.js';
import { dig, digString } from '../../shared/json.js';
import { agentServiceUrl, T } from '../agentruntime/constants.js';
import type { DecoratorSyncResponse, KubeObject } from '../metacontroller.js';
import { readRequest } from '../request/envelope.js';
import { withTransitionTimes, type DesiredCondition } from '../shared/conditions.js';
import { objectsOf } from '../shared/objects.js';
import { sortKeys } from '../../shared/canonical-json.js';
import type { AgenticWorkforceStatus } from '../../types/generated/agenticworkforce.js';
import { walk, type FoundAgent } from './graph.js';
import { readWorkforceSpec } from './spec.js';

const RUNNING = 'Running';
const MAX_LISTED = 10;

/** The agent's A2A card on its Service (as the AgentRuntime sync names and ports it); none when it is not exposed. */
export function cardURL(agent: KubeObject): string | undefined {
  if (dig(agent, 'spec', 'agentNetwork', 'expose') === false) return undefined;
  return `${agentServiceUrl(agent.metadata.name, agent.metadata.namespace ?? '', agent)}${AGENT_CARD_PATH}`;
}

function listed(items: string[]): string {
  const shown = items.slice(0, MAX_LISTED);
  return items.length > MAX_LISTED ? `${shown.join(', ')} …and ${items.length - MAX_LISTED} more` : shown.join(', ');
}

export function syncAgenticWorkforce(body: unknown, now: Date): DecoratorSyncResponse {
  const { subject, namespace, related } = readRequest(body, 'decorator', 'sync', 'AgenticWorkforce');
  const { spec, errors } = readWorkforceSpec(subject.spec, namespace);
  const pool = new Map<string, KubeObject>(objectsOf(related, T.agentRuntime).map((a) => [`${a.metadata.namespace ?? namespace}/${a.metadata.name}`, a]));
  const graph = walk(spec.entryPoints, (key) => pool.get(key));
  const ref = (key: string): string => (key.startsWith(`${namespace}/`) ? key.slice(namespace.length + 1) : key);
  const phaseOf = (a: FoundAgent): string => digString(a.object, 'status', 'phase') ?? 'Unknown';

  const entryPoints = spec.entryPoints.map((e) => {
    const agent = graph.agents.find((a) => a.name === e.name && a.namespace === e.namespace);
    const url = agent ? cardURL(agent.object) : undefined;
    return { ...(url ? { cardURL: url } : {}), found: agent !== undefined, name: e.name, namespace: e.namespace };
  });
  const notRunning = graph.agents.filter((a) => phaseOf(a) !== RUNNING);
  const entryRunning = graph.agents.some((a) => a.entryPoint && phaseOf(a) === RUNNING);
  const missingEntry = graph.missing.filter((m) => m.entryPoint);

  const found: DesiredCondition =
    graph.missing.length === 0
      ? { type: 'AgentsFound', status: 'True', reason: 'AllFound', message: `${graph.agents.length} agents found` }
      : {
          type: 'AgentsFound',
          status: 'False',
          reason: missingEntry.length > 0 ? 'EntryPointMissing' : 'AgentMissing',
          message: `not found: ${listed(graph.missing.map((m) => `${ref(m.key)}${m.entryPoint ? ' (entry point)' : ` (delegated to by ${m.referencedBy.map(ref).join(', ')})`}`))}`,
        };
  const running: DesiredCondition =
    notRunning.length === 0
      ? { type: 'AgentsRunning', status: 'True', reason: 'AllRunning', message: `${graph.agents.length} agents Running` }
      : { type: 'AgentsRunning', status: 'False', reason: 'NotRunning', message: `not Running: ${listed(notRunning.map((a) => `${ref(a.key)} (${phaseOf(a)})`))}` };
  const acyclic: DesiredCondition =
    graph.cycles.length === 0
      ? { type: 'Acyclic', status: 'True', reason: 'NoCycles', message: 'no agent can delegate back to itself' }
      : { type: 'Acyclic', status: 'False', reason: 'CycleFound', message: `delegation cycles (allowed; the runtime refuses a delegation that revisits an agent): ${listed(graph.cycles.map((c) => c.map(ref).join(' -> ')))}` };

  let phase: NonNullable<AgenticWorkforceStatus['phase']>;
  let ready: DesiredCondition;
  if (errors.length > 0) {
    phase = 'Failed';
    ready = { type: 'Ready', status: 'False', reason: 'InvalidSpec', message: `invalid spec: ${errors.join('; ')}` };
  } else if (found.status === 'True' && running.status === 'True') {
    phase = 'Ready';
    ready = { type: 'Ready', status: 'True', reason: 'AllRunning', message: `${graph.agents.length} agents found and Running` };
  } else {
    phase = entryRunning ? 'Degraded' : 'Pending';
    const first = found.status === 'False' ? found : running;
    ready = { type: 'Ready', status: 'False', reason: first.reason, message: first.message };
  }

  const status: AgenticWorkforceStatus = {
    agentCount: graph.agents.length,
    agents: graph.agents.map((a) => ({
      access: a.access,
      depth: a.depth,
      entryPoint: a.entryPoint,
      name: a.name,
      namespace: a.namespace,
      phase: phaseOf(a),
    })),
    conditions: withTransitionTimes([ready, found, running, acyclic], dig(subject.status, 'conditions'), now),
    cycles: graph.cycles.map((c) => c.map(ref)),
    entryPoints,
    missingAgents: graph.missing.map((m) => ({ entryPoint: m.entryPoint, name: m.name, namespace: m.namespace, referencedBy: m.referencedBy.map(ref) })),
    phase,
  };
  return sortKeys({ status: { ...status } }) as DecoratorSyncResponse;
}
