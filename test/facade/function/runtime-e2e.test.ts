import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createFunctionHandler, loadFunctionConfig, type FunctionHandler } from '../../../src/facade/function/index.js';
import { createRuntimeHandler } from '../../../src/facade/handlers/runtime.js';
import { createMemoryStore } from '../../../src/facade/sessions/memory.js';
import { startRuntime, type StartedRuntime } from '../../../src/runtime/start.js';
import { postJson } from './support/server.js';

// End to end through the real pieces: the echo-function example's pack and
// schemas, rendered into the files the pod mounts; the runtime (mock provider)
// on loopback; the facade's runtime handler; the function endpoint.

const EXAMPLE = join(import.meta.dirname, '..', '..', '..', 'manifests', 'examples', 'echo-function');
type Obj = Record<string, any>;
const load = (file: string): Obj => parse(readFileSync(join(EXAMPLE, file), 'utf8')) as Obj;

describe('echo-function example through the runtime and the mock provider', () => {
  let dir: string;
  let runtime: StartedRuntime;
  let server: Server;
  let url: string;
  let fn: FunctionHandler;
  const store = createMemoryStore({ ttlMs: 3_600_000, maxSessionEvents: 500, maxSessions: 100 });

  async function serve(outputSchemaOverride?: unknown): Promise<{ url: string; fn: FunctionHandler; server: Server }> {
    const cfg = await loadFunctionConfig(join(dir, 'config'));
    const f = createFunctionHandler({
      config: { name: cfg.name, namespace: 'demo', inputSchema: cfg.inputSchema, outputSchema: outputSchemaOverride ?? cfg.outputSchema },
      handler: createRuntimeHandler({ address: runtime.url }),
      authenticate: async () => ({ ok: true }),
      audit: store,
      metrics: new Registry(),
      logger: pino({ level: 'silent' }),
    });
    const s = createServer(f);
    await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
    return { url: `http://127.0.0.1:${(s.address() as AddressInfo).port}`, fn: f, server: s };
  }

  beforeAll(async () => {
    // What the AgentRuntime sync hook mounts: the pack at /etc/omnia/pack, function.json in the config dir.
    dir = mkdtempSync(join(tmpdir(), 'omnia-fn-e2e-'));
    const agent = load('agentruntime.yaml');
    const provider = load('provider.yaml');
    writeFileSync(join(dir, 'pack.json'), load('configmap.yaml').data['pack.json']);
    const configDir = join(dir, 'config');
    mkdirSync(configDir);
    writeFileSync(
      join(configDir, 'function.json'),
      JSON.stringify({ name: agent.metadata.name, inputSchema: agent.spec.inputSchema, outputSchema: agent.spec.outputSchema }),
    );
    runtime = await startRuntime({
      env: {
        OMNIA_RUNTIME_PORT: '0',
        OMNIA_RUNTIME_HOST: '127.0.0.1',
        OMNIA_RUNTIME_HEALTH_PORT: '0',
        OMNIA_MODE: 'function',
        OMNIA_AGENT_NAME: agent.metadata.name,
        OMNIA_PROVIDER_TYPE: provider.spec.type,
        OMNIA_PROVIDER_MODEL: provider.spec.model,
        OMNIA_PROVIDER_INPUT_COST_PER_1K: provider.spec.pricing.inputCostPer1K,
        OMNIA_PROVIDER_OUTPUT_COST_PER_1K: provider.spec.pricing.outputCostPer1K,
        OMNIA_PROMPTPACK_PATH: join(dir, 'pack.json'),
        OMNIA_CONFIG_DIR: configDir,
      },
      log: pino({ level: 'silent' }),
    });
    ({ url, fn, server } = await serve());
  });
  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await runtime?.close(1000);
    rmSync(dir, { recursive: true, force: true });
  });

  it('POST /functions/echo returns {"output": {"echo": ...}} with real usage and an audit trail', async () => {
    const r = await postJson(`${url}/functions/echo`, { text: 'hello from omnia' });
    expect(r.status).toBe(200);
    expect(r.json?.output).toEqual({ echo: 'hello from omnia' });
    const usage = r.json?.usage as { input_tokens: number; output_tokens: number; cost_usd: number };
    expect(usage.input_tokens).toBeGreaterThan(0);
    expect(usage.output_tokens).toBe(Math.ceil('{"echo":"hello from omnia"}'.length / 4));
    expect(usage.cost_usd).toBeCloseTo((usage.input_tokens * 0.003 + usage.output_tokens * 0.015) / 1000, 10);

    await fn.drain();
    const a = await store.audit(r.json?.invocation_id as string);
    expect(a?.session).toMatchObject({ agent: 'echo', tags: ['function'], status: 'completed' });
    expect(a?.messages.map((m) => m.content)).toEqual(['{"text":"hello from omnia"}', '{"echo":"hello from omnia"}']);
    expect(a?.providerCalls[0]).toMatchObject({ input_tokens: usage.input_tokens, output_tokens: usage.output_tokens, model: load('provider.yaml').spec.model, provider: 'mock' });
  });

  it('the facade, not the runtime, owns input validation: a bad input never reaches the model', async () => {
    const r = await postJson(`${url}/functions/echo`, { text: '' });
    expect(r.status).toBe(400);
    expect(r.json).toEqual({ error: 'input_invalid', detail: 'input/text must NOT have fewer than 1 characters' });
  });

  it('502 output_invalid with the raw model output when the reply breaks a tighter schema', async () => {
    const strict = await serve({ type: 'object', required: ['echo'], properties: { echo: { type: 'string', maxLength: 3 } } });
    try {
      const r = await postJson(`${strict.url}/functions/echo`, { text: 'too long for it' });
      expect(r.status).toBe(502);
      expect(r.json).toEqual({
        error: 'output_invalid',
        detail: 'output/echo must NOT have more than 3 characters',
        raw_output: '{"echo":"too long for it"}',
      });
    } finally {
      strict.server.closeAllConnections();
      await new Promise<void>((resolve) => strict.server.close(() => resolve()));
    }
  });

  it('502 runtime_error once the runtime is gone', async () => {
    await runtime.close(1000);
    const r = await postJson(`${url}/functions/echo`, { text: 'anyone there?' });
    expect(r.status).toBe(502);
    expect(r.json?.error).toBe('runtime_error');
    expect(r.json?.detail).toMatch(/^runtime failed: the agent runtime at http:\/\/127\.0\.0\.1:\d+ is not reachable/);
  });
});
