// The shared JSON answer and error body, as bytes on a real loopback socket.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpError } from '../../../src/shared/http/error.js';
import { listen } from '../../../src/shared/http/listen.js';
import { JSON_TYPE, sendError, sendJson, sendJsonText, sendText } from '../../../src/shared/http/respond.js';
import { request } from './loopback.js';

const routes: Record<string, (res: http.ServerResponse) => void> = {
  '/error': (res) => {
    const err = new HttpError(404, 'not_found', 'no such endpoint');
    sendError(res, err.status, err.body, { allow: 'POST' });
  },
  '/error-extra': (res) => sendError(res, 502, { error: 'runtime_error', detail: 'it failed', code: 'X' } as { error: string; detail: string }),
  '/json': (res) => sendJson(res, 200, { ü: 'ß', n: 1 }),
  '/text': (res) => sendJsonText(res, 201, '{"b":1,"a":2}', { etag: '"t"' }),
  '/set-before': (res) => {
    res.setHeader('connection', 'close');
    sendJson(res, 200, {});
  },
  '/metrics': (res) => sendText(res, 200, 'text/plain; version=0.0.4', 'up 1\n'),
};

let server: http.Server;
let port: number;
beforeAll(async () => {
  server = http.createServer((req, res) => (routes[req.url ?? ''] as (res: http.ServerResponse) => void)(res));
  port = await listen(server, 0, '127.0.0.1');
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

describe('shared JSON answer', () => {
  it('writes {"error","detail"} in that order, with its status and extra headers', async () => {
    const res = await request(port, { path: '/error' });
    expect(res.status).toBe(404);
    expect(res.body).toBe('{"error":"not_found","detail":"no such endpoint"}');
    expect(res.headers['content-type']).toBe(JSON_TYPE);
    expect(res.headers['content-length']).toBe(String(res.body.length));
    expect(res.headers.allow).toBe('POST');
  });

  it('keeps fields an error body adds after error and detail', async () => {
    const res = await request(port, { path: '/error-extra' });
    expect(res.status).toBe(502);
    expect(res.body).toBe('{"error":"runtime_error","detail":"it failed","code":"X"}');
  });

  it('counts Content-Length in UTF-8 bytes', async () => {
    const res = await request(port, { path: '/json' });
    expect(res.body).toBe('{"ü":"ß","n":1}');
    expect(Number(res.headers['content-length'])).toBe(Buffer.byteLength(res.body));
  });

  it('sends serialised text as is, with headers such as ETag', async () => {
    const res = await request(port, { path: '/text' });
    expect(res.status).toBe(201);
    expect(res.body).toBe('{"b":1,"a":2}');
    expect(res.headers.etag).toBe('"t"');
  });

  it('merges headers set before the answer, and answers other text types', async () => {
    expect((await request(port, { path: '/set-before' })).headers.connection).toBe('close');
    const metrics = await request(port, { path: '/metrics' });
    expect(metrics.headers['content-type']).toBe('text/plain; version=0.0.4');
    expect(metrics.body).toBe('up 1\n');
  });
});
