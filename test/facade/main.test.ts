import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { redactStoreUrl } from '../../src/facade/sessions/index.js';
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

  // Every URL holds the password PW; the facade must say what is wrong without it.
  it.each([
    ['redis', 'redis://:PW@host:notaport/0'],
    ['redis', 'rediss://user:PW@[::1/0'],
    ['postgres', 'postgres://u:PW@host:notaport/db'],
    ['postgres', 'postgresql://u:P%57@host:99999/db'],
    ['postgres', 'postgres://u:PW@127.0.0.1:1/db'],
  ])('never logs the password of a %s store URL it cannot use (%s)', async (type, url) => {
    const main = startMain({
      LOG_LEVEL: 'debug',
      OMNIA_SESSION_TYPE: type,
      OMNIA_SESSION_STORE_URL: url,
      OMNIA_FACADE_PORT: '0',
      OMNIA_HEALTH_PORT: '0',
      OMNIA_HANDLER_MODE: 'echo',
      OMNIA_FACADE_ALLOW_UNAUTHENTICATED: 'true',
    });
    try {
      expect(await main.exited).not.toBe(0);
      expect(main.output()).toContain('OMNIA_SESSION_STORE_URL');
      expect(main.output()).not.toMatch(/PW|P%57/);
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

describe('redactStoreUrl', () => {
  it('removes the URL, its user info and its password (raw and decoded) from a driver message', () => {
    const url = 'postgres://bob:s%40cret@db:5432/omnia';
    const text = `Invalid URL ${url}; auth bob:s%40cret failed; password "s@cret" rejected`;
    expect(redactStoreUrl(text, url)).toBe('Invalid URL ***; auth *** failed; password "***" rejected');
    expect(redactStoreUrl('connect ECONNREFUSED 127.0.0.1:1', 'redis://127.0.0.1:1')).toBe('connect ECONNREFUSED 127.0.0.1:1');
  });
});
