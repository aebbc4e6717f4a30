import { dig } from '../../shared/json.js';
import type { DecoratorSyncResponse } from '../metacontroller.js';
import { withTransitionTimes, type DesiredCondition } from '../shared/conditions.js';
import { objectsOf } from '../shared/objects.js';
import { readRequest } from '../request/envelope.js';
import { resolveDuplicates, resolveEntry, type DiscoveredTool } from './discovery.js';
import { parseRegistrySpec } from './spec.js';
import type { ToolRegistryStatus } from '../../types/generated/toolregistry.js';

export const SERVICE_TYPE = 'Service.v1';
const MAX_LISTED = 5;

/** Sync: resolve every entry into tools and publish them, sorted by name, with a phase. */
export function syncToolRegistry(request: unknown, now: Date): DecoratorSyncResponse {
  const { subject: registry, namespace, related } = readRequest(request, 'decorator', 'sync', 'ToolRegistry');
  const services = objectsOf(related, SERVICE_TYPE);
  const spec = parseRegistrySpec(registry.spec, namespace);
  const { tools, duplicates } = resolveDuplicates(spec.entries.flatMap((e) => resolveEntry(e, services)));

  const available = tools.filter((t) => t.status === 'Available').length;
  const phase = spec.problem || available === 0 ? 'Failed' : available === tools.length ? 'Ready' : 'Degraded';
  const condition = readyCondition(phase, spec.problem, tools, available, duplicates);
  const status: ToolRegistryStatus = {
    phase,
    discoveredTools: tools,
    discoveredToolsCount: tools.length,
    conditions: withTransitionTimes([condition], dig(registry.status, 'conditions'), now),
  };
  return { status: { ...status } };
}

function readyCondition(
  phase: string,
  problem: string | undefined,
  tools: DiscoveredTool[],
  available: number,
  duplicates: string[],
): DesiredCondition {
  if (problem) return { type: 'Ready', status: 'False', reason: 'InvalidSpec', message: problem };
  if (tools.length === 0) return { type: 'Ready', status: 'False', reason: 'NoTools', message: 'spec.tools defines no tools' };
  const down = tools.filter((t) => t.status === 'Unavailable');
  let message = `${available} of ${tools.length} tools available`;
  if (down.length) {
    const listed = down.slice(0, MAX_LISTED).map((t) => `${t.name}: ${t.error ?? 'unavailable'}`);
    if (down.length > MAX_LISTED) listed.push(`…and ${down.length - MAX_LISTED} more`);
    message += `; unavailable: ${listed.join('; ')}`;
  }
  if (duplicates.length) message += `; duplicate names: ${duplicates.join(', ')}`;
  if (phase === 'Ready') return { type: 'Ready', status: 'True', reason: 'AllToolsAvailable', message };
  if (phase === 'Degraded') return { type: 'Ready', status: 'True', reason: 'SomeToolsUnavailable', message };
  return { type: 'Ready', status: 'False', reason: 'NoToolsAvailable', message };
}
