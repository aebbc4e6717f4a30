// Listening and the graceful close of the shared server helper, with real
// loopback clients: kernel-chosen ports, idle keep-alive sockets closed at
// once, busy ones told to close, and the deadline.
import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { listen, serve, type GracefulServer } from '../../../src/shared/http/listen.js';
import { sendJson } from '../../../src/shared/http/respond.js';
import { request } from './loopback.js';

const open: GracefulServer[] = [];
const agents: http.Agent[] = [];
afterEach(async () => {
  for (const a of agents.splice(0)) a.destroy();
  for (const s of open.splice(0)) {
    s.server.closeAllConnections();
    await s.close(0);
  }
});

function keepAlive(): http.Agent {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  agents.push(agent);
  return agent;
}

/** A server whose /slow answers wait until `release` is called. */
function slowServer(): { s: GracefulServer; started: Promise<void>; release: () => void } {
  let release!: () => void;
  let onStart!: () => void;
  const started = new Promise<void>((r) => (onStart = r));
  const released = new Promise<void>((r) => (release = r));
  const s = serve((req, res) => {
    if (req.url === '/slow') {
      onStart();
      void released.then(() => sendJson(res, 200, { slow: true }));
    } else sendJson(res, 200, { ok: true });
  });
  open.push(s);
  return { s, started, release };
}

describe('shared listen', () => {
  it('resolves the port the kernel chose for port 0', async () => {
    const { s } = slowServer();
    const port = await s.listen(0, '127.0.0.1');
    expect(port).toBeGreaterThan(0);
    expect((await request(port, { path: '/' })).status).toBe(200);
  });

  it('rejects when the port is taken', async () => {
    const { s } = slowServer();
    const port = await s.listen(0, '127.0.0.1');
    const other = http.createServer();
    await expect(listen(other, port, '127.0.0.1')).rejects.toMatchObject({ code: 'EADDRINUSE' });
  });
});

describe('shared graceful close', () => {
  it('closes idle keep-alive connections at once', async () => {
    const { s } = slowServer();
    const port = await s.listen(0, '127.0.0.1');
    const agent = keepAlive();
    const res = await request(port, { path: '/', agent });
    expect(res.headers.connection).toBe('keep-alive');
    expect(agent.freeSockets).not.toEqual({});
    const socketClosed = new Promise<void>((r) => Object.values(agent.freeSockets)[0]?.[0]?.once('close', () => r()));
    // Node's default keep-alive timeout is 5 s: resolving well before it
    // proves the idle socket was closed by close(), not by the timer.
    const started = Date.now();
    await s.close(60_000);
    await socketClosed;
    expect(Date.now() - started).toBeLessThan(4_000);
    expect(s.server.listening).toBe(false);
  });

  it('lets a request in flight finish with Connection: close, then resolves', async () => {
    const { s, started, release } = slowServer();
    const port = await s.listen(0, '127.0.0.1');
    const agent = keepAlive();
    const answer = request(port, { path: '/slow', agent });
    await started;
    let closed = false;
    const closing = s.close(60_000).then(() => (closed = true));
    expect(s.draining).toBe(true);
    expect(closed).toBe(false);
    release();
    const res = await answer;
    expect(res.status).toBe(200);
    expect(res.headers.connection).toBe('close');
    await closing;
    expect(closed).toBe(true);
  });

  it('closes the keep-alive socket of an answer whose head went out before the drain', async () => {
    let finish!: () => void;
    let headSent!: () => void;
    const head = new Promise<void>((r) => (headSent = r));
    const s = serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.flushHeaders();
      headSent();
      finish = () => res.end('done');
    });
    open.push(s);
    const port = await s.listen(0, '127.0.0.1');
    const answer = request(port, { path: '/', agent: keepAlive() });
    await head;
    const closing = s.close(60_000);
    finish();
    expect((await answer).headers.connection).toBe('keep-alive');
    await closing;
  });

  it('tells answers still to be written to close once draining begins, before the listener closes', async () => {
    const { s, started, release } = slowServer();
    const port = await s.listen(0, '127.0.0.1');
    const answer = request(port, { path: '/slow', agent: keepAlive() });
    await started;
    s.beginDrain();
    release();
    expect((await answer).headers.connection).toBe('close');
    expect(s.server.listening).toBe(true);
    // A new request while draining is told to close too.
    expect((await request(port, { path: '/', agent: keepAlive() })).headers.connection).toBe('close');
  });

  it('at the deadline runs onDeadline and cuts the connections left', async () => {
    const { s, started } = slowServer();
    const port = await s.listen(0, '127.0.0.1');
    const answer = request(port, { path: '/slow', agent: keepAlive() }).then(
      () => 'answered',
      () => 'cut',
    );
    await started;
    let deadlineRan = false;
    await s.close(50, () => (deadlineRan = true));
    expect(deadlineRan).toBe(true);
    expect(await answer).toBe('cut');
  });

  it('returns the first close for later calls, also on a server that never listened', async () => {
    const { s } = slowServer();
    const first = s.close(0);
    expect(s.close(10)).toBe(first);
    await first;
  });
});
