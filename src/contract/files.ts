// The files of the `<name>-config` ConfigMap, mounted at MOUNTS.config: their
// names, the shapes the AgentRuntime hook writes (hooks/agentruntime/children/configmap.ts,
// tools.ts) and ONE parser each, used by whichever program reads the file
// (runtime/agent-config.ts, facade/function/config.ts). Each file is optional
// to its reader unless it says otherwise; present but broken is a start-up error.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseDuration } from '../shared/duration.js';
import { isObject } from '../shared/json.js';
import type { DiscoveredTool } from '../types/generated/toolregistry.js';
import type { PodMode } from './enums.js';

export const CONFIG_FILES = {
  agent: 'agent.json',
  tools: 'tools.json',
  /** Function mode only. */
  function: 'function.json',
} as const;

export type ConfigFile = (typeof CONFIG_FILES)[keyof typeof CONFIG_FILES];

export type ToolType = DiscoveredTool['type'];

// ---- what the hook writes ----

export interface AgentJson {
  description: string;
  instructions: string;
  memory: { contextLimit: number; maxSessionEvents: number; maxSessions: number };
  mode: PodMode;
  name: string;
  namespace: string;
  /** The agents this one may delegate to: their facade base URL and A2A card URL (the runtime reads PEER_AGENT_* env). */
  peers: { cardUrl: string; name: string; url: string }[];
  reasoningLoopMaxSteps: number;
}

/** One Available tool of the referenced ToolRegistry, keys in sorted order. */
export interface ToolJson {
  description: string;
  endpoint: string;
  inputSchema: Record<string, unknown>;
  name: string;
  retries: number;
  timeout: string;
  type: ToolType;
}

export interface ToolsJson {
  tools: ToolJson[];
}

export interface FunctionJson {
  inputSchema: unknown;
  name: string;
  outputSchema: unknown;
}

// ---- what the readers get ----

export const DEFAULT_MAX_STEPS = 5;
export const MIN_STEPS = 1;
export const MAX_STEPS = 20;
export const DEFAULT_TOOL_TIMEOUT = '30s';
export const DEFAULT_CONTEXT_LIMIT = 6;

/** The programs' view of agent.json (the facade reads description for the agent card). */
export interface AgentFile {
  description?: string;
  instructions?: string;
  /** Clamped to 1–20; default 5. */
  maxSteps: number;
  /** memory.contextLimit: messages of the conversation sent along when delegating (default 6, KAOS's). */
  contextLimit: number;
}

/** A tools.json entry with its timeout in milliseconds. */
export interface ToolEntry {
  name: string;
  description: string;
  type: ToolType;
  endpoint: string;
  inputSchema?: Record<string, unknown>;
  timeoutMs: number;
  retries: number;
}

export class ConfigFileError extends Error {
  override name = 'ConfigFileError';
}

/** The file's JSON, or undefined when it does not exist. */
export function readConfigFile(dir: string, name: ConfigFile): { file: string; doc: unknown } {
  const file = path.join(dir, name);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { file, doc: undefined };
    throw new ConfigFileError(`cannot read ${file}: ${(err as Error).message}`);
  }
  try {
    return { file, doc: JSON.parse(text) as unknown };
  } catch (err) {
    throw new ConfigFileError(`${file} is not valid JSON: ${(err as Error).message}`);
  }
}

/** agent.json (absent: the defaults). */
export function parseAgentJson(doc: unknown, file: string): AgentFile {
  const out: AgentFile = { maxSteps: DEFAULT_MAX_STEPS, contextLimit: DEFAULT_CONTEXT_LIMIT };
  if (doc === undefined) return out;
  if (!isObject(doc)) throw new ConfigFileError(`${file}: expected a JSON object`);
  if (doc.description !== undefined && doc.description !== null) {
    if (typeof doc.description !== 'string') throw new ConfigFileError(`${file}: "description" must be a string`);
    if (doc.description.trim() !== '') out.description = doc.description;
  }
  if (doc.instructions !== undefined && doc.instructions !== null) {
    if (typeof doc.instructions !== 'string') throw new ConfigFileError(`${file}: "instructions" must be a string`);
    if (doc.instructions.trim() !== '') out.instructions = doc.instructions;
  }
  const steps = doc.reasoningLoopMaxSteps;
  if (steps !== undefined && steps !== null) {
    if (typeof steps !== 'number' || !Number.isInteger(steps)) {
      throw new ConfigFileError(`${file}: "reasoningLoopMaxSteps" must be an integer (${MIN_STEPS}-${MAX_STEPS})`);
    }
    // The CRD already bounds it; clamp rather than refuse so an older CRD cannot wedge the pod.
    out.maxSteps = Math.min(MAX_STEPS, Math.max(MIN_STEPS, steps));
  }
  const limit = isObject(doc.memory) ? doc.memory.contextLimit : undefined;
  if (limit !== undefined && limit !== null) {
    if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 0) throw new ConfigFileError(`${file}: "memory.contextLimit" must be a whole number`);
    out.contextLimit = limit;
  }
  return out;
}

