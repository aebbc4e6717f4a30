// Runs a Deployment the AgentRuntime sync emitted the way the kubelet would run
// its pod, as local processes: each container's args against the image's
// entrypoint (dist/cli.js), its env (plain values, Secret and ConfigMap
// references resolved from the objects given), its volumes written to a temp
// directory (ConfigMap and Secret volumes with their `items`, emptyDirs), and
// its readiness probes polled until they answer. A missing ConfigMap or Secret
// fails the start, as a real pod would hang in ContainerCreating.
//
// Two things are translated, because processes on one machine share its
// filesystem and ports: every mount path becomes a folder under the pod's temp
// directory, and every port (the containers' ports and the ports the env names,
// such as the runtime's loopback port) becomes a free one the kernel picked.
// Env values naming a mount path or a loopback port are rewritten to match;
// nothing else is changed, so drift between what the hook writes and what the
// programs read still fails the start.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { freePort, waitForPort } from './services.js';

const ROOT = resolve(import.meta.dirname, '../..');

type KeyRef = { name: string; key: string; optional?: boolean };
interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: KeyRef; configMapKeyRef?: KeyRef; fieldRef?: { fieldPath: string } };
}
interface EnvFrom {
  prefix?: string;
  secretRef?: { name: string; optional?: boolean };
  configMapRef?: { name: string; optional?: boolean };
}
interface Probe {
  httpGet?: { path?: string; port: string | number };
  /** A tool server's probe (src/hooks/toolserver): ready once the port accepts connections. */
  tcpSocket?: { port: string | number };
}
export interface PodContainer {
  name: string;
  args?: string[];
  env?: EnvVar[];
  envFrom?: EnvFrom[];
  ports?: { name?: string; containerPort: number }[];
  volumeMounts?: { name: string; mountPath: string; subPath?: string; readOnly?: boolean }[];
  readinessProbe?: Probe;
}
interface Volume {
  name: string;
  configMap?: { name: string; items?: { key: string; path: string }[]; optional?: boolean };
  secret?: { secretName: string; items?: { key: string; path: string }[]; optional?: boolean };
  emptyDir?: object;
}
export interface PodDeployment {
  metadata: { name: string; namespace?: string };
  spec: { template: { metadata?: { labels?: Record<string, string> }; spec: { containers: PodContainer[]; volumes?: Volume[] } } };
}
/** A ConfigMap or Secret as the API server would hold it (Secret `data` base64, or `stringData`). */
export interface PodObject {
  kind: string;
  metadata: { name: string };
  data?: Record<string, string>;
  stringData?: Record<string, string>;
}

export interface PodOptions {
  /** ConfigMaps and Secrets the pod may reference (the sync's own ConfigMap children included). */
  objects: PodObject[];
  /** Extra env per container name, applied last (a fake vendor's base URL, a log level). */
  env?: Record<string, Record<string, string>>;
  /** How to start a container; default: this repository's dist/cli.js with the container's args. */
  command?: (c: PodContainer) => { cmd: string; args: string[]; cwd?: string; uid?: number; gid?: number };
  /** Readiness deadline per container. */
  readyTimeoutMs?: number;
  /**
   * Containers expected to run but stay not Ready (a pod deployed without a
   * dependency): the start waits until their probe answers, and fails if it
   * answers 2xx.
   */
  expectNotReady?: string[];
  /**
   * Loopback ports of servers outside the pod that the env names as the hook
   * wrote it (a fake gateway's status.url): kept as they are, not taken for
   * the pod's own ports.
   */
  outsidePorts?: number[];
}

export interface RunningPod {
  /** The local port standing for a container port, by the port's name or number. */
  port(container: string, port: string | number): number;
  /** The local folder standing for a volume. */
  volumeDir(volume: string): string;
  /** What a container has printed so far. */
  logs(container: string): string;
  /** The env a container was started with (after translation). */
  env(container: string): Record<string, string>;
  process(container: string): ChildProcess;
  stop(): Promise<void>;
}

function lookup(objects: PodObject[], kind: 'ConfigMap' | 'Secret', name: string): Record<string, string> | undefined {
  const o = objects.find((x) => x.kind === kind && x.metadata.name === name);
  if (!o) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(o.data ?? {})) out[k] = kind === 'Secret' ? Buffer.from(v, 'base64').toString('utf8') : v;
  return { ...out, ...(o.stringData ?? {}) };
}

function mustRead(objects: PodObject[], kind: 'ConfigMap' | 'Secret', name: string, optional: boolean | undefined, why: string) {
  const data = lookup(objects, kind, name);
  if (!data && !optional) throw new Error(`${why}: ${kind} ${name} does not exist (the pod would not start)`);
  return data;
}

