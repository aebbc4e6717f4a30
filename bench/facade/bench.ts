import { loadavg } from 'node:os';
import WebSocket from 'ws';
import { orderOf, summary } from '../ab/stats.js';
import { echoLoop } from './echo-loop.js';
import { cpu, memory, openGreeted, startTarget, stop, type Target } from './targets.js';

// Facade benchmark, loopback only and bounded in time and connections:
//  1. echo round trips through the facade next to a bare `ws` server
//     (answering a done-shaped frame of the same size) in the same run: the
//     server's CPU per round trip (goal: facade ≤ 1.2 × bare) and round trips
//     per second; rounds alternate which target goes first;
//  2. idle connections held and the server memory each one costs.
// Usage: bash bench/facade/run.sh [--seconds 5] [--clients 50] [--rounds 5] [--idle 2000]

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const SECONDS = Math.min(arg('seconds', 5), 30);
const CLIENTS = Math.min(arg('clients', 50), 256);
const IDLE = Math.min(arg('idle', 2000), 5000);
const ROUNDS = Math.max(5, Math.min(arg('rounds', 5), 11));

/**
 * Each client sends one message and waits for its reply, in a loop, for `seconds`.
 * Returns round trips per second and the server's CPU time per round trip
 * (user + system, µs): the second figure depends much less on how busy the
 * machine is than the first.
 */
async function roundTrips(t: Target): Promise<{ perSecond: number; cpuMicros: number; userMicros: number; replyBytes: number }> {
  const sockets = await Promise.all(Array.from({ length: CLIENTS }, () => openGreeted(t)));
  const before = await cpu(t);
  const { count, replyBytes } = await echoLoop(sockets, SECONDS);
  const after = await cpu(t);
  sockets.forEach((ws) => ws.terminate());
  const user = after.user - before.user;
  const system = after.system - before.system;
  return { perSecond: count / SECONDS, cpuMicros: (user + system) / count, userMicros: user / count, replyBytes };
}

async function idle(t: Target): Promise<{ held: number; bytesPerConnection: number; rssPerConnection: number }> {
  const before = await memory(t);
  const sockets: WebSocket[] = [];
  for (let i = 0; i < IDLE; i += 100) sockets.push(...(await Promise.all(Array.from({ length: Math.min(100, IDLE - i) }, () => openGreeted(t)))));
  const after = await memory(t);
  const held = sockets.filter((s) => s.readyState === WebSocket.OPEN).length;
  sockets.forEach((s) => s.terminate());
  return {
    held,
    bytesPerConnection: Math.round((after.heapUsed + after.external - before.heapUsed - before.external) / held),
    rssPerConnection: Math.round((after.rss - before.rss) / held),
  };
}

// Both targets run for the whole benchmark; round r measures bare then facade
// when r is even, facade then bare when odd, so a drift in load hits both.
const targets = { A: await startTarget('bare'), B: await startTarget('facade') };
const runs = { A: [] as Awaited<ReturnType<typeof roundTrips>>[], B: [] as Awaited<ReturnType<typeof roundTrips>>[] };
const load = [loadavg()[0] as number];
try {
  for (const side of ['A', 'B'] as const) await roundTrips(targets[side]); // warm-up, discarded
  for (let round = 0; round < ROUNDS; round++) {
    for (const side of orderOf(round)) runs[side].push(await roundTrips(targets[side]));
    load.push(loadavg()[0] as number);
  }
} finally {
  await Promise.all(Object.values(targets).map(stop));
}
const facadeIdle = await startTarget('facade');
const idleResult = await idle(facadeIdle);
await stop(facadeIdle);

const per = (f: (r: (typeof runs.A)[number]) => number) => ({ bare: summary(runs.A.map(f)), facade: summary(runs.B.map(f)) });
const ratio = (f: (r: (typeof runs.A)[number]) => number) => summary(runs.B.map((b, i) => f(b) / f(runs.A[i] as typeof b)));
console.log(
  JSON.stringify(
    {
      benchmark: 'facade echo round trip',
      node: process.version,
      seconds: SECONDS,
      clients: CLIENTS,
      rounds: ROUNDS,
      serverCpuMicrosPerRoundTrip: per((r) => r.cpuMicros),
      serverUserCpuMicrosPerRoundTrip: per((r) => r.userMicros),
      cpuFacadeVsBare: ratio((r) => r.cpuMicros),
      roundTripsPerSecond: per((r) => r.perSecond),
      throughputFacadeVsBare: ratio((r) => r.perSecond),
      replyBytes: { bare: runs.A[0]?.replyBytes, facade: runs.B[0]?.replyBytes },
      idle: idleResult,
      loadAverage1m: summary(load),
    },
    null,
    2,
  ),
);
process.exit(0);
