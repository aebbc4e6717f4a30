// A throw-away Kubernetes control plane on loopback for the cluster scenarios and
// bench/fleet: etcd, kube-apiserver, kube-controller-manager (garbage collection,
// Deployments → ReplicaSets → Pods), optionally kube-scheduler + kwok with fake
// Nodes (pods become Ready), Metacontroller, and our hook server behind a
// recording proxy, installed with `kubectl apply -k` of a test overlay over
// manifests/. With KUBECONFIG set it starts none of the cluster: it runs the hook
// server and proxy and installs into that cluster (whose Metacontroller must be
// able to reach 127.0.0.1, i.e. run on this machine).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { REPO_ROOT, binary, systemBinary } from './binaries.js';
import { kubeconfigYaml, makePki } from './certs.js';
import { startProcess, until, type Managed } from './processes.js';
import { startRecordingProxy, type RecordingProxy } from './recording-proxy.js';
import { writeTestOverlay } from './overlay.js';
import { freePort } from '../../support/services.js';

export interface ControlPlaneOptions {
  /** kube-scheduler + kwok + fake Nodes, so pods are scheduled and become Ready. */
  kwok?: boolean;
  /** How many fake Nodes (with kwok); default 2. */
  nodes?: number;
  /** Extra Metacontroller flags, appended after ours (a later flag wins). */
  metacontrollerArgs?: string[];
  /** Skip `kubectl apply -k` of the test overlay (bench code that installs its own). */
  install?: boolean;
  /**
   * Webhooks call the hook server itself, as in a real install, instead of the
   * recording proxy (bench/fleet: the proxy would add a hop and CPU of its own to
   * every hook call; the proxy still runs but sees nothing).
   */
  direct?: boolean;
}

export interface KubectlResult {
  stdout: string;
  stderr: string;
  code: number;
}

export interface ControlPlane {
  runDir: string;
  kubeconfig: string;
  apiserverUrl: string;
  /** Metacontroller's Prometheus endpoint (undefined against an existing cluster). */
  metacontrollerMetricsUrl: string | undefined;
  /** The base URL the controllers' webhooks call (the recording proxy, or the hook server with `direct`). */
  hooksUrl: string;
  proxy: RecordingProxy;
  /** Runs kubectl against this cluster; throws with its output on a non-zero exit unless `allowFailure`. */
  kubectl(args: string[], opts?: { input?: string; allowFailure?: boolean }): Promise<KubectlResult>;
  /** Stops the hook server (the proxy stays, answering 502) / starts it again on the same port. */
  stopHooks(): Promise<void>;
  startHooks(): Promise<void>;
  /** Process ids of the hook server and Metacontroller while they run (bench/fleet reads their CPU and memory from /proc). */
  pids(): { hooks?: number; metacontroller?: number };
  /** Every process this control plane started (etcd, kube-apiserver, …), by name: bench/fleet reads their CPU. */
  processes(): Record<string, number>;
  stop(): Promise<void>;
}

const REFERENCE = join(REPO_ROOT, '..', 'shared', 'reference');
// The third-party CRDs Metacontroller and the optional child kinds need before our manifests.
export const PREREQUISITE_CRDS = [
  join(REFERENCE, 'metacontroller-crds-v1.yaml'),
  join(REFERENCE, 'crds', 'keda-v2.20.2'),
  join(REFERENCE, 'crds', 'gateway-api-v1.6.1'),
];

// Watch-list streams need etcd's RequestWatchProgress, which Debian's etcd 3.4 lacks:
// the API server ends every such watch and the client re-lists only now and then
// (kwok missed pods, left stuck Pending/Terminating). So the API server refuses them
// (WatchList=false; clients then fall back to list+watch), and the clients that read
// client-go's environment gates do not ask.
const APISERVER_GATES = '--feature-gates=WatchList=false';
const CLIENT_GO_ENV = { KUBE_FEATURE_WatchListClient: 'false' };

