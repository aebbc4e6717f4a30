// Sync throughput of the hook server for the spec/000 complete example, in two
// scenarios: the first sync (no children yet) and the steady state (every
// child exists). The server runs from dist/ pinned to core 0; this process
// (the load generator, pinned to core 1 by run.sh) keeps C keep-alive requests
// in flight over loopback until N requests or S seconds, whichever comes
// first, with a raw-socket client (http-client.ts: node's own http client
// costs more than the server and would cap the figure).
// Around every round it reads the server's CPU time from /proc, so each figure
// comes with the server's core share and CPU per request: below ~95 % busy
// the generator, not the server, was the limit.
// References, pinned to core 0 too, on the same bytes: the floor (JSON.parse +
// JSON.stringify), the pure hook (parse + sync + canonical JSON, no HTTP), a
// bare node:http server answering the same response bytes (HTTP alone), the
// same server doing the floor's parse + stringify (the HTTP floor), and the
// real hook server with a sync that does no work (empty-hook-server.ts).
// The goal verdict compares CPU time per request (server) with CPU time per op
// (floor): on this shared machine other processes take wall time from core 0
// unevenly between the server's rounds and the floor's; throughput ratios are
// reported next to it.
// Metacontroller's default is 5 concurrent calls per controller, hence C = 5.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { buildPost, load, requestOnce } from './http-client.js';
import { assertRunsNode, cpuSeconds, runQueueWaitSeconds } from './proc-cpu.js';
import { createRequest, steadyRequest, type Child } from './scenarios.js';

const ROOT = resolve(import.meta.dirname, '../..');
const HOST = '127.0.0.1';
const PATH = '/hooks/agentruntime/sync';
// Below this share of its core the server was waiting for requests.
const SATURATED_PERCENT = 95;

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '50000' },
    seconds: { type: 'string', default: '6' },
    rounds: { type: 'string', default: '3' },
    concurrency: { type: 'string', default: '5' },
    warmup: { type: 'string', default: '2000' },
    'log-level': { type: 'string', default: 'info' },
    // The hook server's port; the bare, HTTP-floor and empty-hook reference servers use the next three.
    port: { type: 'string', default: '18410' },
    // Write a V8 CPU profile of the server into this directory (node --cpu-prof).
    'cpu-prof': { type: 'string' },
  },
});
const maxRequests = Number(values.requests);
const maxSeconds = Number(values.seconds);
const concurrency = Number(values.concurrency);
const warmup = Number(values.warmup);
// The machine is shared: each figure is the best of several rounds, which is
// the run least disturbed by other processes.
const rounds = Math.max(1, Number(values.rounds));
const PORT = Number(values.port);
const BARE_PORT = PORT + 1;
const HTTP_FLOOR_PORT = PORT + 2;
const EMPTY_HOOK_PORT = PORT + 3;

