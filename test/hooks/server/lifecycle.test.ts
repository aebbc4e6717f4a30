import { spawn } from 'node:child_process';
import { once } from 'node:events';
import http from 'node:http';
import { describe, expect, it } from 'vitest';
import { loadConfig, parseSize } from '../../../src/hooks/server/config.js';
import { startHookServer } from '../../../src/hooks/server/listen.js';
import { loggedPort } from '../../support/logged-port.js';
import { captureLogger, parentRequest, testRegistry } from './helpers.js';

describe('hook server: configuration', () => {
  it('reads PORT and HOOKS_BODY_LIMIT with defaults', () => {
    expect(loadConfig({})).toMatchObject({ port: 8080, bodyLimit: 16 * 1024 * 1024, drainDelayMs: 0, shutdownTimeoutMs: 10_000 });
    expect(loadConfig({ PORT: '9999', HOOKS_BODY_LIMIT: '1mb', HOOKS_DRAIN_DELAY: '3s' })).toMatchObject({
      port: 9999,
      bodyLimit: 1024 * 1024,
      drainDelayMs: 3000,
    });
  });

  it('parses sizes in bytes and binary units', () => {
    expect(parseSize('2048', 'X')).toBe(2048);
    expect(parseSize('16MiB', 'X')).toBe(16 * 1024 * 1024);
    expect(parseSize('512kb', 'X')).toBe(512 * 1024);
  });

  it('refuses invalid values with the variable name', () => {
    expect(() => loadConfig({ PORT: 'http' })).toThrow(/PORT/);
    expect(() => loadConfig({ HOOKS_BODY_LIMIT: 'lots' })).toThrow(/HOOKS_BODY_LIMIT/);
    expect(() => loadConfig({ HOOKS_BODY_LIMIT: '0' })).toThrow(/positive/);
    expect(() => loadConfig({ HOOKS_SHUTDOWN_TIMEOUT: 'soon' })).toThrow(/HOOKS_SHUTDOWN_TIMEOUT/);
  });
});

describe('hook server: graceful shutdown', () => {
  it('finishes an in-flight request, refuses new connections and turns readiness off', async () => {
    const config = { ...loadConfig({}), port: 0, host: '127.0.0.1' };
    const running = await startHookServer(config, testRegistry, captureLogger().logger);
    const body = Buffer.from(JSON.stringify(parentRequest('inflight')));

    // Start a request and send only half its body: it is in flight when shutdown begins.
    const req = http.request({
      host: '127.0.0.1',
      port: running.port,
      method: 'POST',
      path: '/hooks/widget/sync',
      headers: { 'content-type': 'application/json', 'content-length': body.length },
    });
    const response = once(req, 'response') as Promise<[http.IncomingMessage]>;
    req.write(body.subarray(0, 10));
    await new Promise((r) => setTimeout(r, 50));

    let stopped = false;
    const stopping = running.shutdown('test').then(() => {
      stopped = true;
    });
    await new Promise((r) => setTimeout(r, 50));
    expect(stopped).toBe(false);
    await expect(fetch(`http://127.0.0.1:${running.port}/healthz`)).rejects.toThrow();

    req.end(body.subarray(10));
    const [res] = await response;
    const chunks: Buffer[] = [];
    for await (const chunk of res) chunks.push(chunk as Buffer);
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(Buffer.concat(chunks).toString()).children[0].metadata.name).toBe('inflight');
    await stopping;
    expect(stopped).toBe(true);
  });

  it('runs as a process that serves hooks and exits 0 on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/hooks/main.ts'], {
      env: { ...process.env, PORT: '0', HOOKS_HOST: '127.0.0.1', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const bound = loggedPort(child, 'hook server listening');
    let output = '';
    child.stdout.on('data', (d) => (output += String(d)));
    child.stderr.on('data', (d) => (output += String(d)));
    const exited = once(child, 'exit') as Promise<[number | null, string | null]>;
    try {
      const port = await bound;
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).ok, output).toBe(true);
      const res = await fetch(`http://127.0.0.1:${port}/hooks/nosuchkind/sync`, { method: 'POST', body: '{}' });
      expect(res.status).toBe(404);
      child.kill('SIGTERM');
      const [code] = await exited;
      expect(code, output).toBe(0);
      expect(output).toContain('hook server stopped');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
