// function.json, rendered by the AgentRuntime sync hook into the `<name>-config`
// ConfigMap (docs/env.md) and parsed by its one parser (src/contract/files.ts).
// Function mode cannot run without it. This is the only place function mode
// touches the file system.

import { CONFIG_FILES, parseFunctionJson, readConfigFile, type FunctionJson } from '../../contract/files.js';
import { ENV } from '../../contract/pod-env.js';

export type FunctionFileConfig = FunctionJson;

export const FUNCTION_CONFIG_FILE = CONFIG_FILES.function;

export async function loadFunctionConfig(configDir: string): Promise<FunctionFileConfig> {
  const { file, doc } = readConfigFile(configDir, FUNCTION_CONFIG_FILE);
  if (doc === undefined) {
    throw new Error(`cannot read ${file}: the file does not exist (is ${ENV.configDir.name} right, and is the AgentRuntime in function mode?)`);
  }
  return parseFunctionJson(doc, file, ['name', 'inputSchema', 'outputSchema']);
}
