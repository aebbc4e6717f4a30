import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { echoLoop } from './echo-loop.js';

// Facade benchmark, loopback only and bounded in time and connections:
//  1. echo round trips per second through the facade next to a bare `ws`
//     server (answering a done-shaped frame of the same size) measured in the
//     same run (goal: facade ≥ 80 % of bare);
//  2. idle connections held and the server memory each one costs.
// Usage: bash bench/facade/run.sh [--seconds 5] [--clients 32] [--rounds 3] [--idle 2000]

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const SECONDS = Math.min(arg('seconds', 5), 30);
const CLIENTS = Math.min(arg('clients', 32), 256);
const IDLE = Math.min(arg('idle', 2000), 5000);
const ROUNDS = Math.min(arg('rounds', 3), 7);

interface Target {
  proc: ChildProcess;
  port: number;
}

function startTarget(kind: 'bare' | 'facade'): Promise<Target> {
  const proc = fork(fileURLToPath(new URL('./server.ts', import.meta.url)), [kind], {
    execArgv: ['--import', 'tsx', '--expose-gc', ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir=' + process.env.BENCH_CPU_PROF] : [])],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    proc.once('error', reject);
    proc.once('exit', (code) => reject(new Error(`${kind} server exited ${code}`)));
    proc.once('message', (m: { port: number }) => resolve({ proc, port: m.port }));
  });
}

function memory(t: Target): Promise<NodeJS.MemoryUsage> {
  return new Promise((resolve) => {
    t.proc.once('message', (m: { memory: NodeJS.MemoryUsage }) => resolve(m.memory));
    t.proc.send({ memory: true });
  });
}

function cpu(t: Target): Promise<NodeJS.CpuUsage> {
  return new Promise((resolve) => {
    t.proc.once('message', (m: { cpu: NodeJS.CpuUsage }) => resolve(m.cpu));
    t.proc.send({ cpu: true });
  });
}

function stop(t: Target): Promise<void> {
  return new Promise((resolve) => {
    t.proc.removeAllListeners('exit');
    t.proc.once('exit', () => resolve());
    t.proc.kill(process.env.BENCH_CPU_PROF ? 'SIGINT' : 'SIGKILL');
  });
}

/** Resolves on open, or for the facade once its `connected` message has arrived. */
function open(url: string, awaitGreeting = false): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    if (awaitGreeting) ws.once('message', () => resolve(ws));
    else ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

/**
 * Each client sends one message and waits for its reply, in a loop, for `seconds`.
 * Returns round trips per second and the server's CPU time per round trip
 * (user + system, µs): the second figure does not depend on how busy the
 * machine is, the first does.
 */
async function roundTrips(t: Target, url: string, skipFirst: boolean): Promise<{ perSecond: number; cpuMicros: number; userMicros: number; replyBytes: number }> {
  const sockets = await Promise.all(Array.from({ length: CLIENTS }, () => open(url, skipFirst)));
  const cpuBefore = await cpu(t);
  const { count, replyBytes } = await echoLoop(sockets, SECONDS);
  const cpuAfter = await cpu(t);
  sockets.forEach((ws) => ws.terminate());
  const user = cpuAfter.user - cpuBefore.user;
  const system = cpuAfter.system - cpuBefore.system;
  return { perSecond: count / SECONDS, cpuMicros: (user + system) / count, userMicros: user / count, replyBytes };
}

async function idle(t: Target): Promise<{ held: number; bytesPerConnection: number; rssPerConnection: number }> {
  const before = await memory(t);
  const sockets: WebSocket[] = [];
  for (let i = 0; i < IDLE; i += 100) {
    sockets.push(...(await Promise.all(Array.from({ length: Math.min(100, IDLE - i) }, () => open(`ws://127.0.0.1:${t.port}/ws`, true)))));
  }
  await new Promise((r) => setTimeout(r, 500));
  const after = await memory(t);
  const held = sockets.filter((s) => s.readyState === WebSocket.OPEN).length;
  sockets.forEach((s) => s.terminate());
  return {
    held,
    bytesPerConnection: Math.round((after.heapUsed + after.external - before.heapUsed - before.external) / held),
    rssPerConnection: Math.round((after.rss - before.rss) / held),
  };
}

// Bare and facade alternate within each round, so a change in machine load
// hits both; each round gives one paired ratio and the median is reported.
// CPU figures are µs per round trip, total (user + system) and user alone (the
// system part is mostly the socket syscalls, which both targets make alike).
const rounds: { bare: number; facade: number; ratio: number; bareCpuMicros: number; facadeCpuMicros: number; bareUserMicros: number; facadeUserMicros: number }[] = [];
const replyBytes: Record<string, number> = {};
for (let round = 0; round < ROUNDS; round++) {
  const r: Record<string, { perSecond: number; cpuMicros: number; userMicros: number; replyBytes: number }> = {};
  for (const kind of ['bare', 'facade'] as const) {
    const t = await startTarget(kind);
    const url = kind === 'bare' ? `ws://127.0.0.1:${t.port}` : `ws://127.0.0.1:${t.port}/ws`;
    await roundTrips(t, url, kind === 'facade'); // warm-up, discarded
    r[kind] = await roundTrips(t, url, kind === 'facade');
    replyBytes[kind] = r[kind].replyBytes;
    await stop(t);
  }
  const bare = r.bare as { perSecond: number; cpuMicros: number; userMicros: number };
  const facade = r.facade as { perSecond: number; cpuMicros: number; userMicros: number };
  rounds.push({
    bare: Math.round(bare.perSecond),
    facade: Math.round(facade.perSecond),
    ratio: Number((facade.perSecond / bare.perSecond).toFixed(3)),
    bareCpuMicros: Number(bare.cpuMicros.toFixed(1)),
    facadeCpuMicros: Number(facade.cpuMicros.toFixed(1)),
    bareUserMicros: Number(bare.userMicros.toFixed(1)),
    facadeUserMicros: Number(facade.userMicros.toFixed(1)),
  });
}
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? (s[(s.length - 1) / 2] as number) : ((s[s.length / 2 - 1] as number) + (s[s.length / 2] as number)) / 2;
};
const facadeIdle = await startTarget('facade');
const idleResult = await idle(facadeIdle);
await stop(facadeIdle);

const ratio = median(rounds.map((r) => r.ratio));
console.log(
  JSON.stringify(
    {
      node: process.version,
      cpus: (await import('node:os')).cpus().length,
      loadAverageAtEnd: (await import('node:os')).loadavg().map((l) => Number(l.toFixed(2))),
      seconds: SECONDS,
      clients: CLIENTS,
      rounds,
      medianFacadeVsBare: ratio,
      goalMet: ratio >= 0.8,
      replyBytes,
      serverCpuMicrosPerRoundTrip: { bare: median(rounds.map((r) => r.bareCpuMicros)), facade: median(rounds.map((r) => r.facadeCpuMicros)) },
      serverUserCpuMicrosPerRoundTrip: { bare: median(rounds.map((r) => r.bareUserMicros)), facade: median(rounds.map((r) => r.facadeUserMicros)) },
      idle: idleResult,
    },
    null,
    2,
  ),
);
process.exit(0);