function newRunDir(): string {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const dir = join(REPO_ROOT, '.tmp', 'cluster', `${stamp}-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}

function httpsOk(url: string, ca: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(url, { ca, timeout: 2_000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}

async function httpOk(url: string): Promise<boolean> {
  const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
  await res.arrayBuffer();
  return res.ok;
}

export function kubectlRunner(kubectl: string, kubeconfig: string): ControlPlane['kubectl'] {
  return (args, opts = {}) =>
    new Promise((resolve, reject) => {
      const child = spawn(kubectl, args, { env: { ...process.env, KUBECONFIG: kubeconfig }, stdio: ['pipe', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.once('error', reject);
      child.once('close', (code) => {
        const result = { stdout, stderr, code: code ?? 1 };
        if (result.code !== 0 && !opts.allowFailure) reject(new Error(`kubectl ${args.join(' ')} exited ${result.code}:\n${stderr}${stdout}`));
        else resolve(result);
      });
      child.stdin.end(opts.input ?? '');
    });
}

/** The landed hook server (dist/cli.js hooks), plain HTTP on a fixed loopback port so it can come back where the proxy expects it. */
function hookServer(runDir: string): { port: () => number; pid: () => number | undefined; start(): Promise<void>; stop(): Promise<void> } {
  const cli = join(REPO_ROOT, 'dist', 'cli.js');
  if (!existsSync(cli)) throw new Error(`${cli} is missing: build it first (npx tsc -p tsconfig.build.json)`);
  let port = 0;
  let proc: Managed | undefined;
  return {
    port: () => port,
    pid: () => proc?.proc.pid,
    async start() {
      port ||= await freePort();
      proc = startProcess('hooks', process.execPath, [cli, 'hooks'], runDir, { PORT: String(port), HOOKS_HOST: '127.0.0.1' });
      await until('the hook server /readyz', () => httpOk(`http://127.0.0.1:${port}/readyz`), 30_000, proc);
    },
    async stop() {
      await proc?.stop();
      proc = undefined;
    },
  };
}

export async function installOmnia(plane: Pick<ControlPlane, 'kubectl' | 'runDir' | 'hooksUrl'>, kubectlPath: string): Promise<void> {
  for (const crds of PREREQUISITE_CRDS) await plane.kubectl(['apply', '--server-side', '--force-conflicts', '-f', crds]);
  const overlay = writeTestOverlay(join(plane.runDir, 'overlay'), plane.hooksUrl, kubectlPath);
  await plane.kubectl(['apply', '-k', overlay]);
  await plane.kubectl(['wait', '--for=condition=Established', 'crd', '--all', '--timeout=120s']);
}

