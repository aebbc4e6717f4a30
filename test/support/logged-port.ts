import type { ChildProcess } from 'node:child_process';

/**
 * The port a child process bound to, read from its JSON log line with `msg` (the
 * programs log `{ port, … }` once listening), so a test can start it with port 0
 * and let the kernel choose. Rejects with the output when the process exits first.
 */
export function loggedPort(child: ChildProcess, msg: string, timeoutMs = 20_000): Promise<number> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => done(new Error(`no "${msg}" log line after ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const onExit = (code: number | null): void => done(new Error(`exited (${code}) before "${msg}":\n${output}`));
    const onData = (d: Buffer | string): void => {
      output += String(d);
      for (const line of output.split('\n')) {
        if (!line.includes(msg)) continue;
        try {
          const entry = JSON.parse(line) as { msg?: string; port?: unknown };
          if (entry.msg === msg && typeof entry.port === 'number') return done(undefined, entry.port);
        } catch {
          // a partial line: wait for the rest
        }
      }
    };
    function done(err: Error | undefined, port?: number): void {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.stderr?.off('data', onData);
      child.off('exit', onExit);
      if (err) reject(err);
      else resolve(port!);
    }
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', onExit);
  });
}
