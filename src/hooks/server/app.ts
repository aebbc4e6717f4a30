// The express layer around the pure hooks: it parses, checks the envelope,
// calls, serialises, and counts. Nothing here knows what a hook computes.
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import { createLogger } from '../../shared/logger.js';
import { allowedResponseFields, HOOK_NAMES, type HookRegistry, type KindEntry } from '../registry.js';
import { HookRequestError, type Hook, type HookName } from '../types.js';
import { isJsonContentType } from './content-type.js';
import { checkEnvelope, unknownResponseFields, isPlainObject } from './envelope.js';
import { readBody } from './body.js';
import { describeUnexpected, HttpError, type ErrorBody } from './errors.js';
import { etagOf, ifNoneMatchMatches } from './etag.js';
import { createHookMetrics, type HookMetrics } from './metrics.js';
import { serialize } from './serialize.js';

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

/** What one hook request learned, for its log line and metrics. */
interface RequestInfo {
  kind: string;
  hook: string;
  known: boolean;
  namespace?: string;
  name?: string;
  error?: string;
  entry?: KindEntry;
  fn?: Hook;
}

const GENERIC_500 = 'the hook failed unexpectedly; the hook server log has the details';

export function createApp(options: AppOptions): express.Express {
  const { registry } = options;
  const clock = options.clock ?? (() => new Date());
  const logger = options.logger ?? createLogger('omnia-hooks');
  const limitBytes = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const isReady = options.isReady ?? (() => true);
  const metrics = options.metrics ?? createHookMetrics();

  const app = express();
  app.disable('x-powered-by');
  // Our own strong ETag over the exact response bytes replaces express's.
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

  app.post('/hooks/:kind/:hook', track, resolveHook, requireJson, receiveBody, handleHook);
  app.all('/hooks/:kind/:hook', (_req, res) => {
    res.set('Allow', 'POST');
    sendError(res, new HttpError(405, 'method_not_allowed', 'hooks are called with POST'));
  });
  app.use((_req: Request, res: Response) => {
    sendError(res, new HttpError(404, 'not_found', 'no such endpoint'));
  });
  app.use(errorHandler);

  /** Log and count every hook request once it is over, whatever happened. */
  function track(req: Request, res: Response, next: NextFunction): void {
    const started = process.hrtime.bigint();
    const kind = String(req.params.kind);
    const hook = String(req.params.hook);
    const info: RequestInfo = { kind, hook, known: false };
    res.locals.info = info;
    res.once('close', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const code = res.writableFinished ? String(res.statusCode) : 'aborted';
      // Unknown paths share one label value so a scanner cannot blow up cardinality.
      const kindLabel = info.known ? info.kind : 'unknown';
      const hookLabel = info.known ? info.hook : 'unknown';
      metrics.observe(kindLabel, hookLabel, code, seconds, info.error);
      const line = {
        kind: info.known ? info.kind : info.kind.slice(0, 64),
        hook: info.known ? info.hook : info.hook.slice(0, 64),
        namespace: info.namespace,
        name: info.name,
        status: code === 'aborted' ? code : res.statusCode,
        durationMs: Math.round(seconds * 1e6) / 1e3,
        error: info.error,
      };
      if (code === 'aborted' || res.statusCode >= 500) logger.error(line, 'hook request');
      else if (res.statusCode >= 400) logger.warn(line, 'hook request');
      else logger.info(line, 'hook request');
    });
    next();
  }

  function resolveHook(_req: Request, res: Response, next: NextFunction): void {
    const info = res.locals.info as RequestInfo;
    // hasOwn: "constructor" or "__proto__" must not resolve to Object's members.
    const entry = Object.hasOwn(registry, info.kind) ? registry[info.kind] : undefined;
    if (!entry) {
      return next(new HttpError(404, 'unknown_kind', `no hooks for kind "${info.kind.slice(0, 64)}"`));
    }
    const hookName = info.hook as HookName;
    const fn = HOOK_NAMES.includes(hookName) && Object.hasOwn(entry.hooks, hookName) ? entry.hooks[hookName] : undefined;
    if (typeof fn !== 'function') {
      return next(new HttpError(404, 'unknown_hook', `kind "${info.kind}" has no hook "${info.hook.slice(0, 64)}"`));
    }
    info.known = true;
    info.entry = entry;
    info.fn = fn;
    next();
  }

  function requireJson(req: Request, _res: Response, next: NextFunction): void {
    if (!isJsonContentType(req.headers['content-type'])) {
      return next(new HttpError(415, 'unsupported_media_type', 'Content-Type must be application/json (UTF-8)'));
    }
    next();
  }

  async function receiveBody(req: Request, res: Response, next: NextFunction): Promise<void> {
    try {
      res.locals.body = await readBody(req, limitBytes);
      next();
    } catch (err) {
      // Whatever is left of a refused body stays unread: do not reuse the socket.
      res.setHeader('Connection', 'close');
      next(err);
    }
  }

  function handleHook(req: Request, res: Response): void {
    const info = res.locals.info as RequestInfo;
    const entry = info.entry as KindEntry;
    const fn = info.fn as Hook;
    const hook = info.hook as HookName;

    let body: unknown;
    try {
      // One parse of the raw bytes.
      body = JSON.parse((res.locals.body as Buffer).toString('utf8'));
    } catch {
      throw new HttpError(400, 'invalid_json', 'request body is not valid JSON');
    }
    const subject = checkEnvelope(body, entry.controller, hook);
    if (subject.namespace !== undefined) info.namespace = subject.namespace;
    if (subject.name !== undefined) info.name = subject.name;

    const result = fn(body, clock());

    if (!isPlainObject(result)) {
      logger.error({ kind: info.kind, hook }, 'hook returned something other than a JSON object');
      throw new HttpError(500, 'internal_error', GENERIC_500);
    }
    const stray = unknownResponseFields(result, allowedResponseFields(entry.controller, hook));
    if (stray && stray.length > 0) {
      // Metacontroller's v2 decoder would reject these and apply nothing; say why here.
      logger.error({ kind: info.kind, hook, fields: stray }, 'hook returned fields Metacontroller rejects');
      throw new HttpError(500, 'internal_error', GENERIC_500);
    }

    const bytes = serialize(result);
    const etag = etagOf(bytes);
    res.set('ETag', etag);
    if (ifNoneMatchMatches(req.headers['if-none-match'], etag)) {
      res.status(304).end();
      return;
    }
    res.status(200).type('application/json').send(bytes);
  }

  function errorHandler(err: unknown, _req: Request, res: Response, _next: NextFunction): void {
    const info = res.locals.info as RequestInfo | undefined;
    let httpError: HttpError;
    if (err instanceof HttpError) {
      httpError = err;
    } else if (err instanceof HookRequestError) {
      const status = Number.isInteger(err.httpStatus) && err.httpStatus >= 400 && err.httpStatus <= 599 ? err.httpStatus : 400;
      httpError = new HttpError(status, err.code, err.detail);
    } else {
      logger.error({ kind: info?.kind, hook: info?.hook, ...describeUnexpected(err) }, 'unexpected exception in hook request');
      httpError = new HttpError(500, 'internal_error', GENERIC_500);
    }
    if (info) info.error = httpError.code;
    if (res.headersSent) {
      res.destroy();
      return;
    }
    sendError(res, httpError);
  }

  return app;
}

function sendJson(res: Response, status: number, value: unknown): void {
  res.status(status).type('application/json').send(serialize(value));
}

function sendError(res: Response, err: HttpError): void {
  const body: ErrorBody = { error: err.code, detail: err.detail };
  // An ETag from a successful attempt must not stick to an error.
  res.removeHeader('ETag');
  sendJson(res, err.status, body);
}
