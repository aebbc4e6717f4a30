import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { API_KEY } from './payload.js';

// The benchmark targets of bench/facade/server.ts as child processes over IPC,
// shared by the echo, setup and A/B benchmarks.

export type TargetKind = 'bare' | 'facade' | 'facade-key';

export interface Target {
  kind: TargetKind;
  proc: ChildProcess;
  port: number;
  /** The WebSocket URL clients open. */
  url: string;
}

export function startTarget(kind: TargetKind, serverScript = fileURLToPath(new URL('./server.ts', import.meta.url))): Promise<Target> {
  const proc = fork(serverScript, [kind], {
    execArgv: ['--import', 'tsx', '--expose-gc', ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir=' + process.env.BENCH_CPU_PROF] : [])],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    proc.once('error', reject);
    proc.once('exit', (code) => reject(new Error(`${kind} server exited ${code}`)));
    proc.once('message', (m: { port: number }) =>
      resolve({ kind, proc, port: m.port, url: kind === 'bare' ? `ws://127.0.0.1:${m.port}` : `ws://127.0.0.1:${m.port}/ws` }),
    );
  });
}

function ask<T>(t: Target, question: 'memory' | 'cpu'): Promise<T> {
  return new Promise((resolve) => {
    const on = (m: Record<string, unknown>) => {
      if (!(question in m)) return;
      t.proc.off('message', on);
      resolve(m[question] as T);
    };
    t.proc.on('message', on);
    t.proc.send({ [question]: true });
  });
}

/** The target's memory after a forced GC. */
export const memory = (t: Target) => ask<NodeJS.MemoryUsage>(t, 'memory');
/** The target's CPU time so far. */
export const cpu = (t: Target) => ask<NodeJS.CpuUsage>(t, 'cpu');
/** µs of CPU (user + system) the target spent since `before`. */
export async function cpuSince(t: Target, before: NodeJS.CpuUsage): Promise<number> {
  const now = await cpu(t);
  return now.user - before.user + now.system - before.system;
}

export function stop(t: Target): Promise<void> {
  return new Promise((resolve) => {
    t.proc.removeAllListeners('exit');
    t.proc.once('exit', () => resolve());
    t.proc.kill(process.env.BENCH_CPU_PROF ? 'SIGINT' : 'SIGKILL');
  });
}

/**
 * A client connection to the target, resolved once its greeting (the facade's
 * `connected`, the bare server's frame of the same size) has arrived; with the
 * API key for `facade-key`.
 */
export function openGreeted(t: Target): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const headers = t.kind === 'facade-key' ? { authorization: `Bearer ${API_KEY}` } : undefined;
    const ws = new WebSocket(t.url, { perMessageDeflate: false, ...(headers ? { headers } : {}) });
    ws.once('message', () => resolve(ws));
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`${t.kind} answered ${res.statusCode}`)));
  });
}
