// A/B of the facade's WebSocket path: echo round trips through two facades,
// A = $A/bench/facade/server.ts and B = $B/bench/facade/server.ts (each the
// real facade of its tree, echo handler, memory store), both running at once,
// pinned to core 0, 32 clients each keeping one message in flight. Rounds
// alternate their order; the figure is the facade's CPU µs per round trip
// (process.cpuUsage over IPC), the round trips per second are reported too.
//   A=<tree> B=<tree> node --import tsx bench/ab/facade.ts [ROUNDS] [SECONDS]   (bench/ab/compare.sh does it all)
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import WebSocket from 'ws';
import { echoLoop } from '../facade/echo-loop.js';
import { cpu, startTarget, type Target } from '../facade/targets.js';
import { orderOf, report } from './stats.js';

const ROUNDS = Math.max(5, Number(process.argv[2] ?? 6));
const SECONDS = Number(process.argv[3] ?? 4);
const CLIENTS = 32;

async function start(tree: string): Promise<Target> {
  const t = await startTarget('facade', join(tree, 'bench/facade/server.ts'));
  execFileSync('taskset', ['-p', '-c', '0', String(t.proc.pid)], { stdio: 'ignore' });
  return t;
}

async function cpuMicros(t: Target): Promise<number> {
  const used = await cpu(t);
  return used.user + used.system;
}

/** Resolves once the facade's `connected` message has arrived. */
function open(port: number): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`, { perMessageDeflate: false });
    ws.once('message', () => resolve(ws));
    ws.once('error', reject);
  });
}

async function roundTrips(t: Target, seconds: number): Promise<{ perSecond: number; cpuMicros: number }> {
  const sockets = await Promise.all(Array.from({ length: CLIENTS }, () => open(t.port)));
  const before = await cpuMicros(t);
  const { count } = await echoLoop(sockets, seconds);
  const after = await cpuMicros(t);
  sockets.forEach((ws) => ws.terminate());
  return { perSecond: count / seconds, cpuMicros: (after - before) / count };
}

const targets = {} as Record<'A' | 'B', Target>;
for (const side of ['A', 'B'] as const) {
  const tree = process.env[side];
  if (!tree) throw new Error(`set ${side}=<tree>`);
  targets[side] = await start(tree);
}
try {
  for (const side of ['A', 'B'] as const) await roundTrips(targets[side], 1); // warm-up
  const cpu = { A: [] as number[], B: [] as number[] };
  const rps = { A: [] as number[], B: [] as number[] };
  for (let round = 0; round < ROUNDS; round++) {
    for (const side of orderOf(round)) {
      const r = await roundTrips(targets[side], SECONDS);
      cpu[side].push(r.cpuMicros);
      rps[side].push(r.perSecond);
    }
  }
  report('facade echo round trip', cpu.A, cpu.B, 'facade CPU µs per round trip', {
    roundTripsPerSecond: { A: rps.A.map(Math.round), B: rps.B.map(Math.round) },
    clients: CLIENTS,
  });
} finally {
  for (const t of Object.values(targets)) {
    t.proc.removeAllListeners('exit');
    t.proc.kill('SIGKILL');
  }
}
