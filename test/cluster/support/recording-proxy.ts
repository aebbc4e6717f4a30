// Sits between Metacontroller and the hook server: forwards every request as is
// (headers, ETag revalidation, status) and keeps the latest request body per hook
// path, so a run can save what the real Metacontroller sent. Its port stays put
// while the hook server behind it is stopped and started again.
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordingProxy {
  url: string;
  /** Path → how many requests came in (all statuses). */
  counts(): Record<string, number>;
  /** Path → the latest request body. */
  latest(): Map<string, Buffer>;
  stop(): Promise<void>;
}

export async function startRecordingProxy(target: () => number): Promise<RecordingProxy> {
  const counts: Record<string, number> = {};
  const latest = new Map<string, Buffer>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const path = req.url ?? '/';
      counts[path] = (counts[path] ?? 0) + 1;
      if (req.method === 'POST' && body.length > 0) latest.set(path, body);
      const upstream = request(
        { host: '127.0.0.1', port: target(), path, method: req.method, headers: req.headers },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        },
      );
      // The hook server is down: Metacontroller sees a failed call, as it would
      // if the Service had no ready endpoint.
      upstream.on('error', (err) => {
        if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: 'hook server unreachable', detail: err.message }));
      });
      upstream.end(body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    counts: () => ({ ...counts }),
    latest: () => new Map(latest),
    stop: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
