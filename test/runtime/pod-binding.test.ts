import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StartedRuntime } from '../../src/runtime/start.js';
import { makeFixture, say, start, type Fixture } from './helpers.js';

// The runtime spends the provider key for whoever reaches /v1/*, unauthenticated:
// started with the env the AgentRuntime hook writes into the pod, it must answer
// the protocol on loopback only (the facade's address), and from the pod IP
// nothing but the kubelet's probes.

type Container = { name: string; env: { name: string; value?: string }[]; ports: { name: string; containerPort: number }[]; livenessProbe: Probe; readinessProbe: Probe };
type Probe = { httpGet: { path: string; port: string } };

/** The runtime container of the Deployment the hook builds for a complete example. */
function builtRuntimeContainer(): Container {
  const golden = JSON.parse(readFileSync(new URL('../fixtures/agentruntime/complete-example/response.json', import.meta.url), 'utf8')) as {
    children: { kind: string; spec: { template: { spec: { containers: Container[] } } } }[];
  };
  const deployment = golden.children.find((c) => c.kind === 'Deployment');
  const container = deployment?.spec.template.spec.containers.find((c) => c.name === 'runtime');
  if (!container) throw new Error('the complete example has no runtime container');
  return container;
}

/** This machine's first non-loopback IPv4 address: what another pod would connect to. */
function podIp(): string | undefined {
  for (const addrs of Object.values(networkInterfaces())) {
    for (const a of addrs ?? []) if (!a.internal && a.family === 'IPv4') return a.address;
  }
  return undefined;
}

const converseBody = JSON.stringify({ session_id: 's', messages: say('spend the key') });
const post = (url: string, body = converseBody) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

describe('the runtime as the pod runs it', () => {
  const container = builtRuntimeContainer();
  let fixture: Fixture;
  let rt: StartedRuntime;

  beforeAll(async () => {
    fixture = makeFixture();
    // The hook's plain values (host included), with the test's ports, files and the mock provider.
    const podEnv = Object.fromEntries(container.env.filter((e) => e.value !== undefined).map((e) => [e.name, e.value as string]));
    rt = await start({ ...podEnv, ...fixture.env(), OMNIA_RUNTIME_HOST: podEnv.OMNIA_RUNTIME_HOST ?? '', OMNIA_RUNTIME_HEALTH_PORT: '0' });
  });
  afterAll(async () => {
    await rt?.close();
    fixture?.cleanup();
  });

  it('binds the protocol to loopback and answers the facade there', async () => {
    expect((rt.server.server.address() as AddressInfo).address).toBe('127.0.0.1');
    expect((await post(`${rt.url}/v1/converse`)).status).toBe(200);
  });

  it('leaves OMNIA_RUNTIME_HOST on loopback when the pod does not set it', async () => {
    const { OMNIA_RUNTIME_HOST: _, ...env } = fixture.env();
    const other = await start({ ...env, OMNIA_RUNTIME_HEALTH_PORT: '0' });
    try {
      expect((other.server.server.address() as AddressInfo).address).toBe('127.0.0.1');
    } finally {
      await other.close();
    }
  });

  it('probes the health-only listener the pod declares', () => {
    const declared = container.ports.find((p) => p.name === container.livenessProbe.httpGet.port);
    expect(container.readinessProbe.httpGet.port).toBe(container.livenessProbe.httpGet.port);
    expect(String(declared?.containerPort)).toBe(container.env.find((e) => e.name === 'OMNIA_RUNTIME_HEALTH_PORT')?.value);
    // No port of the runtime's protocol is declared: nothing outside the pod should use it.
    expect(container.ports.map((p) => p.containerPort)).not.toContain(Number(container.env.find((e) => e.name === 'OMNIA_RUNTIME_PORT')?.value));
  });

  it('serves nothing but /healthz and /readyz on the health listener', async () => {
    for (const path of ['/healthz', '/readyz']) expect((await fetch(`${rt.healthUrl}${path}`)).status).toBe(200);
    for (const path of ['/v1/converse', '/v1/invoke']) {
      const res = await post(`${rt.healthUrl}${path}`);
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ error: 'not_found', detail: 'this port serves only /healthz and /readyz' });
    }
  });

  const ip = podIp();
  it.runIf(ip)('refuses /v1/converse and /v1/invoke from the pod IP, and answers the probes there', async () => {
    const runtimePort = (rt.server.server.address() as AddressInfo).port;
    const healthPort = (rt.server.health.address() as AddressInfo).port;
    for (const path of ['/v1/converse', '/v1/invoke']) {
      await expect(post(`http://${ip}:${runtimePort}${path}`)).rejects.toThrow();
      expect((await post(`http://${ip}:${healthPort}${path}`)).status).toBe(404);
    }
    for (const path of [container.livenessProbe.httpGet.path, container.readinessProbe.httpGet.path]) {
      expect((await fetch(`http://${ip}:${healthPort}${path}`)).status).toBe(200);
    }
  });
});
