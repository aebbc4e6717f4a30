// The compiled entrypoint, as the image runs it (`npm test` builds dist/ first).
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loggedPort } from '../support/logged-port.js';

const ROOT = resolve(import.meta.dirname, '../..');
const CLI = join(ROOT, 'dist/cli.js');

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first`);
});

describe('omnia cli', () => {
  it('exits 2 with the usage on stderr for an unknown command', () => {
    const run = spawnSync(process.execPath, [CLI, 'bogus'], { encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('unknown command "bogus"');
    expect(run.stderr).toContain('usage: omnia [hooks|facade|runtime]');
    expect(run.stdout).toBe('');
  });

  it('prints the usage on stdout and exits 0 for --help', () => {
    const run = spawnSync(process.execPath, [CLI, '--help'], { encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('usage: omnia [hooks|facade|runtime]');
  });

  it('starts the hook server by default and stops it on SIGTERM', async () => {
    const child = spawn(process.execPath, [CLI], {
      env: { ...process.env, PORT: '0', HOOKS_HOST: '127.0.0.1', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const bound = loggedPort(child, 'hook server listening');
    let output = '';
    child.stdout.on('data', (d) => (output += String(d)));
    child.stderr.on('data', (d) => (output += String(d)));
    const exited = once(child, 'exit') as Promise<[number | null]>;
    try {
      const port = await bound;
      expect((await fetch(`http://127.0.0.1:${port}/readyz`)).ok, output).toBe(true);
      child.kill('SIGTERM');
      const [code] = await exited;
      expect(code, output).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
