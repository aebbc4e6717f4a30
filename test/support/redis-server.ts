import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { redisServerBinary } from './find-binary.js';
import { freePort, waitForPort } from './services.js';

export interface RedisServer {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * A throwaway redis-server on a free loopback port (or `onPort`, to bring a stopped
 * one back where its clients reconnect), no persistence, in its own temp dir.
 */
export async function startRedis(onPort?: number): Promise<RedisServer> {
  const REDIS_SERVER = redisServerBinary();
  const port = onPort ?? (await freePort());
  const dir = mkdtempSync(join(tmpdir(), 'omnia-redis-'));
  const proc = spawn(
    REDIS_SERVER,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'no'],
    { stdio: 'ignore' },
  );
  try {
    await waitForPort(port, 10_000, proc);
  } catch (err) {
    proc.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    async stop() {
      if (proc.exitCode === null) {
        const exited = new Promise((r) => proc.once('exit', r));
        proc.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
        if (proc.exitCode === null) proc.kill('SIGKILL');
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
