// The hook server's request listener, on plain node:http throughout: hook
// calls (POST /hooks/<kind>/<hook>) go straight to hook-route.ts; a small
// route table serves /healthz, /readyz and /metrics, and answers 404, 405 with
// Allow, and 400 for a hook path it cannot decode. Routing keeps express's
// habits, which clients may rely on: paths match case-insensitively, with an
// optional trailing slash, and GET routes answer HEAD too.
import http, { type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { HttpError } from '../../shared/http/error.js';
import { decodeSegment, pathOf } from '../../shared/http/path.js';
import { sendError, sendJson, sendText } from '../../shared/http/respond.js';
import { createLogger } from '../../shared/logger.js';
import type { HookRegistry } from '../registry.js';
import { describeUnexpected } from './errors.js';
import { createHookRoute, GENERIC_500, type HookRoute } from './hook-route.js';
import { createHookMetrics, type HookMetrics } from './metrics.js';

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

// The hot path: `/hooks/<kind>/<hook>` with an optional trailing slash and
// query, segments without `%` escapes. Anything else goes through `route`.
const HOOK_PATH = /^\/hooks\/([^/?#%]+)\/([^/?#%]+)\/?(?:\?.*)?$/i;
// Any hook path, matched on the path alone (escaped segments are decoded).
const ANY_HOOK_PATH = /^\/hooks\/([^/]+)\/([^/]+)\/?$/i;

const NOT_FOUND = new HttpError(404, 'not_found', 'no such endpoint');
const NOT_POST = new HttpError(405, 'method_not_allowed', 'hooks are called with POST');
const INVALID_PATH = new HttpError(400, 'invalid_path', 'the request path could not be decoded');
const ALLOW_POST = { allow: 'POST' };

function answer(res: ServerResponse, err: HttpError, headers?: Record<string, string>): void {
  sendError(res, err.status, err.body, headers);
}

export function createApp(options: AppOptions): HookApp {
  const { registry } = options;
  const logger = options.logger ?? createLogger('omnia-hooks');
  const isReady = options.isReady ?? (() => true);
  const metrics = options.metrics ?? createHookMetrics();
  const serveHook: HookRoute = createHookRoute({
    registry,
    clock: options.clock ?? (() => new Date()),
    logger,
    limitBytes: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
    metrics,
  });

  // GET (and HEAD) routes by lower-cased path without a trailing slash.
  const getRoutes: Record<string, (res: ServerResponse) => void> = {
    '/healthz': (res) => sendJson(res, 200, { status: 'ok' }),
    '/readyz': (res) => {
      if (isReady()) sendJson(res, 200, { status: 'ready' });
      else sendError(res, 503, { error: 'not_ready', detail: 'the hook server is shutting down' });
    },
    '/metrics': (res) => {
      metrics.registry.metrics().then(
        (text) => {
          sendText(res, 200, metrics.registry.contentType, text);
        },
        (err: unknown) => {
          logger.error(describeUnexpected(err), 'unexpected exception outside a hook request');
          if (res.headersSent) res.destroy();
          else answer(res, new HttpError(500, 'internal_error', GENERIC_500));
        },
      );
    },
  };

  /** Everything but the hot path. */
  function route(req: IncomingMessage, res: ServerResponse): void {
    const path = pathOf(req.url);
    const hook = ANY_HOOK_PATH.exec(path);
    if (hook) {
      if (req.method !== 'POST') return answer(res, NOT_POST, ALLOW_POST);
      const kind = decodeSegment(hook[1] as string);
      const name = decodeSegment(hook[2] as string);
      if (kind === undefined || name === undefined) return answer(res, INVALID_PATH);
      return serveHook(req, res, kind, name);
    }
    const key = (path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path).toLowerCase();
    const get = Object.hasOwn(getRoutes, key) ? getRoutes[key] : undefined;
    if (get && (req.method === 'GET' || req.method === 'HEAD')) return get(res);
    answer(res, NOT_FOUND);
  }

  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    if (req.method === 'POST') {
      const m = HOOK_PATH.exec(req.url ?? '');
      if (m) return serveHook(req, res, m[1] as string, m[2] as string);
    }
    route(req, res);
  };
  return Object.assign(listener, {
    listen(port: number, host?: string): Server {
      const server = http.createServer(listener);
      return host === undefined ? server.listen(port) : server.listen(port, host);
    },
  });
}
