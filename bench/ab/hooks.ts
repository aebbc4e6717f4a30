// A/B of the hook server's hot path: `POST /hooks/agentruntime/sync` with the
// spec/000 complete example (bench/hooks/scenarios.ts), first sync (create) and
// steady state, against two builds: A = $A/dist, B = $B/dist. Both servers run
// at once, each pinned to core 0; rounds alternate their order. The figure is
// the server's CPU µs per request from /proc, the throughput is reported too.
//   A=<tree> B=<tree> node --import tsx bench/ab/hooks.ts [ROUNDS] [SECONDS]   (bench/ab/compare.sh does it all)
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { buildPost, load, requestOnce } from '../hooks/http-client.js';
import { cpuSeconds } from '../hooks/proc-cpu.js';
import { createRequest, steadyRequest, type Child } from '../hooks/scenarios.js';
import { orderOf, report } from './stats.js';

const HOST = '127.0.0.1';
const PATH = '/hooks/agentruntime/sync';
const ROUNDS = Math.max(5, Number(process.argv[2] ?? 6));
const SECONDS = Number(process.argv[3] ?? 4);
const trees = { A: process.env.A, B: process.env.B };

async function start(tree: string, port: number): Promise<ChildProcess> {
  const child = spawn('taskset', ['-c', '0', process.execPath, join(tree, 'dist/hooks/main.js')], {
    env: { ...process.env, PORT: String(port), HOOKS_HOST: HOST, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let i = 0; i < 150; i++) {
    if (await fetch(`http://${HOST}:${port}/healthz`).then((r) => r.ok, () => false)) return child;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`hook server of ${tree} did not become healthy`);
}

const ports = { A: 18610, B: 18620 } as const;
const servers = {} as Record<'A' | 'B', ChildProcess>;
for (const side of ['A', 'B'] as const) {
  if (!trees[side]) throw new Error(`set ${side}=<tree with a built dist/>`);
  servers[side] = await start(trees[side], ports[side]);
}
try {
  const createBody = Buffer.from(JSON.stringify(createRequest()));
  const first = await requestOnce({ port: ports.B, host: HOST, request: buildPost(HOST, ports.B, PATH, createBody) });
  const steadyBody = Buffer.from(JSON.stringify(steadyRequest(JSON.parse(first.body.toString()) as { status: unknown; children: Child[] })));
  for (const [scenario, body] of [['create', createBody], ['steady', steadyBody]] as const) {
    const cpu = { A: [] as number[], B: [] as number[] };
    const rps = { A: [] as number[], B: [] as number[] };
    for (const side of ['A', 'B'] as const) {
      const request = buildPost(HOST, ports[side], PATH, body);
      const answer = await requestOnce({ port: ports[side], host: HOST, request });
      if (answer.status !== 200) throw new Error(`${side} answered ${answer.status}`);
      await load({ port: ports[side], host: HOST, request, concurrency: 5, maxRequests: 2000, maxSeconds: 10 }); // warm-up
    }
    for (let round = 0; round < ROUNDS; round++) {
      for (const side of orderOf(round)) {
        const pid = servers[side].pid as number;
        const before = cpuSeconds(pid);
        const run = await load({ port: ports[side], host: HOST, request: buildPost(HOST, ports[side], PATH, body), concurrency: 5, maxRequests: 50_000, maxSeconds: SECONDS });
        cpu[side].push(((cpuSeconds(pid) - before) * 1e6) / run.done);
        rps[side].push(run.done / run.elapsed);
      }
    }
    report(`hooks sync ${scenario}`, cpu.A, cpu.B, 'server CPU µs per request', {
      requestsPerSecond: { A: rps.A.map(Math.round), B: rps.B.map(Math.round) },
      concurrency: 5,
    });
  }
} finally {
  for (const s of Object.values(servers)) {
    s.kill('SIGTERM');
    await once(s, 'exit');
  }
}
