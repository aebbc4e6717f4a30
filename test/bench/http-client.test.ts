// The sync benchmark's raw-socket load client (bench/hooks/http-client.ts):
// its response parser on split and merged chunks and on what it must refuse,
// and the load loop against a real node:http server over loopback.
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { buildPost, HttpProtocolError, load, requestOnce, ResponseParser, type HttpResponse } from '../../bench/hooks/http-client.js';

function response(status: number, body: string, extra = ''): Buffer {
  return Buffer.from(`HTTP/1.1 ${status} X\r\nContent-Type: application/json\r\n${extra}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
}

function feed(parser: ResponseParser, bytes: Buffer, size: number): HttpResponse[] {
  const out: HttpResponse[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(...parser.push(bytes.subarray(i, i + size)));
  return out;
}

describe('ResponseParser', () => {
  it('assembles a response split across chunks, at every split size', () => {
    const body = JSON.stringify({ children: ['ConfigMap', 'Deployment'], pad: 'x'.repeat(300) });
    const bytes = response(200, body);
    for (const size of [1, 2, 3, 7, 64, bytes.length - 1]) {
      const parser = new ResponseParser();
      const got = feed(parser, bytes, size);
      expect(got.map((r) => [r.status, r.body.toString()])).toEqual([[200, body]]);
      expect(got[0]?.headers['content-type']).toBe('application/json');
      expect(parser.buffered).toBe(0);
    }
  });

  it('returns two responses that arrive in one chunk, and keeps the start of a third', () => {
    const third = response(200, '{"c":3}');
    const parser = new ResponseParser();
    const got = parser.push(Buffer.concat([response(200, '{"a":1}'), response(201, '{"b":2}'), third.subarray(0, 20)]));
    expect(got.map((r) => [r.status, r.body.toString()])).toEqual([
      [200, '{"a":1}'],
      [201, '{"b":2}'],
    ]);
    expect(parser.buffered).toBe(20);
    expect(parser.push(third.subarray(20)).map((r) => r.body.toString())).toEqual(['{"c":3}']);
    expect(parser.buffered).toBe(0);
  });

  it('hands back a non-200 with its status and body (the load loop decides)', () => {
    const [got] = new ResponseParser().push(response(500, '{"error":"boom"}'));
    expect(got?.status).toBe(500);
    expect(got?.body.toString()).toBe('{"error":"boom"}');
  });

  it('accepts an empty body with Content-Length 0', () => {
    const got = new ResponseParser().push(Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n'));
    expect(got.map((r) => r.body.length)).toEqual([0]);
  });

  it('refuses a chunked response', () => {
    const chunked = Buffer.from('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n');
    expect(() => new ResponseParser().push(chunked)).toThrow(/Transfer-Encoding chunked/);
  });

  it('refuses a response without Content-Length, or with a bad one', () => {
    expect(() => new ResponseParser().push(Buffer.from('HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nbody'))).toThrow(/no Content-Length/);
    expect(() => new ResponseParser().push(Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: -3\r\n\r\n'))).toThrow(/invalid Content-Length/);
    expect(() => new ResponseParser().push(Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nabc'))).toThrow(
      /conflicting Content-Length/,
    );
  });

  it('refuses what is not an HTTP/1.1 response', () => {
    expect(() => new ResponseParser().push(Buffer.from('HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n'))).toThrow(HttpProtocolError);
    expect(() => new ResponseParser().push(Buffer.from('SSH-2.0-OpenSSH\r\n\r\n'))).toThrow(/not an HTTP\/1.1 status line/);
  });

  it('gives up on a head that never ends instead of buffering forever', () => {
    const parser = new ResponseParser();
    parser.push(Buffer.from('HTTP/1.1 200 OK\r\n'));
    expect(() => parser.push(Buffer.alloc(70 * 1024, 'a'))).toThrow(/no end of response head/);
  });
});

describe('buildPost', () => {
  it('writes the request line, Host, Content-Type and Content-Length before the body', () => {
    const body = Buffer.from('{"é":1}');
    expect(buildPost('127.0.0.1', 18540, '/hooks/x', body).toString()).toBe(
      `POST /hooks/x HTTP/1.1\r\nHost: 127.0.0.1:18540\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n{"é":1}`,
    );
  });
});

describe('load over loopback', () => {
  let server: http.Server | undefined;
  afterEach(async () => {
    if (!server) return;
    server.closeAllConnections();
    server.close();
    await once(server, 'close');
    server = undefined;
  });

  /** A node:http server that answers every request with `handler`'s status and echoes the body length. */
  async function serve(handler: (body: Buffer, count: number) => number): Promise<number> {
    let count = 0;
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        const answer = JSON.stringify({ received: body.length, method: req.method, type: req.headers['content-type'] });
        res.writeHead(handler(body, ++count), { 'content-type': 'application/json', 'content-length': Buffer.byteLength(answer) });
        res.end(answer);
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return (server.address() as AddressInfo).port;
  }

  it('sends exactly the request bound, C at a time, and records a latency for each answer', async () => {
    const port = await serve(() => 200);
    const body = Buffer.alloc(30_000, 'a');
    const request = buildPost('127.0.0.1', port, '/sync', body);
    const first = await requestOnce({ port, request });
    expect(JSON.parse(first.body.toString())).toEqual({ received: 30_000, method: 'POST', type: 'application/json' });
    const run = await load({ port, request, concurrency: 5, maxRequests: 300, maxSeconds: 60 });
    expect(run.done).toBe(300);
    expect(run.latencies).toHaveLength(300);
    expect(run.latencies.every((ms) => ms > 0)).toBe(true);
  });

  it('fails the run on the first non-200 answer, with its status and body', async () => {
    const port = await serve((_body, count) => (count === 40 ? 503 : 200));
    const request = buildPost('127.0.0.1', port, '/sync', Buffer.from('{}'));
    await expect(load({ port, request, concurrency: 3, maxRequests: 100, maxSeconds: 60 })).rejects.toThrow(/answered 503: \{"received":2/);
  });

  it('fails the run when the server closes a connection mid-run', async () => {
    let count = 0;
    server = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        // The tenth request is never answered: its connection is dropped.
        if (++count === 10) return void res.socket?.destroy();
        res.writeHead(200, { 'content-length': '2' });
        res.end('{}');
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const port = (server.address() as AddressInfo).port;
    const request = buildPost('127.0.0.1', port, '/sync', Buffer.from('{}'));
    await expect(load({ port, request, concurrency: 2, maxRequests: 2000, maxSeconds: 60 })).rejects.toThrow(/closed a connection/);
  });

  it('fails the run when the server stops answering, instead of hanging', async () => {
    let count = 0;
    server = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        // From the twentieth request on, nothing is answered.
        if (++count >= 20) return;
        res.writeHead(200, { 'content-length': '2' });
        res.end('{}');
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const port = (server.address() as AddressInfo).port;
    const request = buildPost('127.0.0.1', port, '/sync', Buffer.from('{}'));
    await expect(load({ port, request, concurrency: 2, maxRequests: 1000, maxSeconds: 2, stallSeconds: 0.3 })).rejects.toThrow(
      /server stopped answering/,
    );
  });
});