export async function startControlPlane(options: ControlPlaneOptions = {}): Promise<ControlPlane> {
  const runDir = newRunDir();
  const kubectlPath = systemBinary('kubectl', 'install kubectl (it is on the machine image)');
  const started: Array<{ stop(): Promise<void>; name?: string; proc?: { pid?: number } }> = [];
  const stopAll = async (): Promise<void> => {
    for (const s of started.reverse()) await s.stop().catch(() => undefined);
    started.length = 0;
  };

  try {
    const hooks = hookServer(runDir);
    await hooks.start();
    started.push(hooks);
    const proxy = await startRecordingProxy(hooks.port);
    started.push(proxy);

    const external = process.env.KUBECONFIG;
    let kubeconfig: string;
    let apiserverUrl: string;
    let metricsUrl: string | undefined;
    let afterInstall: () => Promise<void> = async () => undefined;
    let metacontroller: Managed | undefined;

    if (external) {
      kubeconfig = external;
      const kc = kubectlRunner(kubectlPath, kubeconfig);
      apiserverUrl = (await kc(['config', 'view', '--minify', '-o', 'jsonpath={.clusters[0].cluster.server}'])).stdout.trim();
    } else {
      const etcdPath = systemBinary('etcd', 'install the Debian package etcd-server (scripts/install-system-deps.sh)');
      const [apiserverBin, kcmBin, mcBin] = [await binary('kube-apiserver'), await binary('kube-controller-manager'), await binary('metacontroller')];
      const pki = makePki(join(runDir, 'pki'));
      const [etcdPort, peerPort, apiPort, kcmPort, metricsPort, probePort] = await Promise.all(Array.from({ length: 6 }, freePort));
      apiserverUrl = `https://127.0.0.1:${apiPort}`;
      kubeconfig = join(runDir, 'kubeconfig');
      writeFileSync(kubeconfig, kubeconfigYaml(pki, apiserverUrl));
      const ca = readFileSync(pki.caCert, 'utf8');

      const etcdUrl = `http://127.0.0.1:${etcdPort}`;
      const peerUrl = `http://127.0.0.1:${peerPort}`;
      const etcd = startProcess('etcd', etcdPath, [
        '--name', 'test', '--data-dir', join(runDir, 'etcd'),
        '--listen-client-urls', etcdUrl, '--advertise-client-urls', etcdUrl,
        '--listen-peer-urls', peerUrl, '--initial-advertise-peer-urls', peerUrl, '--initial-cluster', `test=${peerUrl}`,
      ], runDir);
      started.push(etcd);
      await until('etcd /health', () => httpOk(`${etcdUrl}/health`), 30_000, etcd);

      const apiserver = startProcess('kube-apiserver', apiserverBin, [
        '--etcd-servers', etcdUrl, '--bind-address', '127.0.0.1', '--advertise-address', '127.0.0.1', '--secure-port', String(apiPort),
        '--tls-cert-file', pki.servingCert, '--tls-private-key-file', pki.servingKey, '--client-ca-file', pki.caCert,
        '--service-account-issuer', 'https://kubernetes.default.svc', '--service-account-key-file', pki.saPub,
        '--service-account-signing-key-file', pki.saKey, '--service-cluster-ip-range', '10.0.0.0/16', // room for bench/fleet's 1,000 agents' Services
        '--authorization-mode', 'Node,RBAC', '--endpoint-reconciler-type', 'none', APISERVER_GATES,
      ], runDir);
      started.push(apiserver);
      await until('kube-apiserver /readyz', () => httpsOk(`${apiserverUrl}/readyz`, ca), 120_000, apiserver);

      const auth = ['--kubeconfig', kubeconfig, '--authentication-kubeconfig', kubeconfig, '--authorization-kubeconfig', kubeconfig, '--leader-elect=false', '--bind-address', '127.0.0.1'];
      const kcm = startProcess('kube-controller-manager', kcmBin, [
        ...auth, '--secure-port', String(kcmPort), '--service-account-private-key-file', pki.saKey, '--root-ca-file', pki.caCert,
        // Late kwok lease renewals on a busy machine would otherwise mark every pod NotReady for good.
        ...(options.kwok ? ['--node-monitor-grace-period', '10m'] : []),
      ], runDir, CLIENT_GO_ENV);
      started.push(kcm);

      if (options.kwok) {
        const [schedPort, kwokPort] = [await freePort(), await freePort()];
        const scheduler = startProcess('kube-scheduler', await binary('kube-scheduler'), [...auth, '--secure-port', String(schedPort)], runDir, CLIENT_GO_ENV);
        started.push(scheduler);
        const kwok = startProcess('kwok', await binary('kwok'), [
          '--kubeconfig', kubeconfig, '--manage-all-nodes=false', '--manage-nodes-with-annotation-selector', 'kwok.x-k8s.io/node=fake',
          '--config', join(import.meta.dirname, 'kwok-stages.yaml'), '--server-address', `127.0.0.1:${kwokPort}`,
          '--node-lease-duration-seconds', '40',
        ], runDir, CLIENT_GO_ENV);
        started.push(kwok);
      }

      const mcArgs = [
        '--kubeconfig', kubeconfig, '--discovery-interval=5s', `--metrics-address=127.0.0.1:${metricsPort}`,
        `--health-probe-bind-address=127.0.0.1:${probePort}`, '--zap-log-level=4', ...(options.metacontrollerArgs ?? []),
      ];
      metricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
      // Metacontroller starts after the install: it discovers the parent CRDs at start-up.
      afterInstall = async () => {
        const mc = startProcess('metacontroller', mcBin, mcArgs, runDir, CLIENT_GO_ENV);
        metacontroller = mc;
        started.push(mc);
        await until('metacontroller /readyz', () => httpOk(`http://127.0.0.1:${probePort}/readyz`), 60_000, mc);
      };
    }

    const kubectl = kubectlRunner(kubectlPath, kubeconfig);
    const plane: ControlPlane = {
      runDir,
      kubeconfig,
      apiserverUrl,
      metacontrollerMetricsUrl: metricsUrl,
      hooksUrl: options.direct ? `http://127.0.0.1:${hooks.port()}` : proxy.url,
      proxy,
      kubectl,
      stopHooks: () => hooks.stop(),
      startHooks: () => hooks.start(),
      pids: () => ({ hooks: hooks.pid(), metacontroller: metacontroller?.proc.pid }),
      processes: () => {
        const out: Record<string, number> = Object.fromEntries(started.flatMap((m) => (m.name && m.proc?.pid ? [[m.name, m.proc.pid]] : [])));
        const hooksPid = hooks.pid();
        if (hooksPid) out.hooks = hooksPid;
        return out;
      },
      stop: stopAll,
    };
    if (options.kwok) await addFakeNodes(plane, options.nodes ?? 2);
    if (options.install !== false) await installOmnia(plane, kubectlPath);
    await afterInstall();
    return plane;
  } catch (err) {
    await stopAll();
    throw new Error(`control plane did not start (logs in ${runDir}): ${(err as Error).message}`, { cause: err });
  }
}

async function addFakeNodes(plane: Pick<ControlPlane, 'kubectl'>, count: number): Promise<void> {
  const nodes = Array.from({ length: count }, (_, i) => ({
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: `kwok-node-${i}`,
      annotations: { 'kwok.x-k8s.io/node': 'fake', 'node.alpha.kubernetes.io/ttl': '0' },
      labels: { type: 'kwok', 'kubernetes.io/hostname': `kwok-node-${i}`, 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64' },
    },
  }));
  await plane.kubectl(['apply', '-f', '-'], { input: JSON.stringify({ apiVersion: 'v1', kind: 'List', items: nodes }) });
  await plane.kubectl(['wait', '--for=condition=Ready', 'node', '--all', '--timeout=120s']);
}
