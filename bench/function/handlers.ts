import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { Handler, InvokeResult } from '../../src/facade/handlers/types.js';
import { loadSettings } from '../../src/runtime/config.js';
import { buildAgent } from '../../src/runtime/start.js';

// The two deterministic in-process handlers the benchmark drives, built from
// the echo-function example so both servers validate the same schemas:
//  - "echo": invoke returns {echo: input.text} at once (the facade's own cost);
//  - "mock": the runtime's Agent with the mock provider in-process (prompt
//    rendering, the provider's streamed reply, JSON parsing, usage and cost).

const EXAMPLE = join(import.meta.dirname, '..', '..', 'manifests', 'examples', 'echo-function');
const load = (file: string): Record<string, any> => parse(readFileSync(join(EXAMPLE, file), 'utf8')) as Record<string, any>;

export const agentRuntime = load('agentruntime.yaml');
export const inputSchema: unknown = agentRuntime.spec.inputSchema;
export const outputSchema: unknown = agentRuntime.spec.outputSchema;
export const functionName: string = agentRuntime.metadata.name;

export type HandlerKind = 'echo' | 'mock';

function echo(): Handler {
  return {
    name: 'bench-echo',
    async *converse() {},
    async invoke(input): Promise<InvokeResult> {
      const output = { echo: (input as { text: string }).text };
      return { output, rawOutput: JSON.stringify(output), usage: { input_tokens: 1, output_tokens: 1, cost_usd: 0 } };
    },
    healthy: async () => true,
  };
}

function mock(): Handler {
  const dir = mkdtempSync(join(tmpdir(), 'omnia-bench-fn-'));
  mkdirSync(join(dir, 'config'));
  writeFileSync(join(dir, 'pack.json'), load('configmap.yaml').data['pack.json']);
  writeFileSync(join(dir, 'config', 'function.json'), JSON.stringify({ name: functionName, inputSchema, outputSchema }));
  const provider = load('provider.yaml').spec;
  const settings = loadSettings({
    OMNIA_MODE: 'function',
    OMNIA_PROVIDER_TYPE: 'mock',
    OMNIA_PROVIDER_MODEL: provider.model,
    OMNIA_PROVIDER_INPUT_COST_PER_1K: provider.pricing.inputCostPer1K,
    OMNIA_PROVIDER_OUTPUT_COST_PER_1K: provider.pricing.outputCostPer1K,
    OMNIA_PROMPTPACK_PATH: join(dir, 'pack.json'),
    OMNIA_CONFIG_DIR: join(dir, 'config'),
  });
  const { agent } = buildAgent(settings);
  return {
    name: 'bench-mock',
    async *converse() {},
    async invoke(input, { signal }): Promise<InvokeResult> {
      const r = await agent.invoke(input, signal);
      return { output: r.output, rawOutput: r.raw_output, usage: r.usage };
    },
    healthy: async () => true,
  };
}

export function benchHandler(kind: HandlerKind): Handler {
  return kind === 'echo' ? echo() : mock();
}
