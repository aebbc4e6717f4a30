import { MAX_DEPTH, nestingDepth } from '../request/depth.js';
import { dig, digArray, digNonEmptyString, digNumber, digObject, digString, digStringMap, type Json } from '../../shared/json.js';

// ToolRegistry entries with defaults applied (docs/api.md). An entry that
// cannot be used is kept with a problem, so it is reported instead of dropped.

export type ToolType = 'http' | 'mcp';

export interface SelectorSpec {
  matchLabels: Record<string, string>;
  namespace: string;
  /** Port by name or number; undefined → the Service's first port. */
  port?: string | number;
}

export interface ToolEntry {
  /** Position in spec.tools, for messages. */
  index: number;
  name: string;
  description: string;
  type: ToolType;
  url?: string;
  selector?: SelectorSpec;
  inputSchema?: Json;
  timeout: string;
  retries: number;
  /** Why the entry cannot resolve to any tool; undefined when it can. */
  problem?: string;
}

export const DEFAULT_TIMEOUT = '30s';

export interface RegistrySpec {
  entries: ToolEntry[];
  /** Set when spec.tools itself is unusable. */
  problem?: string;
}

export function parseRegistrySpec(spec: unknown, namespace: string): RegistrySpec {
  const raw = dig(spec, 'tools');
  if (raw === undefined || raw === null) return { entries: [] };
  const list = digArray(raw);
  if (!list) return { entries: [], problem: 'spec.tools must be a list' };
  return { entries: list.map((item, index) => parseEntry(item, index, namespace)) };
}

function parseEntry(item: unknown, index: number, namespace: string): ToolEntry {
  const rec = digObject(item);
  const name = digNonEmptyString(rec, 'name') ?? `tools[${index}]`;
  const retries = digNumber(rec, 'retries');
  const entry: ToolEntry = {
    index,
    name,
    description: digString(rec, 'description') ?? '',
    type: rec?.type === 'mcp' ? 'mcp' : 'http',
    timeout: digNonEmptyString(rec, 'timeout') ?? DEFAULT_TIMEOUT,
    retries: retries !== undefined && retries >= 0 ? Math.floor(retries) : 0,
  };
  const inputSchema = digObject(rec, 'inputSchema');
  // The schema is copied into the status as it is: one nested beyond what the
  // serialiser's stack holds would make the answer unwritable (issue 16, item 5).
  const tooDeep = inputSchema !== undefined && nestingDepth(inputSchema, MAX_DEPTH) > MAX_DEPTH;
  if (inputSchema && !tooDeep) entry.inputSchema = inputSchema;
  if (!rec) return { ...entry, problem: `tools[${index}] is not an object` };
  if (tooDeep) entry.problem = `inputSchema nests more than ${MAX_DEPTH} levels deep`;
  if (!digNonEmptyString(rec, 'name')) entry.problem = `tools[${index}] has no name`;
  if (rec.type !== undefined && rec.type !== 'http' && rec.type !== 'mcp') {
    entry.problem ??= `type "${String(rec.type)}" is not http or mcp`;
  }

  const url = digNonEmptyString(rec, 'endpoint', 'url');
  const selectorRaw = digObject(rec, 'endpoint', 'selector');
  if ((url === undefined) === (selectorRaw === undefined)) {
    entry.problem ??= 'endpoint needs exactly one of url or selector';
    return entry;
  }
  if (url !== undefined) {
    entry.url = url;
    entry.problem ??= urlProblem(url);
    return entry;
  }
  const matchLabels = digStringMap(selectorRaw, 'matchLabels') ?? {};
  const port = selectorRaw?.port;
  entry.selector = {
    matchLabels,
    namespace: digNonEmptyString(selectorRaw, 'namespace') ?? namespace,
    port: typeof port === 'number' || (typeof port === 'string' && port.trim() !== '') ? port : undefined,
  };
  if (Object.keys(matchLabels).length === 0) {
    entry.problem ??= 'selector.matchLabels must name at least one label (an empty selector would match every Service)';
  }
  return entry;
}

function urlProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `endpoint.url "${url}" is not an absolute URL`;
  }
  return parsed.protocol === 'http:' || parsed.protocol === 'https:'
    ? undefined
    : `endpoint.url "${url}" must use http or https`;
}
