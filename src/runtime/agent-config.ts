// The runtime's reading of the `<name>-config` ConfigMap (docs/env.md, "Mounted
// files"): each file through its one parser in src/contract/files.ts. Each is
// optional here: an agent without tools has no tools.json entries, an
// agent-mode pod has no function.json.

import {
  CONFIG_FILES,
  parseAgentJson,
  parseFunctionJson,
  parseToolsJson,
  readConfigFile,
  type AgentFile,
  type FunctionJson,
  type ToolEntry,
} from '../contract/files.js';

export type { AgentFile, ToolEntry } from '../contract/files.js';
export type FunctionFile = Partial<FunctionJson>;

export function loadAgentFile(dir: string): AgentFile {
  const { file, doc } = readConfigFile(dir, CONFIG_FILES.agent);
  return parseAgentJson(doc, file);
}

export function loadToolsFile(dir: string): ToolEntry[] {
  const { file, doc } = readConfigFile(dir, CONFIG_FILES.tools);
  return parseToolsJson(doc, file);
}

export function loadFunctionFile(dir: string): FunctionFile | undefined {
  const { file, doc } = readConfigFile(dir, CONFIG_FILES.function);
  return doc === undefined ? undefined : parseFunctionJson(doc, file, []);
}
