import { fork, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { ENV } from '../../src/contract/pod-env.js';

// Idle connections on one facade process, run as the pod runs it
// (dist/facade/main.js, env named by the pod contract, echo handler, memory
// store, the default 30 s ping interval): `--conns` WebSocket connections from
// `--clients` client processes, each from its own source addresses 127.0.0.x;
// held `--hold` seconds with /healthz polled every second; then a message on
// 200 random connections, every reply awaited. Inside the facade a bench-only
// preload (probe.ts) samples the event-loop delay for the whole hold and
// forces a GC for the memory figures; an idle Node process with the same
// probe runs beside it as the baseline for the delay (what the machine's
// scheduling alone costs). The facade process can hold at most its open-file
// limit: above it the count is capped, and the output says so.
//   bash bench/facade/idle.sh [--conns 50000] [--clients 5] [--hold 60] [--bare]
// --bare runs the same against the bare `ws` target of server.ts (the baseline
// for memory per connection).

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const WANTED = Math.min(arg('conns', 50_000), 100_000);
const CLIENTS = Math.max(1, Math.min(arg('clients', 5), 16));
const HOLD_S = Math.min(arg('hold', 60), 600);
const SAY = 200;
/** `facade` (default) or `bare`: the bare `ws` target of server.ts, the baseline for memory per connection. */
const TARGET = process.argv.includes('--bare') ? 'bare' : 'facade';
/** Descriptors the facade needs besides its connections (listeners, pipes, the store, node itself). */
const FD_RESERVE = 200;

function openFileLimit(): { soft: number; hard: number } {
  const line = readFileSync('/proc/self/limits', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('Max open files')) as string;
  const [soft, hard] = line.replace('Max open files', '').trim().split(/\s+/).map(Number) as [number, number];
  return { soft, hard };
}

/** A Node process with the probe preloaded; answers come back as `probe {...}` lines on stderr. */
class Probed {
  readonly proc: ChildProcess;
  private waiting: ((v: Record<string, unknown>) => void)[] = [];
  readonly stdoutLines: string[] = [];

  constructor(args: string[], env: NodeJS.ProcessEnv) {
    this.proc = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', '--import', './bench/facade/probe.ts', ...args], {
      cwd: ROOT,
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    createInterface({ input: this.proc.stderr! }).on('line', (l) => {
      if (l.startsWith('probe ')) this.waiting.shift()?.(JSON.parse(l.slice(6)) as Record<string, unknown>);
      else process.stderr.write(`[${args[0]}] ${l}\n`);
    });
    createInterface({ input: this.proc.stdout! }).on('line', (l) => this.stdoutLines.push(l));
  }

  ask(command: 'reset' | 'delay' | 'gc'): Promise<Record<string, unknown>> {
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.proc.stdin!.write(`${command}\n`);
    });
  }

  rss(): number {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${this.proc.pid}/status`, 'utf8'));
    return Number(m?.[1]) * 1024;
  }
}

async function poll<T>(what: string, fn: () => T | undefined, timeoutMs: number): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const limit = openFileLimit();
const conns = Math.min(WANTED, limit.soft - FD_RESERVE);
const capped = conns < WANTED ? `capped at ${conns}: the facade process may open ${limit.soft} files (hard limit ${limit.hard}, and raising it needs CAP_SYS_RESOURCE)` : undefined;

const facadeEnv: NodeJS.ProcessEnv = {
  PATH: process.env.PATH,
  [ENV.agentName.name]: 'bench',
  [ENV.namespace.name]: 'bench',
  [ENV.facadePort.name]: '0',
  [ENV.healthPort.name]: '0',
  [ENV.bindAddress.name]: '127.0.0.1',
  [ENV.handlerMode.name]: 'echo',
  [ENV.sessionType.name]: 'memory',
  [ENV.allowUnauthenticated.name]: 'true',
  [ENV.maxConnections.name]: String(conns + 1000),
};
const facade = new Probed(TARGET === 'bare' ? ['bench/facade/server.ts', 'bare'] : ['dist/facade/main.js'], facadeEnv);
const control = new Probed(['-e', 'setInterval(() => {}, 1 << 30)'], { PATH: process.env.PATH });
const clients: ChildProcess[] = [];
try {
  const listening = await poll(
    'the facade to listen',
    () => facade.stdoutLines.map((l) => JSON.parse(l) as { msg?: string; port?: number; healthPort?: number }).find((l) => l.msg === 'facade listening'),
    60_000,
  );
  const url = TARGET === 'bare' ? `ws://127.0.0.1:${listening.port}` : `ws://127.0.0.1:${listening.port}/ws`;
  // The bare target has no health port: its hold only waits.
  const health = listening.healthPort ? `http://127.0.0.1:${listening.healthPort}/healthz` : undefined;
  const before = { gc: (await facade.ask('gc')).memory as NodeJS.MemoryUsage, rss: facade.rss() };

  // Clients: process k opens its share from 127.0.0.(2 + 4k) … (5 + 4k).
  for (let k = 0; k < CLIENTS; k++) {
    const c = fork(fileURLToPath(new URL('./idle-client.ts', import.meta.url)), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    await new Promise((r) => c.once('message', r));
    clients.push(c);
  }
  const ask = <T>(c: ChildProcess, msg: object, key: string) =>
    new Promise<T>((resolve) => {
      const on = (m: Record<string, unknown>) => {
        if (!(key in m)) return;
        c.off('message', on);
        resolve(m[key] as T);
      };
      c.on('message', on);
      c.send(msg);
    });
  const share = (k: number) => Math.floor(conns / CLIENTS) + (k < conns % CLIENTS ? 1 : 0);
  const connectStarted = Date.now();
  await Promise.all([facade.ask('reset'), control.ask('reset')]);
  const opened = await Promise.all(
    clients.map((c, k) =>
      ask<{ opened: number; failed: number }>(c, { open: { url, count: share(k), concurrency: 50, addresses: [0, 1, 2, 3].map((a) => `127.0.0.${2 + 4 * k + a}`) } }, 'opened'),
    ),
  );
  const connectSeconds = (Date.now() - connectStarted) / 1000;
  const connectDelay = { facade: (await facade.ask('delay')).delay, control: (await control.ask('delay')).delay };

  // The hold: the event-loop delay over all of it, /healthz every second.
  await Promise.all([facade.ask('reset'), control.ask('reset')]);
  const probes = { ok: 0, failed: 0, maxMs: 0 };
  const holdEnd = Date.now() + HOLD_S * 1000;
  while (Date.now() < holdEnd) {
    const t0 = Date.now();
    const ok = health ? await fetch(health, { signal: AbortSignal.timeout(5_000) }).then((r) => r.ok, () => false) : true;
    probes.maxMs = Math.max(probes.maxMs, Date.now() - t0);
    if (ok) probes.ok++;
    else probes.failed++;
    await new Promise((r) => setTimeout(r, Math.max(0, 1000 - (Date.now() - t0))));
  }
  const holdDelay = { facade: (await facade.ask('delay')).delay, control: (await control.ask('delay')).delay };
  const held = await Promise.all(clients.map((c) => ask<{ open: number; dropped: number }>(c, { report: true }, 'report')));
  const after = { gc: (await facade.ask('gc')).memory as NodeJS.MemoryUsage, rss: facade.rss() };
  const open = held.reduce((n, h) => n + h.open, 0);

  // A message on SAY random connections, spread over the client processes.
  const picks = clients.map(() => [] as number[]);
  const chosen = new Set<string>();
  while (chosen.size < Math.min(SAY, open)) {
    const k = Math.floor(Math.random() * CLIENTS);
    const i = Math.floor(Math.random() * (held[k]?.open ?? 0));
    if (!chosen.has(`${k}:${i}`)) {
      chosen.add(`${k}:${i}`);
      picks[k]?.push(i);
    }
  }
  const said = await Promise.all(clients.map((c, k) => ask<{ answered: number; failed: number }>(c, { say: picks[k] }, 'said')));

  const per = (a: number, b: number) => Math.round((a - b) / open);
  console.log(
    JSON.stringify(
      {
        benchmark: 'facade idle connections',
        target: TARGET,
        node: process.version,
        wanted: WANTED,
        ...(capped ? { capped } : {}),
        clients: CLIENTS,
        opened: opened.reduce((n, o) => n + o.opened, 0),
        failedToOpen: opened.reduce((n, o) => n + o.failed, 0),
        connectSeconds,
        connectDelayMs: connectDelay,
        holdSeconds: HOLD_S,
        heldOpenAtEnd: open,
        droppedDuringHold: held.reduce((n, h) => n + h.dropped, 0),
        holdDelayMs: holdDelay,
        healthz: probes,
        bytesPerConnectionAfterGc: { rss: per(after.rss, before.rss), heapUsed: per(after.gc.heapUsed, before.gc.heapUsed), external: per(after.gc.external, before.gc.external) },
        facadeRssAfterGcMiB: Number((after.rss / 2 ** 20).toFixed(1)),
        messages: { sent: chosen.size, answered: said.reduce((n, s) => n + s.answered, 0) },
        loadAverage: loadavg().map((l) => Number(l.toFixed(2))),
      },
      null,
      2,
    ),
  );
} finally {
  for (const c of clients) c.kill('SIGKILL');
  facade.proc.kill('SIGKILL');
  control.proc.kill('SIGKILL');
}
process.exit(0);
