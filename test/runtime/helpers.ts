import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ConverseEvent } from '../../src/contract/runtime-wire.js';
import { startRuntime, type StartedRuntime } from '../../src/runtime/start.js';

// Fixtures for runtime tests: a pack and config dir on disk, a runtime started
// on port 0 from an env built on top of them, and an NDJSON reader.

export const BASIC_PACK = {
  id: 'support',
  name: 'Support',
  version: '1.2.0',
  template_engine: { version: 'v1', syntax: '{{variable}}' },
  prompts: {
    default: {
      id: 'default',
      name: 'Default',
      version: '1.0.0',
      system_template: 'You are a {{role}} for {{company}}.',
      variables: [
        { name: 'role', type: 'string', required: false, default: 'helpful assistant' },
        { name: 'company', type: 'string', required: false, default: 'Acme' },
      ],
      parameters: { temperature: 0.3, max_tokens: 256 },
    },
  },
};

export interface Fixture {
  dir: string;
  configDir: string;
  packPath: string;
  env(extra?: Record<string, string>): Record<string, string>;
  write(name: string, content: unknown): void;
  cleanup(): void;
}

export function makeFixture(opts: { pack?: unknown; agent?: unknown; tools?: unknown; fn?: unknown } = {}): Fixture {
  const dir = mkdtempSync(path.join(tmpdir(), 'omnia-rt-'));
  const configDir = path.join(dir, 'config');
  const packPath = path.join(dir, 'pack.json');
  const write = (name: string, content: unknown): void => {
    const target = name === 'pack.json' ? packPath : path.join(configDir, name);
    writeFileSync(target, typeof content === 'string' ? content : JSON.stringify(content));
  };
  mkdirSync(configDir, { recursive: true });
  write('pack.json', opts.pack ?? BASIC_PACK);
  if (opts.agent !== undefined) write('agent.json', opts.agent);
  if (opts.tools !== undefined) write('tools.json', opts.tools);
  if (opts.fn !== undefined) write('function.json', opts.fn);
  return {
    dir,
    configDir,
    packPath,
    write,
    env: (extra = {}) => ({
      OMNIA_RUNTIME_PORT: '0',
      OMNIA_RUNTIME_HOST: '127.0.0.1',
      OMNIA_RUNTIME_HEALTH_PORT: '0',
      OMNIA_PROMPTPACK_PATH: packPath,
      OMNIA_CONFIG_DIR: configDir,
      OMNIA_PROVIDER_TYPE: 'mock',
      ...extra,
    }),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export async function start(env: Record<string, string>): Promise<StartedRuntime> {
  return startRuntime({ env });
}

export async function converse(url: string, messages: { role: string; content: string }[], sessionId = 's1'): Promise<ConverseEvent[]> {
  const res = await fetch(`${url}/v1/converse`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ session_id: sessionId, messages }),
  });
  if (res.status !== 200) throw new Error(`converse answered ${res.status}: ${await res.text()}`);
  const text = await res.text();
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as ConverseEvent);
}

export function say(text: string): { role: string; content: string }[] {
  return [{ role: 'user', content: text }];
}

export function last<T>(xs: T[]): T {
  return xs[xs.length - 1] as T;
}

/** tools.json offering one HTTP tool, `weather`, served by the loopback tool server at `toolsUrl`. */
export function weatherTools(toolsUrl: string): unknown {
  return { tools: [{ name: 'weather', description: 'Weather for a city', type: 'http', endpoint: `${toolsUrl}/weather`, timeout: '5s', retries: 0 }] };
}

/**
 * Runtime env for the OpenAI SDK against its fake at `vendorUrl`, with a named
 * model and pricing (0.5 / 1.5 USD per 1K tokens) so usage and cost can be
 * checked exactly, and one SDK retry.
 */
export function pricedOpenAIEnv(fixture: Fixture, vendorUrl: string): Record<string, string> {
  return fixture.env({
    OMNIA_PROVIDER_TYPE: 'openai',
    OPENAI_API_KEY: 'k',
    OMNIA_PROVIDER_BASE_URL: `${vendorUrl}/v1`,
    OMNIA_PROVIDER_MODEL: 'gpt-test',
    OMNIA_PROVIDER_INPUT_COST_PER_1K: '0.5',
    OMNIA_PROVIDER_OUTPUT_COST_PER_1K: '1.5',
    OMNIA_PROVIDER_MAX_RETRIES: '1',
  });
}
