// An agent pod as the AgentRuntime sync hook builds it, run on this machine:
// its Deployment's two containers become two processes (`src/cli.ts runtime`
// and `src/cli.ts facade`, through tsx) with exactly the container's env,
// where only what a machine is not a pod changes: each volume is a temp
// directory holding what Kubernetes would mount (the ConfigMap's files, the
// PromptPack file, Secret files), paths under a mount point are rewritten to
// that directory, ports are 0 (the kernel picks them; the facade is pointed
// at the runtime's), `secretKeyRef`s take the values handed in, and `env`
// adds what the test must (a fake vendor's URL).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';

type EnvVar = { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } };
type Mount = { name: string; mountPath: string };
type Container = { name: string; env?: EnvVar[]; volumeMounts?: Mount[] };
type Volume = { name: string; configMap?: { name: string }; secret?: { secretName: string }; emptyDir?: object };
type Child = { kind: string; metadata: { name: string }; data?: Record<string, string>; spec?: any };

export interface PodInputs {
  /** The sync response's children (the Deployment and the ConfigMaps it mounts). */
  children: Child[];
  /** Files of ConfigMaps not among the children (the PromptPack version's), by ConfigMap name. */
  configMaps?: Record<string, Record<string, string>>;
  /** Secret data by Secret name, for secretKeyRefs and secret volumes. */
  secrets?: Record<string, Record<string, string>>;
  /** Extra env per container (e.g. OMNIA_PROVIDER_BASE_URL of a fake vendor). */
  env?: { runtime?: Record<string, string>; facade?: Record<string, string> };
}

export interface RunningPod {
  /** http://127.0.0.1:<facade port> */
  facadeUrl: string;
  runtimeUrl: string;
  stop(): Promise<void>;
}

const ROOT = path.resolve(import.meta.dirname, '../..');
const CLI = path.join(ROOT, 'src/cli.ts');
const PORTS: Record<string, string> = { OMNIA_RUNTIME_PORT: '0', OMNIA_RUNTIME_HEALTH_PORT: '0', OMNIA_FACADE_PORT: '0', OMNIA_HEALTH_PORT: '0' };

function materialise(dir: string, volumes: Volume[], inputs: PodInputs): Map<string, string> {
  const byName = new Map<string, string>();
  const maps = new Map(Object.entries(inputs.configMaps ?? {}));
  for (const c of inputs.children) if (c.kind === 'ConfigMap' && c.data) maps.set(c.metadata.name, c.data);
  for (const v of volumes) {
    const at = path.join(dir, 'volumes', v.name);
    mkdirSync(at, { recursive: true });
    const files = v.configMap ? maps.get(v.configMap.name) : v.secret ? inputs.secrets?.[v.secret.secretName] : {};
    if (files === undefined) throw new Error(`volume ${v.name}: no data for ${v.configMap?.name ?? v.secret?.secretName}`);
    for (const [file, text] of Object.entries(files)) writeFileSync(path.join(at, file), text);
    byName.set(v.name, at);
  }
  return byName;
}

function containerEnv(c: Container, volumes: Map<string, string>, inputs: PodInputs): Record<string, string> {
  const mounts = (c.volumeMounts ?? []).map((m) => ({ from: m.mountPath, to: volumes.get(m.name) as string }));
  const env: Record<string, string> = {};
  for (const e of c.env ?? []) {
    let value = e.value;
    const ref = e.valueFrom?.secretKeyRef;
    if (ref) value = inputs.secrets?.[ref.name]?.[ref.key];
    if (value === undefined) throw new Error(`${c.name}: no value for ${e.name}`);
    const mount = mounts.find((m) => value === m.from || value!.startsWith(`${m.from}/`));
    env[e.name] = mount ? mount.to + value.slice(mount.from.length) : (PORTS[e.name] ?? value);
  }
  return env;
}

/** Starts one container's program; resolves with its 'listening' log line once it listens. */
function startProgram(program: 'runtime' | 'facade', env: Record<string, string>, procs: ChildProcess[]): Promise<Record<string, unknown>> {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, program], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', OMNIA_BIND_ADDRESS: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  procs.push(child);
  const log: string[] = [];
  child.stderr?.on('data', (d: Buffer) => log.push(d.toString()));
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      log.push(line);
      try {
        const entry = JSON.parse(line) as Record<string, unknown>;
        if (entry.msg === `${program} listening`) resolve(entry);
      } catch {
        // not a log line
      }
    });
    child.once('exit', (code) => reject(new Error(`${program} exited (${code}) before listening:\n${log.join('\n')}`)));
  });
}

export async function runAgentPod(inputs: PodInputs): Promise<RunningPod> {
  const deployment = inputs.children.find((c) => c.kind === 'Deployment');
  if (!deployment) throw new Error('the sync response has no Deployment');
  const pod = deployment.spec.template.spec as { containers: Container[]; volumes: Volume[] };
  const dir = mkdtempSync(path.join(tmpdir(), 'omnia-pod-'));
  const volumes = materialise(dir, pod.volumes, inputs);
  const container = (name: string): Container => {
    const c = pod.containers.find((k) => k.name === name);
    if (!c) throw new Error(`the Deployment has no ${name} container`);
    return c;
  };
  const procs: ChildProcess[] = [];
  const stop = async (): Promise<void> => {
    await Promise.all(
      procs.map((p) =>
        p.exitCode !== null || p.signalCode !== null
          ? Promise.resolve()
          : new Promise<void>((r) => {
              p.once('exit', () => r());
              p.kill('SIGTERM');
            }),
      ),
    );
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const rt = await startProgram('runtime', { ...containerEnv(container('runtime'), volumes, inputs), ...inputs.env?.runtime }, procs);
    const runtimeUrl = String(rt.url);
    const fc = await startProgram('facade', { ...containerEnv(container('facade'), volumes, inputs), OMNIA_RUNTIME_ADDRESS: runtimeUrl, ...inputs.env?.facade }, procs);
    return { facadeUrl: `http://127.0.0.1:${String(fc.port)}`, runtimeUrl, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
