import { digArray, digNonEmptyString, digNumber, digString, type Json } from '../../shared/json.js';
import type { KubeObject } from '../metacontroller.js';
import type { SelectorSpec, ToolEntry, ToolType } from './spec.js';

// Resolving entries into tools: inline URLs as they are, selector entries into
// one tool per matching Service. Pure: the Services come from `related`.

export const TOOL_NAME_ANNOTATION = 'omnia.altairalabs.ai/tool-name';
export const TOOL_DESCRIPTION_ANNOTATION = 'omnia.altairalabs.ai/tool-description';
export const TOOL_PATH_ANNOTATION = 'omnia.altairalabs.ai/tool-path';

// What the LLM vendors accept as a function name (OpenAI and Anthropic both
// reject anything else), so a bad name is reported here, not at call time.
export const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

export interface DiscoveredTool {
  name: string;
  description: string;
  type: ToolType;
  endpoint: string;
  inputSchema?: Json;
  timeout: string;
  retries: number;
  source: 'inline' | 'service';
  status: 'Available' | 'Unavailable';
  error?: string;
}

/** A tool plus where it came from, for duplicate resolution and messages (not published). */
export interface ResolvedTool {
  tool: DiscoveredTool;
  origin: string;
}

function base(entry: ToolEntry, source: 'inline' | 'service'): DiscoveredTool {
  const tool: DiscoveredTool = {
    name: entry.name,
    description: entry.description,
    type: entry.type,
    endpoint: '',
    timeout: entry.timeout,
    retries: entry.retries,
    source,
    status: 'Unavailable',
  };
  if (entry.inputSchema) tool.inputSchema = entry.inputSchema;
  return tool;
}

/** Unavailable tools publish no endpoint, so nothing can call them by mistake. */
function unavailable(tool: DiscoveredTool, error: string): DiscoveredTool {
  return { ...tool, endpoint: '', status: 'Unavailable', error };
}

function checkName(tool: DiscoveredTool): DiscoveredTool {
  if (tool.status === 'Available' && !TOOL_NAME.test(tool.name)) {
    return unavailable(tool, `tool name "${tool.name}" must be 1-64 letters, digits, "_" or "-"`);
  }
  return tool;
}

export function resolveEntry(entry: ToolEntry, services: KubeObject[]): ResolvedTool[] {
  const origin = `tools[${entry.index}]`;
  if (entry.problem || (!entry.url && !entry.selector)) {
    const source = entry.selector ? 'service' : 'inline';
    return [{ tool: unavailable(base(entry, source), entry.problem ?? 'no endpoint'), origin }];
  }
  if (entry.url) {
    return [{ tool: checkName({ ...base(entry, 'inline'), endpoint: entry.url, status: 'Available' }), origin }];
  }
  const selector = entry.selector as SelectorSpec;
  const matched = services
    .filter((s) => (s.metadata.namespace ?? '') === selector.namespace && !s.metadata.deletionTimestamp)
    .filter((s) => Object.entries(selector.matchLabels).every(([k, v]) => s.metadata.labels?.[k] === v))
    .sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0));
  if (matched.length === 0) {
    return [{ tool: unavailable(base(entry, 'service'), `no Service in namespace ${selector.namespace} matches ${labelText(selector.matchLabels)}`), origin }];
  }
  return matched.map((svc) => ({ tool: serviceTool(entry, selector, svc), origin: `Service ${selector.namespace}/${svc.metadata.name}` }));
}

function serviceTool(entry: ToolEntry, selector: SelectorSpec, svc: KubeObject): DiscoveredTool {
  const annotations = svc.metadata.annotations ?? {};
  const tool: DiscoveredTool = {
    ...base(entry, 'service'),
    name: digNonEmptyString(annotations[TOOL_NAME_ANNOTATION]) ?? `${entry.name}-${svc.metadata.name}`,
    description: digNonEmptyString(annotations[TOOL_DESCRIPTION_ANNOTATION]) ?? entry.description,
  };
  const port = pickPort(svc, selector.port);
  if ('error' in port) return unavailable(tool, port.error);
  const rawPath = digString(annotations[TOOL_PATH_ANNOTATION])?.trim() ?? '';
  const path = rawPath === '' || rawPath.startsWith('/') ? rawPath : `/${rawPath}`;
  const endpoint = `http://${svc.metadata.name}.${selector.namespace}.svc.cluster.local:${port.port}${path}`;
  return checkName({ ...tool, endpoint, status: 'Available' });
}

function pickPort(svc: KubeObject, wanted: string | number | undefined): { port: number } | { error: string } {
  const ports = (digArray(svc, 'spec', 'ports') ?? [])
    .map((p) => ({ name: digString(p, 'name'), port: digNumber(p, 'port') }))
    .filter((p): p is { name: string | undefined; port: number } => p.port !== undefined);
  const where = `Service ${svc.metadata.namespace ?? ''}/${svc.metadata.name}`;
  if (ports.length === 0) return { error: `${where} has no ports` };
  if (wanted === undefined) return { port: (ports[0] as { port: number }).port };
  const asNum = typeof wanted === 'number' ? wanted : /^\d+$/.test(wanted) ? Number(wanted) : undefined;
  const hit = asNum !== undefined ? ports.find((p) => p.port === asNum) : ports.find((p) => p.name === wanted);
  return hit ? { port: hit.port } : { error: `${where} has no port ${typeof wanted === 'number' ? wanted : `"${wanted}"`}` };
}

function labelText(labels: Record<string, string>): string {
  return Object.keys(labels)
    .sort()
    .map((k) => `${k}=${labels[k]}`)
    .join(',');
}

/**
 * One tool per name. The winner is, in order: an available tool, an inline
 * entry, the smaller origin. Losers stay listed as Unavailable and say which
 * tool won, so a clash is visible instead of silently dropping a tool.
 */
export function resolveDuplicates(resolved: ResolvedTool[]): { tools: DiscoveredTool[]; duplicates: string[] } {
  const rank = (r: ResolvedTool): [number, number, string] => [
    r.tool.status === 'Available' ? 0 : 1,
    r.tool.source === 'inline' ? 0 : 1,
    r.origin,
  ];
  const sorted = [...resolved].sort((a, b) => {
    if (a.tool.name !== b.tool.name) return a.tool.name < b.tool.name ? -1 : 1;
    const [x, y] = [rank(a), rank(b)];
    return x[0] - y[0] || x[1] - y[1] || (x[2] < y[2] ? -1 : x[2] > y[2] ? 1 : 0);
  });
  const tools: DiscoveredTool[] = [];
  const duplicates = new Set<string>();
  let winner: ResolvedTool | undefined;
  for (const r of sorted) {
    if (winner && winner.tool.name === r.tool.name) {
      duplicates.add(r.tool.name);
      tools.push(unavailable(r.tool, `duplicate tool name "${r.tool.name}" (${r.origin}); ${winner.origin} is used`));
      continue;
    }
    winner = r;
    tools.push(r.tool);
  }
  return { tools, duplicates: [...duplicates] };
}
