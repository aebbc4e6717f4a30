import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Registry } from 'prom-client';
import { pathOf } from '../shared/http/path.js';
import { sendError, sendJson, sendText } from '../shared/http/respond.js';

// The health port: liveness, readiness and Prometheus metrics, apart from the
// traffic port so probes and scrapes never queue behind conversations.

export interface ReadinessSource {
  isDraining(): boolean;
  storeReachable(): Promise<boolean>;
  handlerHealthy(): Promise<boolean>;
}

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

/** The health port's request listener. */
export function createHealthListener(registry: Registry, ready: ReadinessSource): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const path = pathOf(req.url);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return sendError(res, 405, { error: 'method_not_allowed', detail: 'the health port answers GET' }, { allow: 'GET, HEAD' });
    }
    switch (path) {
      case '/healthz':
        return sendJson(res, 200, { status: 'ok' });
      case '/readyz':
        void (async () => {
          if (ready.isDraining()) return sendJson(res, 503, { status: 'draining' });
          const [store, handler] = await Promise.all([within(ready.storeReachable, 3_000), within(ready.handlerHealthy, 3_000)]);
          const checks = { store: store ? 'ok' : 'unreachable', handler: handler ? 'ok' : 'unhealthy' };
          sendJson(res, store && handler ? 200 : 503, { status: store && handler ? 'ready' : 'not_ready', checks });
        })();
        return;
      case '/metrics':
        void registry.metrics().then(
          (text) => {
            sendText(res, 200, registry.contentType, text);
          },
          () => sendError(res, 500, { error: 'metrics_failed', detail: 'the metrics could not be collected' }),
        );
        return;
      default:
        return sendError(res, 404, { error: 'not_found', detail: 'no such endpoint' });
    }
  };
}
