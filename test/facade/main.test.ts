import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { freePort, waitForPort } from '../support/services.js';
import { Client } from './helpers.js';

// The real entry point as a process: env in, SIGTERM drains and exits 0.

function startMain(env: Record<string, string>) {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'src/facade/main.ts'], {
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  proc.stdout.on('data', (d: Buffer) => (output += d.toString()));
  proc.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  return { proc, exited, output: () => output };
}

describe('facade main', () => {
  it('serves with the env contract and drains on SIGTERM (1001, exit 0)', async () => {
    const [port, healthPort] = [await freePort(), await freePort()];
    const main = startMain({
      OMNIA_FACADE_PORT: String(port),
      OMNIA_HEALTH_PORT: String(healthPort),
      OMNIA_HANDLER_MODE: 'echo',
      OMNIA_FACADE_ALLOW_UNAUTHENTICATED: 'true',
      OMNIA_DRAIN_TIMEOUT: '5s',
    });
    try {
      await waitForPort(healthPort, 20_000, main.proc);
      await waitForPort(port, 5_000, main.proc);
      const c = await Client.open(`ws://127.0.0.1:${port}/ws?agent=agent&namespace=default`);
      await c.next();
      expect((await c.say('ping'))[0]?.content).toBe('Echo: ping');
      main.proc.kill('SIGTERM');
      expect((await c.closed).code).toBe(1001);
      expect(await main.exited).toBe(0);
    } finally {
      main.proc.kill('SIGKILL');
    }
  });

  it('exits 2 with a message naming the variable on bad configuration', async () => {
    const main = startMain({ OMNIA_SESSION_TYPE: 'cassandra' });
    expect(await main.exited).toBe(2);
    expect(main.output()).toContain('OMNIA_SESSION_TYPE');
  });
});
