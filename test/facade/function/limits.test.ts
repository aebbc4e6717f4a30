import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { echoHandler } from './support/handlers.js';
import { startFunction, type StartedFunction } from './support/server.js';

// The 1 MiB limit is enforced while reading: these tests speak raw HTTP/1.1
// over a socket so they control exactly what is sent and when.

const MiB = 1024 * 1024;

interface RawExchange {
  response: string;
  /** Body bytes the client managed to hand to the socket before the server hung up. */
  sent: number;
  serverClosed: boolean;
}

/** Sends headers, then up to `maxBytes` of chunked body (never the final chunk) until the server hangs up. */
function streamChunked(port: number, maxBytes: number): Promise<RawExchange> {
  return new Promise((resolve) => {
    const socket: Socket = connect(port, '127.0.0.1');
    let response = '';
    let sent = 0;
    let closed = false;
    const chunk = Buffer.alloc(64 * 1024, 'a');
    const frame = Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]);
    socket.on('data', (d) => (response += d.toString('latin1')));
    socket.on('error', () => {
      /* EPIPE / ECONNRESET once the server has dropped us: expected */
    });
    socket.on('close', () => {
      closed = true;
      resolve({ response, sent, serverClosed: true });
    });
    socket.on('connect', () => {
      socket.write(
        'POST /functions/echo HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n',
      );
      const pump = (): void => {
        while (!closed && sent < maxBytes) {
          sent += chunk.length;
          if (!socket.write(frame)) {
            socket.once('drain', pump);
            return;
          }
        }
        // Everything sent but no final chunk: only a server that gave up early answers.
        if (!closed) {
          setTimeout(() => {
            if (!closed) {
              resolve({ response, sent, serverClosed: false });
              socket.destroy();
            }
          }, 3000);
        }
      };
      pump();
    });
  });
}

describe('413 payload_too_large, checked while reading', () => {
  let f: StartedFunction;
  const serverBytesRead: number[] = [];
  beforeAll(async () => {
    f = await startFunction({ handler: echoHandler() });
    f.server.on('connection', (s) => s.on('close', () => serverBytesRead.push(s.bytesRead)));
  });
  afterAll(() => f.close());

  it('a chunked body without Content-Length is cut off soon after 1 MiB, before it ends', async () => {
    serverBytesRead.length = 0;
    const ex = await streamChunked(f.port, 32 * MiB);
    expect(ex.response).toMatch(/^HTTP\/1\.1 413 /);
    expect(ex.response.toLowerCase()).toContain('connection: close');
    expect(ex.response).toContain('{"error":"payload_too_large","detail":"request body exceeds 1048576 bytes"}');
    expect(ex.serverClosed).toBe(true);
    // The server stopped reading: it took in little more than the limit of the
    // 32 MiB the client was ready to send (socket buffers account for the rest).
    await expect.poll(() => serverBytesRead.length).toBe(1);
    expect(serverBytesRead[0]).toBeGreaterThan(MiB);
    expect(serverBytesRead[0]).toBeLessThan(2 * MiB);
    expect(ex.sent).toBeLessThan(32 * MiB);
  });

  it('a declared Content-Length over the limit is refused before any body byte is sent', async () => {
    const ex = await new Promise<RawExchange>((resolve) => {
      const socket = connect(f.port, '127.0.0.1', () => {
        socket.write(
          `POST /functions/echo HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${50 * MiB}\r\n\r\n`,
        );
      });
      let response = '';
      socket.on('data', (d) => (response += d.toString('latin1')));
      socket.on('error', () => {});
      socket.on('close', () => resolve({ response, sent: 0, serverClosed: true }));
    });
    expect(ex.response).toMatch(/^HTTP\/1\.1 413 /);
    expect(ex.response).toContain('"error":"payload_too_large"');
    expect(ex.serverClosed).toBe(true);
  });

  it('keeps the connection usable after a normal answer (keep-alive is only dropped on refusals)', async () => {
    const response = await new Promise<string>((resolve) => {
      const socket = connect(f.port, '127.0.0.1', () => {
        const body = '{"text":"one"}';
        const req = `POST /functions/echo HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`;
        socket.write(req + req.replace('one', 'two'));
      });
      let data = '';
      socket.on('data', (d) => {
        data += d.toString('latin1');
        if (data.includes('"echo":"two"')) {
          socket.destroy();
          resolve(data);
        }
      });
    });
    expect(response.match(/HTTP\/1\.1 200 /g)).toHaveLength(2);
  });

  it('honours a smaller configured limit', async () => {
    const small = await startFunction({ handler: echoHandler(), maxBodyBytes: 16 });
    try {
      const res = await fetch(`${small.url}/functions/echo`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text: 'seventeen bytes!' }),
      });
      expect(res.status).toBe(413);
      expect(await res.json()).toEqual({ error: 'payload_too_large', detail: 'request body exceeds 16 bytes' });
    } finally {
      await small.close();
    }
  });
});
