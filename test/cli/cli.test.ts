// The compiled entrypoint, as the image runs it (`npm test` builds dist/ first).
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loggedPort } from '../support/logged-port.js';

// Every test starts the CLI as a Node process: slow on a loaded machine.
const CLI_TIMEOUT_MS = 120_000;
const ROOT = resolve(import.meta.dirname, '../..');
const CLI = join(ROOT, 'dist/cli.js');

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first`);
});

describe('omnia cli', { timeout: CLI_TIMEOUT_MS }, () => {
  it('exits 2 naming the unknown command and pointing at --help', () => {
    const run = spawnSync(process.execPath, [CLI, 'bogus'], { encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("error: unknown command 'bogus'");
    expect(run.stderr).toContain('omnia --help lists the commands');
    expect(run.stdout).toBe('');
  });

  it('--help lists every command on stdout and exits 0', () => {
    const run = spawnSync(process.execPath, [CLI, '--help'], { encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Usage: omnia \[options\] \[command\]/);
    const commands = [...run.stdout.slice(run.stdout.indexOf('Commands:')).matchAll(/^  (\w+)/gm)].map((m) => m[1]);
    expect(commands).toEqual(['hooks', 'facade', 'runtime', 'render', 'validate', 'chat', 'invoke', 'help']);
  });

  it.each([
    ['render', ['<files...>', '--output <format>', 'choices: "yaml", "json"', '--now <time>']],
    ['validate', ['<files...>']],
    ['chat', ['<url>', '--session <id>', '--api-key <key>', 'OMNIA_API_KEY', '--token <jwt>', 'OMNIA_TOKEN']],
    ['invoke', ['<url>', '--data <json>', '--api-key <key>', '--token <jwt>']],
  ])('%s --help shows its arguments and options', (command, expected) => {
    const run = spawnSync(process.execPath, [CLI, command, '--help'], { encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`Usage: omnia ${command}`);
    for (const text of expected) expect(run.stdout).toContain(text);
  });

  it('exits 2 on a missing argument or a bad option value', () => {
    const missing = spawnSync(process.execPath, [CLI, 'render'], { encoding: 'utf8' });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain("error: missing required argument 'files'");
    const bad = spawnSync(process.execPath, [CLI, 'render', '-o', 'xml', 'x.yaml'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("error: option '-o, --output <format>' argument 'xml' is invalid");
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
