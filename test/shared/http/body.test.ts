// The shared body reader over real loopback sockets: limits on declared,
// streamed and decompressed sizes, encodings, and a client that gives up.
import http from 'node:http';
import { deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasBody, readBody } from '../../../src/shared/http/body.js';
import { HttpError } from '../../../src/shared/http/error.js';
import { listen } from '../../../src/shared/http/listen.js';
import { sendError, sendJson } from '../../../src/shared/http/respond.js';
import { request } from './loopback.js';

const LIMIT = 1024;
let server: http.Server;
let port: number;
/** The reader's outcome of every request, in order. */
const outcomes: Array<{ ok: true; bytes: number; announced: boolean } | { ok: false; err: HttpError }> = [];
let settle: (() => void) | undefined;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const announced = hasBody(req);
    readBody(req, LIMIT).then(
      (body) => {
        outcomes.push({ ok: true, bytes: body.length, announced });
        settle?.();
        sendJson(res, 200, { bytes: body.length, text: body.toString('utf8') });
      },
      (err: HttpError) => {
        outcomes.push({ ok: false, err });
        settle?.();
        sendError(res, err.status, err.body);
      },
    );
  });
  port = await listen(server, 0, '127.0.0.1');
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const post = (headers: Record<string, string | number>, write: (req: http.ClientRequest) => void) =>
  request(port, { method: 'POST', headers }, write);

describe('shared body reader', () => {
  it('reads a body within the limit, and one exactly at it', async () => {
    const small = await post({ 'content-length': 5 }, (req) => req.end('hello'));
    expect(small.status).toBe(200);
    expect(JSON.parse(small.body)).toEqual({ bytes: 5, text: 'hello' });
    const full = Buffer.alloc(LIMIT, 'a');
    const atLimit = await post({ 'content-length': full.length }, (req) => req.end(full));
    expect(JSON.parse(atLimit.body).bytes).toBe(LIMIT);
  });

  it('tells whether a request announces a body', async () => {
    outcomes.length = 0;
    await request(port, { method: 'POST', headers: { 'content-length': 0 } });
    await post({ 'transfer-encoding': 'chunked' }, (req) => req.end('x'));
    expect(outcomes.map((o) => o.ok && o.announced)).toEqual([false, true]);
  });

  it('refuses a declared Content-Length over the limit with 413 and closes the connection', async () => {
    const res = await post({ 'content-length': LIMIT + 1 }, (req) => req.write('{'));
    expect(res.status).toBe(413);
    expect(res.headers.connection).toBe('close');
    expect(res.body).toBe(`{"error":"payload_too_large","detail":"request body exceeds the limit of ${LIMIT} bytes"}`);
  });

  it('refuses a chunked body once it grows over the limit', async () => {
    const res = await post({ 'transfer-encoding': 'chunked' }, (req) => {
      req.write(Buffer.alloc(LIMIT, 'a'));
      req.write(Buffer.alloc(LIMIT, 'a'));
      // The rest never needs to arrive: the answer comes first.
    });
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body).error).toBe('payload_too_large');
  });

  it('decompresses gzip and deflate, and refuses a body that inflates over the limit', async () => {
    const gz = gzipSync('{"a":1}');
    const ok = await post({ 'content-encoding': 'GZIP', 'content-length': gz.length }, (req) => req.end(gz));
    expect(JSON.parse(ok.body)).toEqual({ bytes: 7, text: '{"a":1}' });
    const df = deflateSync('x');
    expect(JSON.parse((await post({ 'content-encoding': 'deflate', 'content-length': df.length }, (req) => req.end(df))).body).text).toBe('x');
    const bomb = gzipSync(Buffer.alloc(LIMIT * 20, 'a'));
    expect(bomb.length).toBeLessThan(LIMIT);
    const res = await post({ 'content-encoding': 'gzip', 'content-length': bomb.length }, (req) => req.end(bomb));
    expect(res.status).toBe(413);
  });

  it('answers 415 for an encoding it cannot read and 400 for a body that does not decompress', async () => {
    const zstd = await post({ 'content-encoding': 'zstd', 'content-length': 2 }, (req) => req.end('{}'));
    expect(zstd.status).toBe(415);
    expect(JSON.parse(zstd.body)).toEqual({ error: 'unsupported_encoding', detail: 'Content-Encoding must be identity, gzip, deflate or br' });
    const corrupt = await post({ 'content-encoding': 'gzip', 'content-length': 9 }, (req) => req.end('not gzip!'));
    expect(corrupt.status).toBe(400);
    expect(JSON.parse(corrupt.body)).toEqual({ error: 'invalid_encoding', detail: 'the compressed request body could not be decompressed' });
  });

  it('rejects with request_aborted when the client goes away half-way, and keeps serving', async () => {
    outcomes.length = 0;
    const seen = new Promise<void>((r) => (settle = r));
    const req = http.request({ host: '127.0.0.1', port, method: 'POST', headers: { 'content-length': 100 }, agent: false });
    req.on('error', () => {});
    req.write('{"half":', () => req.destroy());
    await seen;
    settle = undefined;
    const [outcome] = outcomes;
    expect(outcome?.ok).toBe(false);
    expect(outcome?.ok === false && outcome.err).toMatchObject({ status: 400, code: 'request_aborted' });
    expect((await post({ 'content-length': 2 }, (r) => r.end('ok'))).status).toBe(200);
  });
});
