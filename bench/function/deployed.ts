import { spawn, type ChildProcess } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { summary } from '../ab/stats.js';
import { cpuSeconds } from '../hooks/proc-cpu.js';
import type { KubeObject } from '../../src/hooks/metacontroller.js';
import { exampleUnits } from '../../test/examples/support/files.js';
import { isKustomizeConfig, parseFile } from '../../test/examples/support/parse.js';
import { simulate } from '../../test/examples/support/simulate.js';
import { deploymentOf, startPod, type PodObject } from '../../test/support/pod.js';
import { keepLoaded, type Result } from './load.js';

// Function mode as deployed: the echo-function example goes through the
// simulated controllers, and the Deployment its AgentRuntime sync emits runs
// as local processes (test/support/pod.ts: the facade and runtime programs
// from dist/, with that env, those mounts and probes; the runtime's provider
// is the example's mock). Against it, in the same run: a bare express + ajv
// endpoint (bare-http.ts) doing the same validation and calling the same
// pod's runtime over HTTP. Rounds alternate the order (≥ 5); the figures are
// invocations/s, the per-round ratio pod ÷ bare, latency, and the CPU the
// front process (facade or express) spends per invocation.
//   npx tsc -p tsconfig.build.json && node --import tsx bench/function/deployed.ts [--seconds 3] [--rounds 6] [--concurrency 32]

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const SECONDS = Math.min(arg('seconds', 3), 30);
const ROUNDS = Math.max(5, Math.min(arg('rounds', 6), 15));
const CONCURRENCY = Math.min(arg('concurrency', 32), 256);
const BODY = JSON.stringify({ text: 'The quick brown fox jumps over the lazy dog.' });
const NOW = new Date();

const unit = exampleUnits().find((u) => u.name.startsWith('echo-function'));
if (!unit) throw new Error('the echo-function example is missing');
const objects = unit.files
  .map(parseFile)
  .flatMap((p) => p.docs.map((d) => d.object))
  .filter((o) => !isKustomizeConfig(o));
const [agent] = simulate(objects, NOW);
if (!agent) throw new Error('the echo-function example yields no AgentRuntime');
const podObjects = ([...agent.cluster, ...agent.response.children] as KubeObject[]).filter((o) => o.kind === 'ConfigMap' || o.kind === 'Secret') as unknown as PodObject[];
const name = agent.agent.metadata.name;

const pod = await startPod(deploymentOf(agent.response.children), { objects: podObjects });
let bare: ChildProcess | undefined;
try {
  const facadeEnv = pod.env('facade');
  bare = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'bare-http.ts'), facadeEnv.OMNIA_CONFIG_DIR as string, facadeEnv.OMNIA_RUNTIME_ADDRESS as string], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, NODE_ENV: 'production' },
  });
  const barePort = await new Promise<number>((resolve, reject) => {
    let out = '';
    bare?.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /^(\d+)\n/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    bare?.once('exit', (code) => reject(new Error(`bare-http exited with ${code}`)));
  });
  const sides = {
    pod: { port: pod.port('facade', 'facade'), pid: pod.process('facade').pid as number },
    bare: { port: barePort, pid: bare.pid as number },
  };
  const run = async (side: 'pod' | 'bare', seconds: number): Promise<Result & { cpuMicros: number }> => {
    const before = cpuSeconds(sides[side].pid);
    const r = await keepLoaded({ port: sides[side].port, path: `/functions/${name}`, body: BODY, seconds, concurrency: CONCURRENCY });
    return { ...r, cpuMicros: ((cpuSeconds(sides[side].pid) - before) * 1e6) / Math.max(1, r.rps * seconds) };
  };
  for (const side of ['pod', 'bare'] as const) await run(side, 1); // warm-up
  const results = { pod: [] as (Result & { cpuMicros: number })[], bare: [] as (Result & { cpuMicros: number })[] };
  const load = [loadavg()[0] as number];
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? (['pod', 'bare'] as const) : (['bare', 'pod'] as const);
    for (const side of order) results[side].push(await run(side, SECONDS));
    load.push(loadavg()[0] as number);
  }
  const of = (side: 'pod' | 'bare', k: keyof Result | 'cpuMicros') => summary(results[side].map((r) => r[k]));
  console.log(
    JSON.stringify(
      {
        benchmark: 'function mode as deployed (echo-function example, mock provider)',
        node: process.version,
        seconds: SECONDS,
        rounds: ROUNDS,
        concurrency: CONCURRENCY,
        invocationsPerSecond: { pod: of('pod', 'rps'), bare: of('bare', 'rps') },
        podVsBare: summary(results.pod.map((r, i) => r.rps / (results.bare[i] as Result).rps)),
        p50Ms: { pod: of('pod', 'p50'), bare: of('bare', 'p50') },
        p99Ms: { pod: of('pod', 'p99'), bare: of('bare', 'p99') },
        frontCpuMicrosPerInvocation: { facade: of('pod', 'cpuMicros'), express: of('bare', 'cpuMicros') },
        non200: { pod: results.pod.reduce((n, r) => n + r.errors, 0), bare: results.bare.reduce((n, r) => n + r.errors, 0) },
        loadAverage1m: summary(load),
      },
      null,
      2,
    ),
  );
} finally {
  bare?.kill('SIGTERM');
  await pod.stop();
}
process.exit(0);
