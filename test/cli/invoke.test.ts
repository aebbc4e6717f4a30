// `omnia invoke` (the built CLI) against the echo function of
// manifests/examples/echo-function, run as `omnia render` builds its pod: the
// rendered Deployment's facade and runtime env (ports, addresses and mount
// paths moved to loopback/temp), its rendered config ConfigMap and pack
// ConfigMap as the mounted files, the mock provider. Output on stdout, exit 0;
// an error status prints the error body on stderr and exits 1.

import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFacade, type Facade } from '../../src/facade/app.js';
import { loadFacadeConfig } from '../../src/facade/config.js';
import type { StartedRuntime } from '../../src/runtime/start.js';
import { EXAMPLES } from '../examples/support/files.js';
import { makeFixture, start, type Fixture } from '../runtime/helpers.js';

// Every test starts the CLI as a Node process: slow on a loaded machine.
const CLI_TIMEOUT_MS = 120_000;
const ROOT = resolve(import.meta.dirname, '../..');
const CLI = join(ROOT, 'dist/cli.js');
type Obj = Record<string, any>;

function omniaSync(args: string[]) {
  const run = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** Asynchronous: the facade and runtime answering it live in this process's event loop. */
async function omnia(args: string[]) {
  const child = spawn(process.execPath, [CLI, ...args]);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const [code] = (await once(child, 'close')) as [number | null];
  return { code, stdout, stderr };
}

/** A container's literal env (valueFrom entries are the cluster's business). */
const envOf = (deployment: Obj, container: string): Record<string, string> =>
  Object.fromEntries(
    (deployment.spec.template.spec.containers as Obj[])
      .find((c) => c.name === container)!
      .env.filter((e: Obj) => typeof e.value === 'string')
      .map((e: Obj) => [e.name, e.value]),
  );

let fixture: Fixture;
let runtime: StartedRuntime;
let facade: Facade;
let fnUrl: string;

beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first`);
  const rendered = omniaSync(['render', '-o', 'json', join(EXAMPLES, 'echo-function')]);
  expect(rendered.code, rendered.stderr).toBe(0);
  const items = JSON.parse(rendered.stdout).items as Obj[];
  const agent = items.find((o) => o.kind === 'AgentRuntime')!;
  const name = agent.metadata.name as string;
  const config = items.find((o) => o.kind === 'ConfigMap' && o.metadata.name === `${name}-config`)!;
  const pack = items.find((o) => o.kind === 'ConfigMap' && o.metadata.name === agent.status.activeVersion?.configMapName) ??
    items.find((o) => o.kind === 'ConfigMap' && o.data?.['pack.json'])!;
  const deployment = items.find((o) => o.kind === 'Deployment')!;

  fixture = makeFixture({
    pack: pack.data['pack.json'],
    agent: config.data['agent.json'],
    tools: config.data['tools.json'],
    fn: config.data['function.json'],
  });
  runtime = await start({ ...envOf(deployment, 'runtime'), ...fixture.env({ OMNIA_PROVIDER_TYPE: envOf(deployment, 'runtime').OMNIA_PROVIDER_TYPE! }) });
  facade = createFacade(
    loadFacadeConfig({
      ...envOf(deployment, 'facade'),
      OMNIA_FACADE_PORT: '0',
      OMNIA_HEALTH_PORT: '0',
      OMNIA_BIND_ADDRESS: '127.0.0.1',
      OMNIA_RUNTIME_ADDRESS: runtime.url,
      OMNIA_CONFIG_DIR: fixture.configDir,
    }),
    { logger: pino({ level: 'silent' }) },
  );
  const { port } = await facade.listen();
  fnUrl = `http://127.0.0.1:${port}/functions/${name}`;
});

afterAll(async () => {
  await facade?.close();
  await runtime?.close();
  fixture?.cleanup();
});

describe('omnia invoke against the echo function', { timeout: CLI_TIMEOUT_MS }, () => {
  it('prints the output and exits 0', async () => {
    const run = await omnia(['invoke', fnUrl, '--data', '{"text": "hello from the cli"}']);
    expect(run.code, run.stderr).toBe(0);
    const body = JSON.parse(run.stdout) as Obj;
    expect(body.output).toEqual({ echo: 'hello from the cli' });
    expect(body.invocation_id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('prints the error body on stderr and exits 1 when the input breaks the schema', async () => {
    const run = await omnia(['invoke', fnUrl, '-d', '{"txt": "typo"}']);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^omnia invoke: HTTP 400\n/);
    expect(JSON.parse(run.stderr.slice(run.stderr.indexOf('\n') + 1))).toMatchObject({ error: 'input_invalid' });
  });

  it('exits 2 without calling anything when --data is not JSON', async () => {
    const run = await omnia(['invoke', fnUrl, '--data', 'text: hi']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--data is not JSON');
  });
});
