import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { functionName } from './handlers.js';
import { keepLoaded, type Result } from './load.js';

// Invocations per second through POST /functions/<name>: the facade's function
// handler against a bare express + ajv endpoint doing the same validation, in
// the same run, on loopback. Bounded: fixed duration per measurement, fixed
// concurrency, rounds alternate between the two servers so machine noise hits
// both. Usage: npx tsx bench/function/in-process.ts [--seconds 3] [--rounds 3] [--concurrency 32]

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const SECONDS = arg('seconds', 3);
const ROUNDS = arg('rounds', 3);
const CONCURRENCY = arg('concurrency', 32);
const WARMUP_SECONDS = 1;
const BODY = JSON.stringify({ text: 'The quick brown fox jumps over the lazy dog.' });

interface Started {
  port: number;
  proc: ChildProcess;
}

function startServer(impl: 'function' | 'express', kind: 'echo' | 'mock'): Promise<Started> {
  const proc = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'server.ts'), impl, kind], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, NODE_ENV: 'production' },
  });
  return new Promise((resolve, reject) => {
    let out = '';
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /^(\d+)\n/.exec(out);
      if (m) resolve({ port: Number(m[1]), proc });
    });
    proc.once('exit', (code) => reject(new Error(`${impl}/${kind} server exited with ${code}`)));
  });
}

function stopServer(s: Started): Promise<void> {
  return new Promise((resolve) => {
    if (s.proc.exitCode !== null) return resolve();
    s.proc.once('exit', () => resolve());
    s.proc.kill('SIGTERM');
  });
}

/** Keeps CONCURRENCY requests in flight for `seconds`; counts 200 answers. */
const load = (port: number, seconds: number): Promise<Result> => keepLoaded({ port, path: `/functions/${functionName}`, body: BODY, seconds, concurrency: CONCURRENCY });

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
};

async function measure(kind: 'echo' | 'mock'): Promise<Record<'function' | 'express', Result[]>> {
  const results: Record<'function' | 'express', Result[]> = { function: [], express: [] };
  const servers = { function: await startServer('function', kind), express: await startServer('express', kind) };
  try {
    for (const impl of ['function', 'express'] as const) await load(servers[impl].port, WARMUP_SECONDS);
    for (let round = 0; round < ROUNDS; round++) {
      // Alternate the order so neither side always runs first.
      const order = round % 2 === 0 ? (['function', 'express'] as const) : (['express', 'function'] as const);
      for (const impl of order) results[impl].push(await load(servers[impl].port, SECONDS));
    }
  } finally {
    await stopServer(servers.function);
    await stopServer(servers.express);
  }
  return results;
}

const lines = [
  `| handler | server | invocations/s (median of ${ROUNDS}) | p50 ms | p99 ms | non-200 | ratio |`,
  '|---|---|---|---|---|---|---|',
];
for (const kind of ['echo', 'mock'] as const) {
  const r = await measure(kind);
  const fn = median(r.function.map((x) => x.rps));
  const ex = median(r.express.map((x) => x.rps));
  for (const impl of ['function', 'express'] as const) {
    const rs = r[impl];
    lines.push(
      `| ${kind} | ${impl === 'function' ? 'facade function handler' : 'bare express + ajv'} | ${Math.round(median(rs.map((x) => x.rps)))} (${rs.map((x) => Math.round(x.rps)).join(', ')}) | ${median(rs.map((x) => x.p50)).toFixed(2)} | ${median(rs.map((x) => x.p99)).toFixed(2)} | ${rs.reduce((n, x) => n + x.errors, 0)} | ${impl === 'function' ? `${Math.round((fn / ex) * 100)} %` : ''} |`,
    );
  }
}
console.log(`node ${process.version}, ${SECONDS}s × ${ROUNDS} rounds per server, concurrency ${CONCURRENCY}, loopback\n`);
console.log(lines.join('\n'));
