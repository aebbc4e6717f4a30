// The shared JSON answer and error body, as bytes on a real loopback socket.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpError } from '../../../src/shared/http/error.js';
import { listen } from '../../../src/shared/http/listen.js';
import { JSON_TYPE, sendError, sendJson, sendJsonText, sendText } from '../../../src/shared/http/respond.js';
import { request } from './loopback.js';

/** A client that keeps its connections (Connection: keep-alive), so only the server's answer can close one. */
const keepAlive = new http.Agent({ keepAlive: true });

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
  // A refusal given before the body is read, and an answer after reading it.
  '/refuse': (res) => sendError(res, 403, { error: 'forbidden', detail: 'no' }),
  '/read': (res) => {
    res.req.resume();
    res.req.once('end', () => sendJson(res, 200, {}));
  },
};

let server: http.Server;
let port: number;
beforeAll(async () => {
  server = http.createServer((req, res) => (routes[req.url ?? ''] as (res: http.ServerResponse) => void)(res));
  port = await listen(server, 0, '127.0.0.1');
});
afterAll(async () => {
  keepAlive.destroy();
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

describe('an answer given while the request body is unread', () => {
  const post = (path: string, body: string) =>
    request(port, { method: 'POST', path, headers: { 'content-length': Buffer.byteLength(body), 'content-type': 'application/json' }, agent: keepAlive }, (req) => req.end(body));

  it('closes the connection, so Node does not read the rest of that body', async () => {
    const res = await post('/refuse', '{"a":1}');
    expect(res.status).toBe(403);
    expect(res.headers.connection).toBe('close');
  });

  it('keeps the connection when the request had no body, or its body was read to the end', async () => {
    expect((await request(port, { path: '/refuse', agent: keepAlive })).headers.connection).toBe('keep-alive');
    const read = await post('/read', '{"a":1}');
    expect(read.status).toBe(200);
    expect(read.headers.connection).toBe('keep-alive');
  });
});