/** tools.json (absent: no tools). Names are unique; timeouts are durations. */
export function parseToolsJson(doc: unknown, file: string): ToolEntry[] {
  if (doc === undefined) return [];
  if (!isObject(doc) || !Array.isArray(doc.tools)) throw new ConfigFileError(`${file}: expected {"tools": [...]}`);
  const seen = new Set<string>();
  return doc.tools.map((t: unknown, i) => {
    const where = `${file}: tools[${i}]`;
    if (!isObject(t)) throw new ConfigFileError(`${where} must be an object`);
    if (typeof t.name !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(t.name)) {
      throw new ConfigFileError(`${where}: "name" must be 1-64 letters, digits, "_" or "-"`);
    }
    if (seen.has(t.name)) throw new ConfigFileError(`${where}: duplicate tool name "${t.name}"`);
    seen.add(t.name);
    const type = t.type ?? 'http';
    if (type !== 'http' && type !== 'mcp') throw new ConfigFileError(`${where}: "type" must be http or mcp`);
    if (typeof t.endpoint !== 'string') throw new ConfigFileError(`${where}: "endpoint" must be a URL string`);
    try {
      new URL(t.endpoint);
    } catch {
      throw new ConfigFileError(`${where}: "endpoint" "${t.endpoint}" is not a URL`);
    }
    const timeout = t.timeout === undefined ? DEFAULT_TOOL_TIMEOUT : t.timeout;
    const timeoutMs = typeof timeout === 'string' ? parseDuration(timeout) : undefined;
    if (timeoutMs === undefined || timeoutMs <= 0) throw new ConfigFileError(`${where}: "timeout" must be a duration such as "30s"`);
    const retries = t.retries ?? 0;
    if (typeof retries !== 'number' || !Number.isInteger(retries) || retries < 0 || retries > 10) {
      throw new ConfigFileError(`${where}: "retries" must be an integer 0-10`);
    }
    const entry: ToolEntry = {
      name: t.name,
      description: typeof t.description === 'string' ? t.description : '',
      type,
      endpoint: t.endpoint,
      timeoutMs,
      retries,
    };
    if (isObject(t.inputSchema)) entry.inputSchema = t.inputSchema;
    return entry;
  });
}

/**
 * function.json. `required` names the fields this reader cannot do without
 * (the facade needs all three; the runtime only looks at outputSchema).
 */
export function parseFunctionJson<K extends keyof FunctionJson>(
  doc: unknown,
  file: string,
  required: readonly K[],
): Partial<FunctionJson> & Pick<FunctionJson, K> {
  if (!isObject(doc)) throw new ConfigFileError(`${file} must hold a JSON object {"name", "inputSchema", "outputSchema"}`);
  const { name, inputSchema, outputSchema } = doc;
  const need = (k: keyof FunctionJson): boolean => (required as readonly string[]).includes(k);
  if ((name !== undefined || need('name')) && (typeof name !== 'string' || name === '')) {
    throw new ConfigFileError(`${file}: "name" must be a non-empty string`);
  }
  if (inputSchema === undefined && need('inputSchema')) throw new ConfigFileError(`${file}: "inputSchema" is missing`);
  if (outputSchema === undefined && need('outputSchema')) throw new ConfigFileError(`${file}: "outputSchema" is missing`);
  return {
    ...(name !== undefined ? { name: name as string } : {}),
    ...(inputSchema !== undefined ? { inputSchema } : {}),
    ...(outputSchema !== undefined ? { outputSchema } : {}),
  } as Partial<FunctionJson> & Pick<FunctionJson, K>;
}
