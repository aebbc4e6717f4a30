// vitest globalSetup for the cluster suite: ONE control plane per run (with kwok,
// so pods become Ready), shared by every scenario file. The files run one after
// another in worker processes; they reach the cluster through its kubeconfig and
// this process through a small loopback control endpoint (stop/start the hook
// server, read the recording proxy), since the proxy and hook server live here.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestProject } from 'vitest/node';
import { readFileSync } from 'node:fs';
import { startControlPlane, type ControlPlane } from './control-plane.js';

export interface ClusterInfo {
  runDir: string;
  kubeconfig: string;
  apiserverUrl: string;
  metacontrollerMetricsUrl: string | undefined;
  hooksUrl: string;
  controlUrl: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    cluster: ClusterInfo;
  }
}

/** Serves the control endpoint of a running plane; returns its URL and a stop function. */
export async function serveControl(plane: ControlPlane): Promise<{ url: string; stop(): Promise<void> }> {
  const control: Server = createServer((req, res) => {
    const reply = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    const route = `${req.method} ${req.url}`;
    const done = (p: Promise<void>): void => {
      p.then(() => reply(200, { ok: true }), (err: Error) => reply(500, { error: 'control failed', detail: err.message }));
    };
    if (route === 'POST /hooks/stop') return done(plane.stopHooks());
    if (route === 'POST /hooks/start') return done(plane.startHooks());
    if (route === 'GET /proxy/counts') return reply(200, plane.proxy.counts());
    if (route === 'GET /proxy/latest') {
      return reply(200, Object.fromEntries([...plane.proxy.latest()].map(([path, body]) => [path, JSON.parse(body.toString('utf8'))])));
    }
    reply(404, { error: 'not found', detail: route });
  });
  await new Promise<void>((r) => control.listen(0, '127.0.0.1', r));
  const { port } = control.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    async stop() {
      control.closeAllConnections();
      await new Promise((r) => control.close(r));
    },
  };
}

export function clusterInfo(plane: ControlPlane, controlUrl: string): ClusterInfo {
  return {
    runDir: plane.runDir,
    kubeconfig: plane.kubeconfig,
    apiserverUrl: plane.apiserverUrl,
    metacontrollerMetricsUrl: plane.metacontrollerMetricsUrl,
    hooksUrl: plane.hooksUrl,
    controlUrl,
  };
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  // A plane kept running by test/cluster/support/dev-plane.ts (OMNIA_CLUSTER_DEV=<its info file>):
  // scenarios run against it and leave it up, for quick iterations on one file.
  const dev = process.env.OMNIA_CLUSTER_DEV;
  if (dev) {
    project.provide('cluster', JSON.parse(readFileSync(dev, 'utf8')) as ClusterInfo);
    return undefined;
  }
  const started = Date.now();
  const plane = await startControlPlane({ kwok: true, nodes: 2 });
  const control = await serveControl(plane);
  project.provide('cluster', clusterInfo(plane, control.url));
  console.log(`control plane up in ${Math.round((Date.now() - started) / 1000)} s; logs in ${plane.runDir}`);
  return async () => {
    await control.stop();
    await plane.stop();
  };
}