/** The ports a pod's containers name: declared container ports and port numbers in the env. */
function portsOf(containers: PodContainer[]): Set<number> {
  const ports = new Set<number>();
  for (const c of containers) {
    for (const p of c.ports ?? []) ports.add(p.containerPort);
    for (const e of c.env ?? []) {
      if (e.value === undefined) continue;
      if (/_PORT$/.test(e.name) && /^\d+$/.test(e.value)) ports.add(Number(e.value));
      for (const m of e.value.matchAll(/(?:127\.0\.0\.1|localhost):(\d+)/g)) ports.add(Number(m[1]));
    }
  }
  return ports;
}

export async function startPod(deployment: PodDeployment, opts: PodOptions): Promise<RunningPod> {
  // The ports are picked free, then released for the containers to bind: another
  // test may take one in between. A container that then fails with EADDRINUSE is
  // that race, not the pod's fault: the pod starts again on new ports (twice at most).
  for (let attempt = 1; ; attempt++) {
    try {
      return await startPodOnce(deployment, opts);
    } catch (err) {
      if (attempt >= 3 || !(err instanceof Error) || !err.message.includes('EADDRINUSE')) throw err;
    }
  }
}

async function startPodOnce(deployment: PodDeployment, opts: PodOptions): Promise<RunningPod> {
  const pod = deployment.spec.template.spec;
  const root = mkdtempSync(join(tmpdir(), `pod-${deployment.metadata.name.slice(0, 40)}-`));
  chmodSync(root, 0o755);
  const processes = new Map<string, ChildProcess>();
  const output = new Map<string, string>();
  const envs = new Map<string, Record<string, string>>();
  const stop = async (): Promise<void> => {
    await Promise.all(
      [...processes.values()].map(async (p) => {
        if (p.exitCode !== null || p.signalCode !== null) return;
        const exited = new Promise((r) => p.once('exit', r));
        p.kill('SIGTERM');
        const timer = setTimeout(() => p.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }),
    );
    rmSync(root, { recursive: true, force: true });
  };

  try {
    // Volumes → folders.
    const volumeDirs = new Map<string, string>();
    for (const v of pod.volumes ?? []) {
      const dir = join(root, 'volumes', v.name);
      mkdirSync(dir, { recursive: true });
      volumeDirs.set(v.name, dir);
      const source = v.configMap
        ? mustRead(opts.objects, 'ConfigMap', v.configMap.name, v.configMap.optional, `volume ${v.name}`)
        : v.secret
          ? mustRead(opts.objects, 'Secret', v.secret.secretName, v.secret.optional, `volume ${v.name}`)
          : undefined;
      const items = v.configMap?.items ?? v.secret?.items;
      for (const [key, text] of Object.entries(source ?? {})) {
        const path = items ? items.find((i) => i.key === key)?.path : key;
        if (path === undefined) continue;
        mkdirSync(dirname(join(dir, path)), { recursive: true });
        writeFileSync(join(dir, path), text);
      }
      if (items && source) {
        const missing = items.filter((i) => !(i.key in source));
        if (missing.length > 0) throw new Error(`volume ${v.name}: key ${missing[0]!.key} is missing`);
      }
      chmodSync(dir, 0o777);
    }

    // Ports → free ones.
    const portMap = new Map<number, number>();
    for (const p of portsOf(pod.containers)) if (!opts.outsidePorts?.includes(p)) portMap.set(p, await freePort());

    const translate = (value: string, mounts: { from: string; to: string }[]): string => {
      let out = value;
      if (/^\d+$/.test(out) && portMap.has(Number(out))) return String(portMap.get(Number(out)));
      out = out.replace(/(127\.0\.0\.1|localhost):(\d+)/g, (all, host: string, port: string) =>
        portMap.has(Number(port)) ? `${host}:${portMap.get(Number(port))}` : all,
      );
      // The longest mount path that holds the value, once (the pod's folder may itself lie under /tmp).
      const m = mounts.find((x) => out === x.from || out.startsWith(`${x.from}/`));
      return m ? m.to + out.slice(m.from.length) : out;
    };

    for (const c of pod.containers) {
      const mounts = (c.volumeMounts ?? [])
        .map((m) => {
          const dir = volumeDirs.get(m.name);
          if (!dir) throw new Error(`container ${c.name}: volumeMount ${m.name} names no volume`);
          return { from: m.mountPath, to: m.subPath ? join(dir, m.subPath) : dir };
        })
        .sort((a, b) => b.from.length - a.from.length);
      const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: root };
      for (const ef of c.envFrom ?? []) {
        const data = ef.secretRef
          ? mustRead(opts.objects, 'Secret', ef.secretRef.name, ef.secretRef.optional, `${c.name} envFrom`)
          : ef.configMapRef
            ? mustRead(opts.objects, 'ConfigMap', ef.configMapRef.name, ef.configMapRef.optional, `${c.name} envFrom`)
            : undefined;
        for (const [k, v] of Object.entries(data ?? {})) env[(ef.prefix ?? '') + k] = v;
      }
      for (const e of c.env ?? []) {
        if (e.value !== undefined) env[e.name] = translate(e.value, mounts);
        const ref = e.valueFrom?.secretKeyRef ?? e.valueFrom?.configMapKeyRef;
        if (ref) {
          const kind = e.valueFrom?.secretKeyRef ? 'Secret' : 'ConfigMap';
          const data = mustRead(opts.objects, kind, ref.name, ref.optional, `${c.name} env ${e.name}`);
          if (data && !(ref.key in data) && !ref.optional) throw new Error(`${c.name} env ${e.name}: ${kind} ${ref.name} has no key ${ref.key}`);
          if (data?.[ref.key] !== undefined) env[e.name] = data[ref.key]!;
        }
        if (e.valueFrom?.fieldRef) {
          const field = e.valueFrom.fieldRef.fieldPath;
          env[e.name] = field === 'metadata.namespace' ? (deployment.metadata.namespace ?? 'default') : field === 'metadata.name' ? `${deployment.metadata.name}-0` : '127.0.0.1';
        }
      }
      const tmp = mounts.find((m) => m.from === '/tmp');
      if (tmp) env.TMPDIR = tmp.to;
      Object.assign(env, opts.env?.[c.name] ?? {});
      envs.set(c.name, env);

      const how = opts.command?.(c) ?? { cmd: process.execPath, args: [join(ROOT, 'dist/cli.js'), ...(c.args ?? [])] };
      const child = spawn(how.cmd, how.args, {
        cwd: how.cwd ?? root,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
        ...(how.uid !== undefined ? { uid: how.uid, gid: how.gid ?? how.uid } : {}),
      });
      output.set(c.name, '');
      const append = (d: Buffer): void => void output.set(c.name, output.get(c.name)! + d.toString());
      child.stdout!.on('data', append);
      child.stderr!.on('data', append);
      processes.set(c.name, child);
    }

    const localPort = (container: string, port: string | number): number => {
      const c = pod.containers.find((x) => x.name === container);
      if (!c) throw new Error(`no container ${container}`);
      const number = typeof port === 'number' ? port : c.ports?.find((p) => p.name === port)?.containerPort;
      const mapped = number === undefined ? undefined : portMap.get(number);
      if (mapped === undefined) throw new Error(`container ${container} has no port ${port}`);
      return mapped;
    };

    // Readiness: every probe answering 2xx, or a clear failure with the container's output.
    const deadline = Date.now() + (opts.readyTimeoutMs ?? 30_000);
    for (const c of pod.containers) {
      const tcp = c.readinessProbe?.tcpSocket;
      if (tcp) {
        const left = Math.max(0, deadline - Date.now());
        await waitForPort(localPort(c.name, tcp.port), left, processes.get(c.name)).catch((err: Error) => {
          throw new Error(`container ${c.name} not ready: ${err.message}:\n${output.get(c.name)}`);
        });
        continue;
      }
      const get = c.readinessProbe?.httpGet;
      if (!get) continue;
      const url = `http://127.0.0.1:${localPort(c.name, get.port)}${get.path ?? '/'}`;
      const notReady = opts.expectNotReady?.includes(c.name) ?? false;
      for (;;) {
        // Any probed container gone (the facade's readiness waits on the runtime's) ends the wait with
        // its output. Sidecars without a probe are other programs this harness does not run faithfully.
        for (const other of pod.containers.filter((x) => x.readinessProbe)) {
          const child = processes.get(other.name)!;
          if (child.exitCode !== null) throw new Error(`container ${other.name} exited (${child.exitCode}) before ${c.name} was ready:\n${output.get(other.name)}`);
        }
        const status = await fetch(url).then((r) => r.status, () => undefined);
        if (notReady && status !== undefined && status >= 200 && status < 300) throw new Error(`container ${c.name} is ready at ${url}, expected not ready`);
        if (status !== undefined && (notReady || (status >= 200 && status < 300))) break;
        if (Date.now() > deadline) throw new Error(`container ${c.name} not ready at ${url}:\n${[...output].map(([n, o]) => `--- ${n}\n${o}`).join('\n')}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    }

    return {
      port: localPort,
      volumeDir: (v) => {
        const d = volumeDirs.get(v);
        if (!d) throw new Error(`no volume ${v}`);
        return d;
      },
      logs: (c) => output.get(c) ?? '',
      env: (c) => envs.get(c) ?? {},
      process: (c) => processes.get(c)!,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** The Deployment (first, or the one named) among a sync response's children. */
export function deploymentOf(children: { kind: string; metadata: { name: string } }[], name?: string): PodDeployment {
  const d = children.find((c) => c.kind === 'Deployment' && (name === undefined || c.metadata.name === name));
  if (!d) throw new Error(`no Deployment${name ? ` ${name}` : ''} among the children`);
  return d as unknown as PodDeployment;
}