async function waitHealthy(): Promise<void> {
  for (let i = 0; i < 150; i++) {
    if (await fetch(`http://${HOST}:${PORT}/healthz`).then((r) => r.ok, () => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('hook server did not become healthy');
}

function startServer(): ChildProcess {
  const prof = values['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${values['cpu-prof']}`] : [];
  const server = spawn('taskset', ['-c', '0', process.execPath, ...prof, join(ROOT, 'dist/hooks/main.js')], {
    env: { ...process.env, PORT: String(PORT), HOOKS_HOST: HOST, LOG_LEVEL: values['log-level'] },
    // Log lines are drained but not kept: writing them is part of the cost being measured.
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  server.stdout?.resume();
  return server;
}

/**
 * A reference server on core 0 answering `responsePath`'s bytes: bare-server.ts
 * (`bare` or `floor`) or empty-hook-server.ts (`empty`); resolves once it listens.
 */
async function startBare(responsePath: string, mode: 'bare' | 'floor' | 'empty', port: number): Promise<ChildProcess> {
  const script = mode === 'empty' ? ['empty-hook-server.ts', String(port), responsePath] : ['bare-server.ts', String(port), responsePath, mode];
  const bare = spawn(
    'taskset',
    ['-c', '0', process.execPath, '--import', 'tsx', join(import.meta.dirname, script[0] as string), ...script.slice(1)],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: bare.stdout as NodeJS.ReadableStream });
  const exited = once(bare, 'exit').then(([code]) => {
    throw new Error(`bare server exited (${String(code)}) before listening`);
  });
  await Promise.race([once(lines, 'line'), exited]);
  exited.catch(() => undefined);
  bare.stdout?.resume();
  return bare;
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}

function pidOf(child: ChildProcess): number {
  if (child.pid === undefined) throw new Error('child process has no pid');
  // taskset has exec'd node by the time the child answers: check, so the CPU read is node's.
  assertRunsNode(child.pid);
  return child.pid;
}

interface Round {
  perSecond: number;
  requests: number;
  seconds: number;
  latencies: number[];
  /** Share of one core the server used during the round. */
  serverCpuPercent: number;
  serverCpuMicrosPerRequest: number;
  /** Share of the round the server's main thread was runnable but waited for its core. */
  serverWaitPercent: number;
  /** Share of one core this process (the generator) used. */
  generatorCpuPercent: number;
}

/** One load run against `pid`'s server, with its CPU and run-queue time read around it. */
async function measure(pid: number, port: number, request: Buffer, count: number, seconds: number): Promise<Round> {
  const cpuBefore = cpuSeconds(pid);
  const waitBefore = runQueueWaitSeconds(pid);
  const generatorBefore = process.cpuUsage();
  const run = await load({ port, host: HOST, request, concurrency, maxRequests: count, maxSeconds: seconds });
  const cpu = cpuSeconds(pid) - cpuBefore;
  const wait = runQueueWaitSeconds(pid) - waitBefore;
  const generator = process.cpuUsage(generatorBefore);
  return {
    perSecond: run.done / run.elapsed,
    requests: run.done,
    seconds: run.elapsed,
    latencies: run.latencies,
    serverCpuPercent: (cpu / run.elapsed) * 100,
    serverCpuMicrosPerRequest: (cpu * 1e6) / run.done,
    serverWaitPercent: (wait / run.elapsed) * 100,
    generatorCpuPercent: ((generator.user + generator.system) / 1e6 / run.elapsed) * 100,
  };
}

interface InProcess {
  opsPerSecond: number;
  cpuMicrosPerOp: number;
}

function inProcess(mode: 'floor' | 'pure', requestPath: string, responsePath: string): InProcess {
  const out = execFileSync(
    'taskset',
    ['-c', '0', process.execPath, '--import', 'tsx', join(import.meta.dirname, 'floor.ts'), mode, requestPath, responsePath, '3'],
    { cwd: ROOT, encoding: 'utf8' },
  );
  return JSON.parse(out.trim().split('\n').at(-1) as string) as InProcess;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

const round1 = (n: number) => Math.round(n * 10) / 10;
const round3 = (n: number | undefined) => (n === undefined ? undefined : Math.round(n * 1000) / 1000);
const best = (all: Round[]) => all.reduce((a, b) => (b.perSecond > a.perSecond ? b : a));
const least = (all: number[]) => Math.min(...all);

/**
 * One scenario: warm up, then R rounds of the server, the bare HTTP server,
 * the floor and the pure hook for the same bytes. Each throughput is its best
 * round (with that round's latency and core shares); each CPU time per request
 * is its least over the rounds: both are the least disturbed measurement.
 */
async function scenario(name: string, serverPid: number, requestBody: Buffer): Promise<Record<string, unknown>> {
  const request = buildPost(HOST, PORT, PATH, requestBody);
  const first = await requestOnce({ port: PORT, host: HOST, request });
  if (first.status !== 200) {
    throw new Error(`agentruntime sync answered ${first.status} (${first.body.toString().slice(0, 200)}): nothing to measure`);
  }
  const response = JSON.parse(first.body.toString()) as { children?: { kind: string }[]; status?: { phase?: string } };
  const tmp = mkdtempSync(join(os.tmpdir(), 'omnia-bench-'));
  const requestPath = join(tmp, 'request.json');
  const responsePath = join(tmp, 'response.json');
  writeFileSync(requestPath, requestBody);
  writeFileSync(responsePath, first.body);
  let bare: ChildProcess | undefined;
  let httpFloor: ChildProcess | undefined;
  let emptyHook: ChildProcess | undefined;
  try {
    bare = await startBare(responsePath, 'bare', BARE_PORT);
    httpFloor = await startBare(responsePath, 'floor', HTTP_FLOOR_PORT);
    emptyHook = await startBare(responsePath, 'empty', EMPTY_HOOK_PORT);
    const barePid = pidOf(bare);
    const httpFloorPid = pidOf(httpFloor);
    const emptyHookPid = pidOf(emptyHook);
    const bareRequest = buildPost(HOST, BARE_PORT, PATH, requestBody);
    const httpFloorRequest = buildPost(HOST, HTTP_FLOOR_PORT, PATH, requestBody);
    const emptyHookRequest = buildPost(HOST, EMPTY_HOOK_PORT, PATH, requestBody);
    await measure(serverPid, PORT, request, warmup, 30);
    await measure(barePid, BARE_PORT, bareRequest, warmup, 30);
    await measure(httpFloorPid, HTTP_FLOOR_PORT, httpFloorRequest, warmup, 30);
    await measure(emptyHookPid, EMPTY_HOOK_PORT, emptyHookRequest, warmup, 30);
    const server: Round[] = [];
    const bareRounds: Round[] = [];
    const httpFloorRounds: Round[] = [];
    const emptyHookRounds: Round[] = [];
    const floors: InProcess[] = [];
    const pures: InProcess[] = [];
    for (let r = 0; r < rounds; r++) {
      server.push(await measure(serverPid, PORT, request, maxRequests, maxSeconds));
      bareRounds.push(await measure(barePid, BARE_PORT, bareRequest, maxRequests, maxSeconds));
      httpFloorRounds.push(await measure(httpFloorPid, HTTP_FLOOR_PORT, httpFloorRequest, maxRequests, maxSeconds));
      emptyHookRounds.push(await measure(emptyHookPid, EMPTY_HOOK_PORT, emptyHookRequest, maxRequests, maxSeconds));
      floors.push(inProcess('floor', requestPath, responsePath));
      pures.push(inProcess('pure', requestPath, responsePath));
    }
    const run = best(server);
    const bareBest = best(bareRounds);
    const floor = Math.max(...floors.map((f) => f.opsPerSecond));
    const pure = Math.max(...pures.map((p) => p.opsPerSecond));
    const serverMicros = least(server.map((s) => s.serverCpuMicrosPerRequest));
    const floorMicros = least(floors.map((f) => f.cpuMicrosPerOp));
    const pureMicros = least(pures.map((p) => p.cpuMicrosPerOp));
    const httpFloorMicros = least(httpFloorRounds.map((b) => b.serverCpuMicrosPerRequest));
    const emptyHookMicros = least(emptyHookRounds.map((b) => b.serverCpuMicrosPerRequest));
    const sorted = [...run.latencies].sort((a, b) => a - b);
    return {
      scenario: name,
      requestBytes: requestBody.length,
      responseBytes: first.body.length,
      children: (response.children ?? []).map((c) => c.kind),
      phase: response.status?.phase,
      requests: run.requests,
      seconds: Number(run.seconds.toFixed(2)),
      syncPerSecond: Math.round(run.perSecond),
      latencyMs: { p50: round3(percentile(sorted, 50)), p99: round3(percentile(sorted, 99)), max: round3(sorted.at(-1)) },
      // What the server itself spent, from /proc: independent of the
      // generator's speed and of what else ran on the machine.
      serverCpuPercent: round1(run.serverCpuPercent),
      serverWaitPercent: round1(run.serverWaitPercent),
      serverSaturated: run.serverCpuPercent >= SATURATED_PERCENT,
      generatorCpuPercent: round1(run.generatorCpuPercent),
      serverCpuMicrosPerRequest: round1(serverMicros),
      serverOneCorePerSecond: Math.round(1e6 / serverMicros),
      floorPerSecond: Math.round(floor),
      floorMicros: round1(floorMicros),
      floorOverSync: Number((floor / run.perSecond).toFixed(2)),
      // The goal ratio in CPU time per request: server ÷ floor.
      floorOverServerCpu: Number((serverMicros / floorMicros).toFixed(2)),
      // The hook function alone (parse + sync + canonical JSON), and what HTTP,
      // logging and metrics add on top of it.
      pureSyncPerSecond: Math.round(pure),
      pureMicros: round1(pureMicros),
      floorOverPure: Number((floor / pure).toFixed(2)),
      pureOverServer: Number((pure / run.perSecond).toFixed(2)),
      // HTTP alone: a bare node:http server answering the same bytes.
      bareServerPerSecond: Math.round(bareBest.perSecond),
      bareServerMicrosPerRequest: round1(1e6 / bareBest.perSecond),
      bareServerCpuPercent: round1(bareBest.serverCpuPercent),
      bareServerWaitPercent: round1(bareBest.serverWaitPercent),
      bareServerCpuMicrosPerRequest: round1(least(bareRounds.map((b) => b.serverCpuMicrosPerRequest))),
      bareGeneratorCpuPercent: round1(bareBest.generatorCpuPercent),
      // The floor's work (parse the request, stringify the response) inside a
      // bare node:http server: the least any JSON-over-HTTP hook can spend.
      httpFloorPerSecond: Math.round(best(httpFloorRounds).perSecond),
      httpFloorCpuPercent: round1(best(httpFloorRounds).serverCpuPercent),
      httpFloorCpuMicrosPerRequest: round1(httpFloorMicros),
      httpFloorOverServerCpu: Number((serverMicros / httpFloorMicros).toFixed(2)),
      // The hook server with a sync that returns the answer ready-made: what
      // every hook pays through this server before computing anything.
      emptyHookPerSecond: Math.round(best(emptyHookRounds).perSecond),
      emptyHookCpuPercent: round1(best(emptyHookRounds).serverCpuPercent),
      emptyHookCpuMicrosPerRequest: round1(emptyHookMicros),
      floorOverEmptyHookCpu: Number((emptyHookMicros / floorMicros).toFixed(2)),
      rounds: server.map((s, i) => ({
        syncPerSecond: Math.round(s.perSecond),
        serverCpuPercent: round1(s.serverCpuPercent),
        serverWaitPercent: round1(s.serverWaitPercent),
        serverCpuMicrosPerRequest: round1(s.serverCpuMicrosPerRequest),
        generatorCpuPercent: round1(s.generatorCpuPercent),
        bareServerPerSecond: Math.round(bareRounds[i]?.perSecond ?? NaN),
        bareServerCpuPercent: round1(bareRounds[i]?.serverCpuPercent ?? NaN),
        bareServerCpuMicrosPerRequest: round1(bareRounds[i]?.serverCpuMicrosPerRequest ?? NaN),
        httpFloorCpuMicrosPerRequest: round1(httpFloorRounds[i]?.serverCpuMicrosPerRequest ?? NaN),
        emptyHookCpuMicrosPerRequest: round1(emptyHookRounds[i]?.serverCpuMicrosPerRequest ?? NaN),
        floorPerSecond: Math.round(floors[i]?.opsPerSecond ?? NaN),
        floorMicros: round1(floors[i]?.cpuMicrosPerOp ?? NaN),
        pureSyncPerSecond: Math.round(pures[i]?.opsPerSecond ?? NaN),
        pureMicros: round1(pures[i]?.cpuMicrosPerOp ?? NaN),
      })),
    };
  } finally {
    if (bare) await stop(bare);
    if (httpFloor) await stop(httpFloor);
    if (emptyHook) await stop(emptyHook);
    rmSync(tmp, { recursive: true, force: true });
  }
}

function printTable(scenarios: Record<string, unknown>[]): void {
  const columns: [string, string][] = [
    ['scenario', 'scenario'],
    ['sync/s', 'syncPerSecond'],
    ['server CPU %', 'serverCpuPercent'],
    ['wait %', 'serverWaitPercent'],
    ['server µs/req', 'serverCpuMicrosPerRequest'],
    ['1-core sync/s', 'serverOneCorePerSecond'],
    ['pure µs', 'pureMicros'],
    ['floor µs', 'floorMicros'],
    ['bare req/s', 'bareServerPerSecond'],
    ['bare µs/req', 'bareServerCpuMicrosPerRequest'],
    ['HTTP floor µs/req', 'httpFloorCpuMicrosPerRequest'],
    ['empty hook µs/req', 'emptyHookCpuMicrosPerRequest'],
    ['empty ÷ floor', 'floorOverEmptyHookCpu'],
    ['floor÷sync', 'floorOverSync'],
    ['by CPU (goal ≤ 3)', 'floorOverServerCpu'],
    ['÷ HTTP floor', 'httpFloorOverServerCpu'],
  ];
  const cell = (s: Record<string, unknown>, key: string) => (key === 'scenario' ? (String(s[key]).split(' ')[0] ?? '') : String(s[key]));
  const widths = columns.map(([title, key]) => Math.max(title.length, ...scenarios.map((s) => cell(s, key).length)));
  console.log(`\n${columns.map(([title], i) => title.padStart(widths[i] as number)).join(' | ')}`);
  for (const s of scenarios) console.log(columns.map(([, key], i) => cell(s, key).padStart(widths[i] as number)).join(' | '));
  console.log(
    '(µs columns are CPU time per request or op, least over the rounds; server figures from /proc; wait % = share of the round the server ' +
      'was runnable but another process had core 0; 1-core sync/s = 1e6 ÷ server µs/req; by CPU = server µs/req ÷ floor µs; ' +
      'HTTP floor = the floor\'s parse + stringify inside a bare node:http server; empty hook = this hook server with a sync that ' +
      'returns the answer ready-made; ÷ HTTP floor = server µs/req ÷ HTTP floor µs/req)',
  );
}

async function main(): Promise<void> {
  const server = startServer();
  try {
    await waitHealthy();
    const serverPid = pidOf(server);
    const createBody = Buffer.from(JSON.stringify(createRequest()));
    const create = await scenario('create (no children yet)', serverPid, createBody);
    const firstAnswer = await requestOnce({ port: PORT, host: HOST, request: buildPost(HOST, PORT, PATH, createBody) });
    const firstResponse = JSON.parse(firstAnswer.body.toString()) as { status: unknown; children: Child[] };
    const steady = await scenario('steady (children exist)', serverPid, Buffer.from(JSON.stringify(steadyRequest(firstResponse))));
    const result = {
      date: new Date().toISOString(),
      node: process.version,
      cpu: os.cpus()[0]?.model ?? 'unknown',
      cores: os.cpus().length,
      loadAverage: os.loadavg().map((n) => Number(n.toFixed(2))),
      logLevel: values['log-level'],
      concurrency,
      rounds,
      goal: 'floorOverServerCpu <= 3 (server CPU per request ÷ floor CPU per op)',
      scenarios: [create, steady],
    };
    console.log(JSON.stringify(result, null, 2));
    printTable(result.scenarios);
    for (const s of result.scenarios) {
      const name = String(s.scenario);
      if (!s.serverSaturated) {
        const busyMachine = Number(s.serverWaitPercent) >= 100 - SATURATED_PERCENT;
        console.log(
          `warning (${name}): the server's core was only ${String(s.serverCpuPercent)} % busy — ` +
            (busyMachine
              ? `other processes held core 0 for ${String(s.serverWaitPercent)} % of the round (the machine was the limit)`
              : `the load generator (${String(s.generatorCpuPercent)} % of its core) was the limit`) +
            `; by its CPU per request the server answers ${String(s.serverOneCorePerSecond)} sync/s on one core`,
        );
      }
      if (Number(s.bareServerCpuPercent) < SATURATED_PERCENT) {
        console.log(
          `warning (${name}): the bare server's core was only ${String(s.bareServerCpuPercent)} % busy (run-queue wait ` +
            `${String(s.bareServerWaitPercent)} %, generator ${String(s.bareGeneratorCpuPercent)} %): its req/s is a lower bound`,
        );
      }
      // The verdict is on CPU time: on this shared machine other processes
      // take wall time from core 0 unevenly between the server's rounds and
      // the floor's, but not CPU time.
      const verdict = Number(s.floorOverServerCpu) > 3 ? 'goal missed' : 'goal met';
      console.log(
        `${verdict} (${name}): a full sync costs ${String(s.floorOverServerCpu)}x the floor in CPU per request ` +
          `(${String(s.floorOverSync)}x in throughput; ${String(s.httpFloorOverServerCpu)}x the same JSON work done in a bare HTTP server)`,
      );
    }
  } finally {
    await stop(server);
  }
}

await main();
