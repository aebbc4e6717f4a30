import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseDuration } from '../shared/duration.js';
import { isObject } from '../shared/json.js';

// The files of the `<name>-config` ConfigMap (docs/env.md, "Mounted files").
// Each is optional: an agent without tools has no tools.json entries, an
// agent-mode pod has no function.json. Present but broken is a start-up error.

export const DEFAULT_MAX_STEPS = 5;
export const MIN_STEPS = 1;
export const MAX_STEPS = 20;

export interface AgentFile {
  instructions?: string;
  /** Clamped to 1–20; default 5. */
  maxSteps: number;
}

export interface ToolEntry {
  name: string;
  description: string;
  type: 'http' | 'mcp';
  endpoint: string;
  inputSchema?: Record<string, unknown>;
  timeoutMs: number;
  retries: number;
}

export interface FunctionFile {
  name?: string;
  inputSchema?: unknown;
  outputSchema?: unknown;
}

export class AgentConfigError extends Error {
  override name = 'AgentConfigError';
}

function readJson(file: string): unknown | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new AgentConfigError(`cannot read ${file}: ${(err as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new AgentConfigError(`${file}: not valid JSON (${(err as Error).message})`);
  }
}

export function loadAgentFile(dir: string): AgentFile {
  const file = path.join(dir, 'agent.json');
  const doc = readJson(file);
  if (doc === undefined) return { maxSteps: DEFAULT_MAX_STEPS };
  if (!isObject(doc)) throw new AgentConfigError(`${file}: expected a JSON object`);
  const out: AgentFile = { maxSteps: DEFAULT_MAX_STEPS };
  if (doc.instructions !== undefined && doc.instructions !== null) {
    if (typeof doc.instructions !== 'string') throw new AgentConfigError(`${file}: "instructions" must be a string`);
    if (doc.instructions.trim() !== '') out.instructions = doc.instructions;
  }
  const steps = doc.reasoningLoopMaxSteps;
  if (steps !== undefined && steps !== null) {
    if (typeof steps !== 'number' || !Number.isInteger(steps)) {
      throw new AgentConfigError(`${file}: "reasoningLoopMaxSteps" must be an integer (${MIN_STEPS}-${MAX_STEPS})`);
    }
    // The CRD already bounds it; clamp rather than refuse so an older CRD cannot wedge the pod.
    out.maxSteps = Math.min(MAX_STEPS, Math.max(MIN_STEPS, steps));
  }
  return out;
}

export function loadToolsFile(dir: string): ToolEntry[] {
  const file = path.join(dir, 'tools.json');
  const doc = readJson(file);
  if (doc === undefined) return [];
  if (!isObject(doc) || !Array.isArray(doc.tools)) throw new AgentConfigError(`${file}: expected {"tools": [...]}`);
  const seen = new Set<string>();
  return doc.tools.map((t, i) => {
    const where = `${file}: tools[${i}]`;
    if (!isObject(t)) throw new AgentConfigError(`${where} must be an object`);
    if (typeof t.name !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(t.name)) {
      throw new AgentConfigError(`${where}: "name" must be 1-64 letters, digits, "_" or "-"`);
    }
    if (seen.has(t.name)) throw new AgentConfigError(`${where}: duplicate tool name "${t.name}"`);
    seen.add(t.name);
    const type = t.type ?? 'http';
    if (type !== 'http' && type !== 'mcp') throw new AgentConfigError(`${where}: "type" must be http or mcp`);
    if (typeof t.endpoint !== 'string') throw new AgentConfigError(`${where}: "endpoint" must be a URL string`);
    try {
      new URL(t.endpoint);
    } catch {
      throw new AgentConfigError(`${where}: "endpoint" "${t.endpoint}" is not a URL`);
    }
    const timeoutMs = t.timeout === undefined ? 30_000 : typeof t.timeout === 'string' ? parseDuration(t.timeout) : undefined;
    if (timeoutMs === undefined || timeoutMs <= 0) throw new AgentConfigError(`${where}: "timeout" must be a duration such as "30s"`);
    const retries = t.retries ?? 0;
    if (typeof retries !== 'number' || !Number.isInteger(retries) || retries < 0 || retries > 10) {
      throw new AgentConfigError(`${where}: "retries" must be an integer 0-10`);
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

export function loadFunctionFile(dir: string): FunctionFile | undefined {
  const file = path.join(dir, 'function.json');
  const doc = readJson(file);
  if (doc === undefined) return undefined;
  if (!isObject(doc)) throw new AgentConfigError(`${file}: expected a JSON object`);
  const out: FunctionFile = {};
  if (typeof doc.name === 'string') out.name = doc.name;
  if (doc.inputSchema !== undefined) out.inputSchema = doc.inputSchema;
  if (doc.outputSchema !== undefined) out.outputSchema = doc.outputSchema;
  return out;
}
