import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFacade, type Running } from './helpers.js';

// Every error the facade answers carries {"error", "detail"}, on both ports and
// in both modes, including the answers Node would write itself (a request whose
// headers are too large). Function mode reads a gzip body decompressed.

const SCHEMA = { type: 'object', required: ['text'], additionalProperties: false, properties: { text: { type: 'string' } } };

/** Sends `request` as raw bytes and resolves the status and body of the answer. */
function rawRequest(port: number, request: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let out = '';
    socket.on('data', (d: Buffer) => (out += d.toString('latin1')));
    // The server may close before it has read everything we sent.
    socket.on('error', () => undefined);
    socket.on('close', () => {
      const m = /^HTTP\/1\.1 (\d{3})/.exec(out);
      if (!m) return reject(new Error(`no HTTP answer: ${JSON.stringify(out.slice(0, 200))}`));
      resolve({ status: Number(m[1]), body: out.slice(out.indexOf('\r\n\r\n') + 4) });
    });
    socket.write(request);
  });
}

const hugeAuthorization = `Authorization: Bearer ${'a'.repeat(64 * 1024)}\r\n`;

function expectErrorBody(body: string, error: string): void {
  const parsed = JSON.parse(body) as { error: string; detail: unknown };
  expect(parsed.error).toBe(error);
  expect(typeof parsed.detail).toBe('string');
  expect(parsed.detail).not.toBe('');
}

describe.each(['function', 'agent'] as const)('error bodies in %s mode', (mode) => {
  const dir = mkdtempSync(join(tmpdir(), 'omnia-errors-'));
  writeFileSync(join(dir, 'function.json'), JSON.stringify({ name: 'echoer', inputSchema: SCHEMA, outputSchema: SCHEMA }));
  let running: Running;

  beforeAll(async () => {
    running = await startFacade({ OMNIA_AGENT_NAME: 'echoer', OMNIA_MODE: mode, OMNIA_CONFIG_DIR: dir });
  });
  afterAll(async () => {
    await running?.facade.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a path it does not serve: 404 with a detail', async () => {
    const res = await fetch(`http://127.0.0.1:${running.port}/elsewhere`);
    expect(res.status).toBe(404);
    expectErrorBody(await res.text(), 'not_found');
  });

  it('a 64 KB Authorization header: 431 with a JSON detail, on the traffic port, the upgrade path and the health port', async () => {
    const requests = [
      [running.port, `POST /functions/echoer HTTP/1.1\r\nHost: x\r\n${hugeAuthorization}Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}`],
      [running.port, `GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n${hugeAuthorization}\r\n`],
      [running.healthPort, `GET /readyz HTTP/1.1\r\nHost: x\r\n${hugeAuthorization}\r\n`],
    ] as const;
    for (const [port, request] of requests) {
      const { status, body } = await rawRequest(port, request);
      expect(status).toBe(431);
      expectErrorBody(body, 'request_header_too_large');
    }
  });

  it('bytes that are not HTTP: 400 with a JSON detail', async () => {
    for (const port of [running.port, running.healthPort]) {
      const { status, body } = await rawRequest(port, 'NOT HTTP AT ALL\r\n\r\n');
      expect(status).toBe(400);
      expectErrorBody(body, 'bad_request');
    }
  });
});

describe('function mode: Content-Encoding', () => {
  const dir = mkdtempSync(join(tmpdir(), 'omnia-gzip-'));
  writeFileSync(join(dir, 'function.json'), JSON.stringify({ name: 'echoer', inputSchema: SCHEMA, outputSchema: SCHEMA }));
  let running: Running;
  const post = (body: Buffer | string, encoding: string) =>
    fetch(`http://127.0.0.1:${running.port}/functions/echoer`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-encoding': encoding },
      body,
    });

  beforeAll(async () => {
    running = await startFacade({ OMNIA_AGENT_NAME: 'echoer', OMNIA_MODE: 'function', OMNIA_CONFIG_DIR: dir });
  });
  afterAll(async () => {
    await running?.facade.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a gzip body is decompressed, then validated like any other', async () => {
    const ok = await post(gzipSync(JSON.stringify({ text: 'zipped' })), 'gzip');
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { output: unknown }).output).toEqual({ text: 'zipped' });
    const invalid = await post(gzipSync(JSON.stringify({ nope: 1 })), 'gzip');
    expect(invalid.status).toBe(400);
    expectErrorBody(await invalid.text(), 'input_invalid');
  });

  it('a body that is not what its gzip encoding says: 400 with a detail', async () => {
    const res = await post(JSON.stringify({ text: 'plain' }), 'gzip');
    expect(res.status).toBe(400);
    expectErrorBody(await res.text(), 'input_invalid');
  });

  it('an encoding it cannot read: 415 with a detail', async () => {
    const res = await post(JSON.stringify({ text: 'hi' }), 'compress');
    expect(res.status).toBe(415);
    expect(await res.json()).toEqual({ error: 'unsupported_media_type', detail: 'Content-Encoding must be identity, gzip, deflate or br' });
  });
});
