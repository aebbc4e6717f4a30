// `npm start` (scripts/start.sh): the hook server, the demo agent and the echo function come up
// together, answer, and go down together. Install and build are skipped here
// (the test run has just built dist/); the ports are free ones the kernel picked.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { freePort } from '../support/services.js';

const ROOT = resolve(import.meta.dirname, '../..');

const up = (url: string) => fetch(url).then((r) => r.ok, () => false);

async function until(check: () => boolean | Promise<boolean>, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

/** One demo conversation turn over a real WebSocket: the types of the frames received until `done`. */
async function converse(url: string): Promise<string[]> {
  const ws = new WebSocket(url);
  const types: string[] = [];
  try {
    return await new Promise<string[]>((resolveTurn, reject) => {
      const timer = setTimeout(() => reject(new Error(`no done frame; got ${types.join(',')}`)), 15_000);
      ws.on('error', reject);
      ws.on('message', (data) => {
        const frame = JSON.parse(String(data)) as { type: string };
        types.push(frame.type);
        if (frame.type === 'connected') ws.send(JSON.stringify({ type: 'message', content: 'hello' }));
        if (frame.type === 'done' || frame.type === 'error') {
          clearTimeout(timer);
          resolveTurn(types);
        }
      });
    });
  } finally {
    ws.close();
  }
}

describe('scripts/start.sh', () => {
  it('starts the hook server, the demo agent and the echo function, prints their URLs, and stops them all on SIGTERM', async () => {
    const [HOOKS, DEMO, DEMO_HEALTH, ECHO, ECHO_HEALTH] = [await freePort(), await freePort(), await freePort(), await freePort(), await freePort()];
    const child = spawn('bash', [join(ROOT, 'scripts/start.sh')], {
      cwd: ROOT,
      env: {
        ...process.env,
        OMNIA_START_NO_BUILD: '1',
        HOOKS_PORT: String(HOOKS),
        DEMO_PORT: String(DEMO),
        DEMO_HEALTH_PORT: String(DEMO_HEALTH),
        ECHO_PORT: String(ECHO),
        ECHO_HEALTH_PORT: String(ECHO_HEALTH),
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += String(d)));
    child.stderr.on('data', (d) => (output += String(d)));
    const exited = once(child, 'exit') as Promise<[number | null, string | null]>;
    try {
      expect(await until(() => output.includes('Ctrl-C stops them all') || child.exitCode !== null, 30_000), output).toBe(true);
      expect(output).toContain(`http://localhost:${HOOKS}/hooks/<kind>/<hook>`);
      expect(output).toContain(`ws://localhost:${DEMO}/ws?agent=demo`);

      expect(await up(`http://127.0.0.1:${HOOKS}/readyz`)).toBe(true);
      expect(await up(`http://127.0.0.1:${DEMO_HEALTH}/healthz`)).toBe(true);
      const types = await converse(`ws://127.0.0.1:${DEMO}/ws?agent=demo`);
      expect(types[0]).toBe('connected');
      expect(types.at(-1)).toBe('done');
      // The echo function, invoked as the printed curl does; its schema refuses what it should.
      const curl = /curl -X POST (\S+) -H '([^']+)' -d '([^']+)'/.exec(output);
      expect(curl, output).not.toBeNull();
      const invoked = await fetch(curl![1]!, { method: 'POST', headers: { 'content-type': 'application/json' }, body: curl![3]! });
      expect(invoked.status).toBe(200);
      expect(((await invoked.json()) as { output: unknown }).output).toEqual({ text: 'hi' });
      const refused = await fetch(curl![1]!, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"txt":"typo"}' });
      expect(refused.status).toBe(400);
      expect(await up(`http://127.0.0.1:${ECHO_HEALTH}/healthz`)).toBe(true);

      child.kill('SIGTERM');
      const [code, signal] = await exited;
      expect(code ?? signal, output).toBe(143);
      // Every program is gone with the script.
      expect(await until(async () => !(await up(`http://127.0.0.1:${HOOKS}/healthz`)) && !(await up(`http://127.0.0.1:${DEMO_HEALTH}/healthz`)) && !(await up(`http://127.0.0.1:${ECHO_HEALTH}/healthz`)), 5_000)).toBe(true);
    } finally {
      // SIGTERM lets the script's trap stop both programs; SIGKILL only if it hangs.
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
    }
  });
});
