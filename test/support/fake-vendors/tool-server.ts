import http from 'node:http';
import type { AddressInfo } from 'node:net';

// An HTTP tool backend for the runtime's `http` tools. Routes:
//   /weather  → {"city": <args.city>, "forecast": "sunny", "celsius": 21}
//   /fail     → 500 with a text body
//   /slow     → answers after 2 s (for timeouts)
//   /flaky    → 503 for the first `flakyFailures` calls, then {"ok": true}
//   /text     → a plain-text body
export interface ToolServer {
  url: string;
  calls: { path: string; body: unknown; contentType: string | undefined }[];
  close(): Promise<void>;
}

export async function startToolServer(opts: { flakyFailures?: number } = {}): Promise<ToolServer> {
  const calls: ToolServer['calls'] = [];
  let flaky = opts.flakyFailures ?? 1;
  const server = http.createServer(async (req, res) => {
    let raw = '';
    for await (const c of req) raw += c;
    const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : undefined;
    calls.push({ path: req.url ?? '', body, contentType: req.headers['content-type'] });
    const json = (status: number, b: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(b));
    };
    switch (req.url) {
      case '/weather':
        return json(200, { city: body?.city ?? null, forecast: 'sunny', celsius: 21 });
      case '/fail':
        res.writeHead(500, { 'content-type': 'text/plain' });
        return res.end('database is down');
      case '/slow':
        setTimeout(() => json(200, { late: true }), 2_000).unref();
        return;
      case '/flaky':
        if (flaky > 0) {
          flaky -= 1;
          return json(503, { error: 'try again' });
        }
        return json(200, { ok: true });
      case '/text':
        res.writeHead(200, { 'content-type': 'text/plain' });
        return res.end('plain words');
      default:
        return json(404, { error: 'no such tool' });
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
