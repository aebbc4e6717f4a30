import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

// function.json, rendered by the AgentRuntime sync hook into the `<name>-config`
// ConfigMap (docs/env.md): {"name", "inputSchema", "outputSchema"}. This is the
// only place function mode touches the file system.

export interface FunctionFileConfig {
  name: string;
  inputSchema: unknown;
  outputSchema: unknown;
}

export const FUNCTION_CONFIG_FILE = 'function.json';

export async function loadFunctionConfig(configDir: string): Promise<FunctionFileConfig> {
  const path = join(configDir, FUNCTION_CONFIG_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'the file does not exist (is OMNIA_CONFIG_DIR right, and is the AgentRuntime in function mode?)' : (err as Error).message;
    throw new Error(`cannot read ${path}: ${why}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new Error(`${path} is not valid JSON: ${(err as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(`${path} must hold a JSON object {"name", "inputSchema", "outputSchema"}`);
  }
  const { name, inputSchema, outputSchema } = parsed as Record<string, unknown>;
  if (typeof name !== 'string' || name === '') throw new Error(`${path}: "name" must be a non-empty string`);
  if (inputSchema === undefined) throw new Error(`${path}: "inputSchema" is missing`);
  if (outputSchema === undefined) throw new Error(`${path}: "outputSchema" is missing`);
  return { name, inputSchema, outputSchema };
}
