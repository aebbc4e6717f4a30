import { execFileSync, fork } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { echoLoop } from './echo-loop.js';
import { memory, openGreeted, type Target, type TargetKind } from './targets.js';

// Instructions (valgrind --tool=callgrind, user space, V8's interpreter only) the
// targets of bench/facade/server.ts spend per connection set up and per echo
// round trip: a figure the load of a shared machine does not move, unlike CPU
// time. Each target runs under callgrind with instrumentation off until it has
// started and been warmed up; then for each figure the counters are zeroed,
// the work is done, and a dump gives the instructions spent on it
// (callgrind_control -z / -d). Why no JIT: which functions get optimised, and
// when, varies from run to run and dominates the count (bench/ab/callgrind.sh).
// Not --jitless as there: it also removes WebAssembly, and undici (fetch, which
// the facade's modules touch) then crashes the process; turning the three
// compilers off leaves every function in the interpreter all the same.
//   node --import tsx bench/facade/instructions.ts [--conns 300] [--trips 5000]

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const CONNS = Math.min(arg('conns', 300), 5000);
const TRIPS = Math.min(arg('trips', 5000), 100_000);
const ECHO_CLIENTS = 50;
const INTERPRETER_ONLY = ['--no-opt', '--no-maglev', '--no-sparkplug'];

const control = (pid: number, ...flags: string[]) => execFileSync('callgrind_control', [...flags, String(pid)], { stdio: 'ignore' });

function startUnderCallgrind(kind: TargetKind, dir: string): Promise<Target> {
  const proc = fork(fileURLToPath(new URL('./server.ts', import.meta.url)), [kind], {
    execPath: 'valgrind',
    execArgv: ['--tool=callgrind', '--instr-atstart=no', `--callgrind-out-file=${join(dir, `${kind}.out`)}`, process.execPath, '--expose-gc', ...INTERPRETER_ONLY, '--import', 'tsx'],
    stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    proc.once('error', reject);
    proc.once('exit', (code) => reject(new Error(`${kind} under callgrind exited ${code}`)));
    proc.once('message', (m: { port: number }) =>
      resolve({ kind, proc, port: m.port, url: kind === 'bare' ? `ws://127.0.0.1:${m.port}` : `ws://127.0.0.1:${m.port}/ws` }),
    );
  });
}

/** Opens `n` connections, ten at a time, each closed (handshake completed) once greeted. */
async function setups(t: Target, n: number): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: 10 }, async () => {
      while (next < n) {
        next++;
        const ws = await openGreeted(t);
        const closed = new Promise((r) => ws.once('close', r));
        ws.close();
        await closed;
      }
    }),
  );
}

async function echo(t: Target, trips: number): Promise<number> {
  const sockets = await Promise.all(Array.from({ length: ECHO_CLIENTS }, () => openGreeted(t)));
  const { count } = await echoLoop(sockets, Infinity, Math.ceil(trips / ECHO_CLIENTS));
  await Promise.all(sockets.map((ws) => new Promise((r) => (ws.once('close', r), ws.close()))));
  return count;
}

/** Instructions spent on `work`: counters zeroed before, dumped after. */
async function measure(t: Target, dir: string, work: () => Promise<unknown>): Promise<number> {
  const pid = t.proc.pid as number;
  // Start from a collected heap, so garbage of earlier phases is not paid for in this one.
  await memory(t);
  control(pid, '-z');
  await work();
  const dumps = (n: number) => join(dir, `${t.kind}.out.${n}`);
  let n = 1;
  while (existsSync(dumps(n))) n++;
  control(pid, '-d');
  for (let i = 0; i < 600 && !/^totals: \d+/m.test(existsSync(dumps(n)) ? readFileSync(dumps(n), 'utf8') : ''); i++) await new Promise((r) => setTimeout(r, 100));
  const m = /^totals: (\d+)/m.exec(readFileSync(dumps(n), 'utf8'));
  if (!m) throw new Error(`no callgrind dump for ${t.kind}`);
  return Number(m[1]);
}

const kinds = (process.env.KINDS?.split(',') ?? ['bare', 'facade', 'facade-key']) as TargetKind[];
const dir = mkdtempSync(join(tmpdir(), 'facade-callgrind-'));
const results: Record<string, { instructionsPerConnection: number; instructionsPerRoundTrip?: number }> = {};
try {
  for (const kind of kinds) {
    const t = await startUnderCallgrind(kind, dir);
    try {
      control(t.proc.pid as number, '-i', 'on');
      await setups(t, 30); // warm-up
      const perConn = (await measure(t, dir, () => setups(t, CONNS))) / CONNS;
      results[kind] = { instructionsPerConnection: Math.round(perConn) };
      if (kind !== 'facade-key') {
        await echo(t, 500); // warm-up
        let trips = 0;
        const total = await measure(t, dir, async () => (trips = await echo(t, TRIPS)));
        // The echo window includes opening and closing its 50 connections: take them out.
        results[kind].instructionsPerRoundTrip = Math.round((total - perConn * ECHO_CLIENTS) / trips);
      }
    } finally {
      t.proc.removeAllListeners('exit');
      t.proc.kill('SIGKILL');
    }
  }
  const bare = results.bare;
  console.log(
    JSON.stringify(
      {
        benchmark: 'facade instructions (callgrind, V8 interpreter only)',
        node: process.version,
        connections: CONNS,
        roundTrips: TRIPS,
        results,
        ratios: bare
          ? {
              setup: Object.fromEntries(kinds.filter((k) => k !== 'bare').map((k) => [k, Number(((results[k]?.instructionsPerConnection ?? NaN) / bare.instructionsPerConnection).toFixed(3))])),
              echo: Number(((results.facade?.instructionsPerRoundTrip ?? NaN) / (bare.instructionsPerRoundTrip ?? NaN)).toFixed(3)),
            }
          : undefined,
        loadAverage: loadavg().map((l) => Number(l.toFixed(2))),
      },
      null,
      2,
    ),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
process.exit(0);
