// The tools the agent may call, rendered into tools.json from the ToolRegistry's
// status.discoveredTools (only Available ones, sorted by name, docs/env.md shape).

import { DEFAULT_TOOL_TIMEOUT, type ToolJson } from '../../../contract/files.js';
import { builtSorted, sortKeys } from '../../../shared/canonical-json.js';
import type { ObjectMap } from '../../metacontroller.js';
import { findObject } from '../../shared/objects.js';
import { dig, digString, isObject } from '../../../shared/json.js';
import { T } from '../constants.js';
import type { Problem } from '../status/problems.js';
import type { AgentSpec } from '../spec.js';

/** A tools.json entry (src/contract/files.ts). */
export type RenderedTool = ToolJson;

export interface ToolsPlan {
  tools: RenderedTool[];
  reason: string;
  message: string;
}

/**
 * Always a plan (the tools usable now, maybe none), plus a Problem while the
 * registry is missing or not Ready: the dependency gate (status/dependencies.ts)
 * decides whether that holds the rollout back or the agent runs without them.
 */
export interface ToolsResult {
  plan: ToolsPlan;
  problem?: Problem;
}

export function resolveTools(spec: AgentSpec, related: ObjectMap, namespace: string): ToolsResult {
  const ref = spec.toolRegistryRef;
  if (!ref) return { plan: { tools: [], reason: 'NotConfigured', message: 'no ToolRegistry referenced' } };
  const ns = ref.namespace ?? namespace;
  const registry = findObject(related, T.toolRegistry, ref.name, ns);
  const notReady = (reason: string, message: string, tools: RenderedTool[]): ToolsResult => ({
    plan: { tools, reason, message },
    problem: { condition: 'ToolRegistryReady', reason, message, severity: 'pending' },
  });
  if (!registry) return notReady('NotFound', `ToolRegistry ${ns}/${ref.name} not found`, []);
  const discovered = dig(registry, 'status', 'discoveredTools');
  const all = Array.isArray(discovered) ? discovered.filter(isObject) : [];
  const tools = all
    .filter((t) => t.status === 'Available' && typeof t.name === 'string' && typeof t.endpoint === 'string')
    .map(
      // Keys in sorted order, the registry's schema sorted: tools.json and the
      // config hash use the list as it is (builtSorted below).
      (t): RenderedTool => ({
        description: typeof t.description === 'string' ? t.description : '',
        endpoint: t.endpoint as string,
        inputSchema: isObject(t.inputSchema) ? (sortKeys(t.inputSchema) as Record<string, unknown>) : { type: 'object' },
        name: t.name as string,
        retries: typeof t.retries === 'number' && Number.isInteger(t.retries) && t.retries >= 0 ? t.retries : 0,
        timeout: typeof t.timeout === 'string' && t.timeout !== '' ? t.timeout : DEFAULT_TOOL_TIMEOUT,
        type: t.type === 'mcp' ? 'mcp' : 'http',
      }),
    )
    // Unique by name (first wins after sorting), so a duplicated name cannot make the order ambiguous.
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .filter((t, i, list) => i === 0 || list[i - 1]!.name !== t.name);
  builtSorted(tools);
  const phase = digString(registry, 'status', 'phase') ?? 'Pending';
  const counts = `${tools.length} of ${all.length} tools available`;
  if (phase === 'Ready') return { plan: { tools, reason: 'Ready', message: `ToolRegistry ${ns}/${ref.name}: ${counts}` } };
  if (phase === 'Degraded') return { plan: { tools, reason: 'Degraded', message: `ToolRegistry ${ns}/${ref.name} is Degraded: ${counts}` } };
  return notReady('NotReady', `ToolRegistry ${ns}/${ref.name} is in phase ${phase}: ${counts}`, tools);
}
