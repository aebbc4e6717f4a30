import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Registry } from 'prom-client';

// The health port: liveness, readiness and Prometheus metrics, apart from the
// traffic port so probes and scrapes never queue behind conversations.

export interface ReadinessSource {
  isDraining(): boolean;
  storeReachable(): Promise<boolean>;
  handlerHealthy(): Promise<boolean>;
}

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

/** Resolves false when the check throws or takes longer than `ms`. */
async function within(check: () => Promise<boolean>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      check().catch(() => false),
      new Promise<boolean>((r) => {
        timer = setTimeout(() => r(false), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

export function createHealthServer(registry: Registry, ready: ReadinessSource): Server {
  return createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') return json(res, 405, { error: 'method_not_allowed' });
    switch (path) {
      case '/healthz':
        return json(res, 200, { status: 'ok' });
      case '/readyz':
        void (async () => {
          if (ready.isDraining()) return json(res, 503, { status: 'draining' });
          const [store, handler] = await Promise.all([within(ready.storeReachable, 3_000), within(ready.handlerHealthy, 3_000)]);
          const checks = { store: store ? 'ok' : 'unreachable', handler: handler ? 'ok' : 'unhealthy' };
          json(res, store && handler ? 200 : 503, { status: store && handler ? 'ready' : 'not_ready', checks });
        })();
        return;
      case '/metrics':
        void registry.metrics().then(
          (text) => {
            res.writeHead(200, { 'content-type': registry.contentType });
            res.end(text);
          },
          () => json(res, 500, { error: 'metrics_failed' }),
        );
        return;
      default:
        return json(res, 404, { error: 'not_found' });
    }
  });
}
