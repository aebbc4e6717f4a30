import { loadavg } from 'node:os';
import { orderOf, summary } from '../ab/stats.js';
import { cpu, cpuSince, openGreeted, startTarget, stop, type Target } from './targets.js';

// Connection setup rate: the real facade (auth off, and auth on with an API
// key) against a bare `ws` server, all three running at once. A round opens
// `--conns` connections, `--concurrency` at a time; a connection counts once
// its first frame (the facade's `connected`, the bare server's greeting of the
// same size) has arrived, then the client closes it (terminate). Figures per
// target: connections/s and server CPU µs per connection (setup + teardown).
// The targets' order rotates every round; ratios are per round, facade ÷ bare.
//   node --import tsx bench/facade/setup.ts [--rounds 6] [--conns 3000] [--concurrency 50]

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const ROUNDS = Math.max(5, Math.min(arg('rounds', 6), 15));
const CONNS = Math.min(arg('conns', 3000), 20_000);
const CONCURRENCY = Math.min(arg('concurrency', 50), 500);

async function round(t: Target): Promise<{ perSecond: number; cpuMicros: number }> {
  const before = await cpu(t);
  const started = process.hrtime.bigint();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < CONNS) {
        next++;
        (await openGreeted(t)).terminate();
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  // Let the server see the last closes before reading its CPU.
  await new Promise((r) => setImmediate(r));
  return { perSecond: CONNS / seconds, cpuMicros: (await cpuSince(t, before)) / CONNS };
}

const kinds = ['bare', 'facade', 'facade-key'] as const;
const targets = await Promise.all(kinds.map((k) => startTarget(k)));
const byKind = Object.fromEntries(targets.map((t) => [t.kind, t])) as Record<(typeof kinds)[number], Target>;
const load = [loadavg()[0] as number];
try {
  for (const t of targets) await round(t); // warm-up
  const rate: Record<string, number[]> = { bare: [], facade: [], 'facade-key': [] };
  const cpuPer: Record<string, number[]> = { bare: [], facade: [], 'facade-key': [] };
  for (let r = 0; r < ROUNDS; r++) {
    // bare first, then last, alternately (orderOf: A = bare, B = the facades).
    const order = orderOf(r)[0] === 'A' ? kinds : ([...kinds].reverse() as unknown as typeof kinds);
    for (const k of order) {
      const res = await round(byKind[k]);
      (rate[k] as number[]).push(res.perSecond);
      (cpuPer[k] as number[]).push(res.cpuMicros);
    }
    load.push(loadavg()[0] as number);
  }
  const ratio = (xs: number[], base: number[]) => summary(xs.map((x, i) => x / (base[i] as number)));
  console.log(
    JSON.stringify(
      {
        benchmark: 'facade connection setup',
        node: process.version,
        rounds: ROUNDS,
        connectionsPerRound: CONNS,
        concurrency: CONCURRENCY,
        connectionsPerSecond: Object.fromEntries(kinds.map((k) => [k, summary(rate[k] as number[])])),
        serverCpuMicrosPerConnection: Object.fromEntries(kinds.map((k) => [k, summary(cpuPer[k] as number[])])),
        rateVsBare: { facade: ratio(rate.facade as number[], rate.bare as number[]), 'facade-key': ratio(rate['facade-key'] as number[], rate.bare as number[]) },
        cpuVsBare: { facade: ratio(cpuPer.facade as number[], cpuPer.bare as number[]), 'facade-key': ratio(cpuPer['facade-key'] as number[], cpuPer.bare as number[]) },
        loadAverage1m: summary(load),
      },
      null,
      2,
    ),
  );
} finally {
  await Promise.all(targets.map(stop));
}
process.exit(0);
