// spec.facade.limits reach the facade through the pod as built: sync's
// Deployment and ConfigMap for an agent with limits, its facade container run
// as a local process with that container's env and the ConfigMap's files as its
// config mount (only the ports move to free loopback ones), and a real `ws`
// client meeting each limit.

import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENV } from '../../src/contract/pod-env.js';
import { sync } from '../../src/hooks/agentruntime/sync.js';
import { Client, metricValue, upgradeStatus } from '../facade/helpers.js';
import { fixture, NOW } from '../hooks/agentruntime/fixtures.js';
import { readJson } from '../hooks/support/golden.js';
import { freePort, waitForPort } from '../support/services.js';
import { validateChild } from '../support/k8s-validate.js';

type Json = Record<string, any>;

const LIMITS = { maxConnections: 2, maxFrameBytes: 4096, messagesPerMinute: 3, idleTimeout: '400ms', pingInterval: '10s' };

function podAsBuilt(): { env: Record<string, string>; files: Record<string, string> } {
  const req = readJson(fixture('demo-handler', 'request.json')) as Json;
  req.parent.spec.facade = { ...req.parent.spec.facade, handler: 'echo', limits: LIMITS, auth: { allowUnauthenticated: true } };
  const res = sync(req, NOW) as { children: Json[] };
  for (const c of res.children) validateChild(c);
  const deployment = res.children.find((c) => c.kind === 'Deployment')!;
  const facade = deployment.spec.template.spec.containers.find((c: Json) => c.name === 'facade');
  const env: Record<string, string> = {};
  for (const e of facade.env as Json[]) env[e.name] = e.value;
  return { env, files: res.children.find((c) => c.kind === 'ConfigMap')!.data };
}

describe('facade limits from the CRD, through the pod as built', () => {
  let proc: ReturnType<typeof spawn>;
  let port: number;
  let healthPort: number;
  let output = '';
  /** Open connections as the facade counts them (the metric KEDA scales on). */
  const open = async () => {
    const text = await (await fetch(`http://127.0.0.1:${healthPort}/metrics`)).text();
    return metricValue(text, 'omnia_agent_connections_active', { agent: 'demo-agent', namespace: 'playground' });
  };
  const url = () => `ws://127.0.0.1:${port}/ws`;

  beforeAll(async () => {
    const { env, files } = podAsBuilt();
    const configDir = mkdtempSync(path.join(tmpdir(), 'omnia-config-'));
    for (const [name, text] of Object.entries(files)) writeFileSync(path.join(configDir, name), text);
    port = await freePort();
    healthPort = await freePort();
    proc = spawn(process.execPath, ['--import', 'tsx', 'src/facade/main.ts'], {
      env: {
        PATH: process.env.PATH ?? '',
        LOG_LEVEL: 'warn',
        ...env,
        [ENV.facadePort.name]: String(port),
        [ENV.healthPort.name]: String(healthPort),
        [ENV.bindAddress.name]: '127.0.0.1',
        [ENV.configDir.name]: configDir,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    proc.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    proc.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    await waitForPort(port, 20_000, proc);
  }, 30_000);

  afterAll(() => {
    proc?.kill('SIGKILL');
  });

  it('the Deployment carries each limit as the facade variable', () => {
    expect(podAsBuilt().env).toMatchObject({
      OMNIA_MAX_CONNECTIONS: '2',
      OMNIA_MAX_FRAME_BYTES: '4096',
      OMNIA_MAX_MESSAGES_PER_MINUTE: '3',
      OMNIA_IDLE_TIMEOUT: '400ms',
      OMNIA_PING_INTERVAL: '10s',
    });
  });

  it('announces maxFrameBytes and refuses a larger frame', async () => {
    const c = await Client.open(url());
    const connected = await c.next();
    expect(connected.connected.capabilities.max_payload_size).toBe(4096);
    c.send({ type: 'message', content: 'x'.repeat(5000) });
    expect((await c.next()).error).toMatchObject({ code: 'INVALID_MESSAGE' });
    c.ws.terminate();
  });

  it('answers messagesPerMinute, then RATE_LIMITED', async () => {
    const c = await Client.open(url());
    await c.next();
    for (const n of [1, 2, 3]) expect((await c.say(`m${n}`)).at(-1)).toMatchObject({ type: 'done', content: `Echo: m${n}` });
    expect((await c.say('m4')).at(-1)?.error).toMatchObject({ code: 'RATE_LIMITED' });
    c.ws.terminate();
  });

  it('refuses a connection past maxConnections with 503, and closes idle ones after idleTimeout', async () => {
    // The earlier tests' sockets may still be closing on the server side.
    await expect.poll(open).toBe(0);
    const a = await Client.open(url());
    const b = await Client.open(url());
    expect(await upgradeStatus(url())).toBe(503);
    // Neither says anything: both are let go, and the slots are free again.
    expect(await a.closed).toEqual({ code: 4000, reason: 'idle timeout' });
    expect(await b.closed).toEqual({ code: 4000, reason: 'idle timeout' });
    await expect.poll(open).toBe(0);
    expect(await upgradeStatus(url())).toBe(101);
    expect(output).not.toMatch(/error/i);
  });
});
