// `omnia chat` (the built CLI) driven through its stdin/stdout against the demo
// agent: a real facade (handler mode demo, API keys file) on a loopback port.
// Replies stream as their chunks arrive, tool calls and results show on their
// own lines, the session id printed on connect resumes the conversation, and a
// refused credential is an exit 1 with the facade's reason.

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFacade, type Facade } from '../../src/facade/app.js';
import { loadFacadeConfig } from '../../src/facade/config.js';

// Every test starts the CLI as a Node process: slow on a loaded machine.
const CLI_TIMEOUT_MS = 120_000;
const ROOT = resolve(import.meta.dirname, '../..');
const CLI = join(ROOT, 'dist/cli.js');
const KEY = 'chat-test-key-1';

let dir: string;
let facade: Facade;
let url: string;

beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first`);
  dir = mkdtempSync(join(tmpdir(), 'omnia-chat-'));
  writeFileSync(join(dir, 'api-keys'), `${KEY}\n`);
  facade = createFacade(
    loadFacadeConfig({
      OMNIA_AGENT_NAME: 'demo',
      OMNIA_HANDLER_MODE: 'demo',
      OMNIA_SESSION_TYPE: 'memory',
      OMNIA_FACADE_PORT: '0',
      OMNIA_HEALTH_PORT: '0',
      OMNIA_BIND_ADDRESS: '127.0.0.1',
      OMNIA_API_KEYS_FILE: join(dir, 'api-keys'),
    }),
    { logger: pino({ level: 'silent' }) },
  );
  const { port } = await facade.listen();
  url = `ws://127.0.0.1:${port}/ws?agent=demo`;
});

afterAll(async () => {
  await facade?.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Chat {
  child: ChildProcessWithoutNullStreams;
  stdout: () => string;
  stderr: () => string;
  /** stdout as the separate reads it arrived in. */
  reads: string[];
  waitFor(pattern: RegExp, stream?: 'stdout' | 'stderr'): Promise<RegExpMatchArray>;
  exit: Promise<number | null>;
}

function chat(args: string[], env: Record<string, string> = {}): Chat {
  const child = spawn(process.execPath, [CLI, 'chat', url, ...args], { env: { ...process.env, ...env } });
  let out = '';
  let err = '';
  const reads: string[] = [];
  child.stdout.on('data', (d: Buffer) => {
    reads.push(d.toString());
    out += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exit = once(child, 'exit').then(([code]) => code as number | null);
  return {
    child,
    reads,
    stdout: () => out,
    stderr: () => err,
    async waitFor(pattern, stream = 'stdout') {
      let match: RegExpMatchArray | null = null;
      await expect.poll(() => (match = (stream === 'stdout' ? out : err).match(pattern)), { timeout: 20_000, interval: 20 }).not.toBeNull();
      return match!;
    },
    exit,
  };
}

describe('omnia chat against the demo agent', { timeout: CLI_TIMEOUT_MS }, () => {
  let sessionId: string;

  it('streams a reply, shows tool calls and results, and exits 0 at the end of input', async () => {
    const c = chat([], { OMNIA_API_KEY: KEY });
    try {
      sessionId = (await c.waitFor(/^session ([0-9a-f-]{36})$/m, 'stderr'))[1]!;
      c.child.stdin.write('hello there\n');
      const reply = (await c.waitFor(/^(.+)\n/))[1]!;
      expect(reply.toLowerCase()).toContain('hello');
      // Word by word: the reply reached the terminal in several pieces before its end of line.
      const readsBeforeEnd = c.reads.findIndex((r) => r.includes('\n'));
      expect(readsBeforeEnd).toBeGreaterThanOrEqual(1);

      c.child.stdin.write("what's the weather in Paris?\n");
      const call = await c.waitFor(/^\[tool call (\S+)\] get_weather (\{.*\})$/m);
      expect(JSON.parse(call[2]!)).toEqual({ location: 'Paris' });
      await c.waitFor(new RegExp(`^\\[tool result ${call[1]}\\] .+$`, 'm'));
      c.child.stdin.end();
      expect(await c.exit).toBe(0);
      expect(c.stderr()).not.toContain('error');
    } finally {
      c.child.kill();
    }
  });

  it('--session resumes the conversation', async () => {
    const c = chat(['--session', sessionId, '--api-key', KEY]);
    try {
      await c.waitFor(new RegExp(`^session ${sessionId} \\(resumed\\)$`, 'm'), 'stderr');
      c.child.stdin.end('hi\n');
      expect(await c.exit).toBe(0);
      expect(c.stdout().trim()).not.toBe('');
    } finally {
      c.child.kill();
    }
  });

  it('exits 1 with the facade reason for a wrong key, sending nothing', async () => {
    const c = chat(['--api-key', 'not-a-key']);
    c.child.stdin.end('hello\n');
    expect(await c.exit).toBe(1);
    expect(c.stderr()).toMatch(/^omnia chat: refused with HTTP 401: \{"error":"unauthorized"/m);
    expect(c.stderr()).not.toContain('not-a-key');
    expect(c.stdout()).toBe('');
  });
});
