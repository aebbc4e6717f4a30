// Request bodies over a real socket: limits on declared, streamed and
// decompressed sizes, encodings, and a client that gives up half-way.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../src/hooks/server/app.js';
import { createHookMetrics } from '../../../src/hooks/server/metrics.js';
import { captureLogger, NOW, parentRequest, parseMetrics, sampleValue, testRegistry } from './helpers.js';

const LIMIT = 4096;
const metrics = createHookMetrics({ defaultMetrics: false });
const captured = captureLogger();
let server: http.Server;
let port: number;

beforeAll(async () => {
  server = createApp({ registry: testRegistry, clock: () => NOW, logger: captured.logger, bodyLimit: LIMIT, metrics }).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** POST with full control over headers and how the body is written. */
function post(headers: Record<string, string | number>, write: (req: http.ClientRequest) => void): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/hooks/widget/sync', headers, agent: false }, (res) => {
      let body = '';
      res.on('data', (c) => (body += String(c)));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    write(req);
  });
}

const json = { 'content-type': 'application/json' };
const small = Buffer.from(JSON.stringify(parentRequest('small')));

describe('hook server: reading request bodies', () => {
  it('answers a body within the limit', async () => {
    const res = await post({ ...json, 'content-length': small.length }, (req) => req.end(small));
    expect(res.status).toBe(200);
  });

  it('refuses a declared Content-Length over the limit before reading, and closes the connection', async () => {
    const res = await post({ ...json, 'content-length': LIMIT + 1 }, (req) => req.write('{"parent":'));
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body)).toEqual({ error: 'payload_too_large', detail: `request body exceeds the limit of ${LIMIT} bytes` });
    expect(res.headers.connection).toBe('close');
  });

  it('refuses a chunked body once it grows over the limit', async () => {
    const res = await post({ ...json, 'transfer-encoding': 'chunked' }, (req) => {
      req.write('{"parent": {"metadata": {"name": "x"}}, "pad": "');
      req.write('x'.repeat(LIMIT));
      req.end('"}');
    });
    expect(res.status).toBe(413);
  });

  it('refuses a compressed body that inflates over the limit', async () => {
    const bomb = gzipSync(JSON.stringify({ ...parentRequest(), pad: 'x'.repeat(LIMIT * 20) }));
    expect(bomb.length).toBeLessThan(LIMIT);
    const res = await post({ ...json, 'content-encoding': 'gzip', 'content-length': bomb.length }, (req) => req.end(bomb));
    expect(res.status).toBe(413);
  });

  it('closes the connection after any refusal that leaves the body unread (wrong Content-Type, unknown hook), not after a body it read', async () => {
    const keepAlive = new http.Agent({ keepAlive: true });
    try {
      const ask = (path: string, type: string) =>
        new Promise<http.IncomingMessage>((resolve, reject) => {
          const req = http.request({ host: '127.0.0.1', port, method: 'POST', path, headers: { 'content-type': type, 'content-length': small.length }, agent: keepAlive }, (res) => {
            res.resume();
            res.on('end', () => resolve(res));
          });
          req.on('error', reject);
          req.end(small);
        });
      const media = await ask('/hooks/widget/sync', 'text/plain');
      expect([media.statusCode, media.headers.connection]).toEqual([415, 'close']);
      const unknown = await ask('/hooks/nothing-here/sync', 'application/json');
      expect([unknown.statusCode, unknown.headers.connection]).toEqual([404, 'close']);
      const read = await ask('/hooks/widget/sync', 'application/json');
      expect([read.statusCode, read.headers.connection]).toEqual([200, 'keep-alive']);
    } finally {
      keepAlive.destroy();
    }
  });

  it('answers 415 for an unknown Content-Encoding', async () => {
    const res = await post({ ...json, 'content-encoding': 'zstd', 'content-length': small.length }, (req) => req.end(small));
    expect(res.status).toBe(415);
    expect(JSON.parse(res.body).error).toBe('unsupported_encoding');
  });

  it('survives a client that disconnects half-way, and counts it', async () => {
    await new Promise<void>((resolve) => {
      const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/hooks/widget/sync', headers: { ...json, 'content-length': 1000 }, agent: false });
      req.on('error', () => resolve());
      req.write('{"parent": {', () => setTimeout(() => req.destroy(), 30));
    });
    await new Promise((r) => setTimeout(r, 100));
    const res = await post({ ...json, 'content-length': small.length }, (req) => req.end(small));
    expect(res.status).toBe(200);
    const samples = parseMetrics(await metrics.registry.metrics());
    expect(sampleValue(samples, 'omnia_hooks_requests_total', { kind: 'widget', hook: 'sync', code: 'aborted' })).toBe(1);
    expect(captured.lines().some((l) => l.status === 'aborted')).toBe(true);
  });
});
