// The control plane's child processes: each logs into the run directory, and
// every one still running is killed when the test process ends, however it ends
// (a failed test, Ctrl-C, an uncaught error), so no apiserver outlives a run.
import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import { join } from 'node:path';

export interface Managed {
  name: string;
  proc: ChildProcess;
  log: string;
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
let hooked = false;

function killAllNow(): void {
  for (const proc of running) if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
}

function installExitHooks(): void {
  if (hooked) return;
  hooked = true;
  process.once('exit', killAllNow);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      killAllNow();
      process.exit(130);
    });
  }
}

export function startProcess(name: string, cmd: string, args: string[], logDir: string, env: NodeJS.ProcessEnv = {}): Managed {
  installExitHooks();
  const log = join(logDir, `${name}.log`);
  const fd = openSync(log, 'a');
  const proc = spawn(cmd, args, { stdio: ['ignore', fd, fd], env: { ...process.env, ...env } });
  closeSync(fd);
  running.add(proc);
  proc.once('exit', () => running.delete(proc));
  return {
    name,
    proc,
    log,
    async stop() {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      const exited = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Polls `check` until it returns true; the error names what was awaited and where its log is. */
export async function until(what: string, check: () => Promise<boolean>, timeoutMs: number, watched?: Managed): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (watched && watched.proc.exitCode !== null) {
      throw new Error(`${watched.name} exited with code ${watched.proc.exitCode} while waiting for ${what}; see ${watched.log}`);
    }
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${watched ? `; see ${watched.log}` : ''}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
