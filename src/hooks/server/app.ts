// The hook server's request listener: hook calls (POST /hooks/:kind/:hook) are
// served on plain node:http by hook-route.ts; express keeps everything else
// (/healthz, /readyz, /metrics, 404, 405), where its routing costs nothing
// that matters.
import http, { type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import { createLogger } from '../../shared/logger.js';
import type { HookRegistry } from '../registry.js';
import { describeUnexpected, HttpError } from './errors.js';
import { createHookRoute, GENERIC_500 } from './hook-route.js';
import { createHookMetrics, type HookMetrics } from './metrics.js';
import { sendError, sendJson } from './respond.js';

export const DEFAULT_BODY_LIMIT = 16 * 1024 * 1024;

export interface AppOptions {
  registry: HookRegistry;
  /** The time handed to hooks; tests pin it. */
  clock?: () => Date;
  logger?: Logger;
  /** Largest accepted request body in bytes (compressed and decompressed alike). */
  bodyLimit?: number;
  /** Readiness beyond "the process is up"; main turns it off while draining. */
  isReady?: () => boolean;
  metrics?: HookMetrics;
}

/** A node:http request listener; `listen` is http.createServer(listener).listen. */
export interface HookApp {
  (req: IncomingMessage, res: ServerResponse): void;
  listen(port: number, host?: string): Server;
}

// `/hooks/<kind>/<hook>` with an optional trailing slash and query, matched
// case-insensitively like the express route. Segments with `%` escapes (or any
// other URL form) fall through to the express route, which decodes them.
const HOOK_PATH = /^\/hooks\/([^/?#%]+)\/([^/?#%]+)\/?(?:\?.*)?$/i;

export function createApp(options: AppOptions): HookApp {
  const { registry } = options;
  const logger = options.logger ?? createLogger('omnia-hooks');
  const isReady = options.isReady ?? (() => true);
  const metrics = options.metrics ?? createHookMetrics();
  const serveHook = createHookRoute({
    registry,
    clock: options.clock ?? (() => new Date()),
    logger,
    limitBytes: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
    metrics,
  });

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);

  app.get('/healthz', (_req, res) => {
    sendJson(res, 200, { status: 'ok' });
  });
  app.get('/readyz', (_req, res) => {
    if (isReady()) sendJson(res, 200, { status: 'ready' });
    else sendJson(res, 503, { error: 'not_ready', detail: 'the hook server is shutting down' });
  });
  app.get('/metrics', async (_req, res) => {
    const text = await metrics.registry.metrics();
    res.status(200).type(metrics.registry.contentType).send(text);
  });
  // Hook paths the fast matcher below leaves alone (escaped segments, absolute-form URLs).
  app.post('/hooks/:kind/:hook', (req: Request, res: Response) => {
    serveHook(req, res, String(req.params.kind), String(req.params.hook));
  });
  app.all('/hooks/:kind/:hook', (_req, res) => {
    sendError(res, new HttpError(405, 'method_not_allowed', 'hooks are called with POST'), { Allow: 'POST' });
  });
  app.use((_req: Request, res: Response) => {
    sendError(res, new HttpError(404, 'not_found', 'no such endpoint'));
  });
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    // Only express itself gets here: a path it cannot decode (its errors carry
    // a 4xx `status`), or a /metrics collector that threw.
    const status = (err as { status?: unknown } | null)?.status;
    const badRequest = typeof status === 'number' && status >= 400 && status < 500;
    if (!badRequest) logger.error(describeUnexpected(err), 'unexpected exception outside a hook request');
    if (res.headersSent) res.destroy();
    else if (badRequest) sendError(res, new HttpError(400, 'invalid_path', 'the request path could not be decoded'));
    else sendError(res, new HttpError(500, 'internal_error', GENERIC_500));
  });

  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    if (req.method === 'POST') {
      const m = HOOK_PATH.exec(req.url ?? '');
      if (m) return serveHook(req, res, m[1] as string, m[2] as string);
    }
    app(req, res);
  };
  return Object.assign(listener, {
    listen(port: number, host?: string): Server {
      const server = http.createServer(listener);
      return host === undefined ? server.listen(port) : server.listen(port, host);
    },
  });
}
