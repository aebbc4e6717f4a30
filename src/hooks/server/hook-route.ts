// POST /hooks/:kind/:hook on plain node:http: resolve the hook, check the
// content type, read the body, parse, check the envelope, call, serialise,
// answer, then log and count. Nothing here knows what a hook computes.
// Written against IncomingMessage/ServerResponse rather than as framework
// middleware: on the 8.7 KB AgentRuntime create request an express route
// (router, res.set/type/send, freshness check) cost more CPU than the hook's
// own parse and serialise (bench/hooks.md).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { allowedResponseFields, HOOK_NAMES, type HookRegistry, type KindEntry } from '../registry.js';
import { HookRequestError, type Hook, type HookName } from '../types.js';
import { readBody } from '../../shared/http/body.js';
import { HttpError } from '../../shared/http/error.js';
import { checkJsonMediaType } from '../../shared/http/media-type.js';
import { sendError, sendJsonText } from '../../shared/http/respond.js';
import { isObject } from '../../shared/json.js';
import { tooDeep } from '../request/depth.js';
import { readSubject } from '../request/envelope.js';
import { unknownResponseFields } from './envelope.js';
import { describeUnexpected } from './errors.js';
import { etagOf, ifNoneMatchMatches } from './etag.js';
import type { HookMetrics } from './metrics.js';
import { serializeText } from './serialize.js';

export const GENERIC_500 = 'the hook failed unexpectedly; the hook server log has the details';

export interface HookRouteOptions {
  registry: HookRegistry;
  clock: () => Date;
  logger: Logger;
  limitBytes: number;
  metrics: HookMetrics;
}

/** What one hook request learned, for its log line and metrics. */
interface RequestInfo {
  kind: string;
  hook: string;
  known: boolean;
  started: bigint;
  namespace?: string;
  name?: string;
  error?: string;
  entry?: KindEntry;
  fn?: Hook;
}

export type HookRoute = (req: IncomingMessage, res: ServerResponse, kind: string, hook: string) => void;

export function createHookRoute(options: HookRouteOptions): HookRoute {
  const { registry, clock, logger, limitBytes, metrics } = options;
  // The access line carries only fields this file builds (kind, hook, the
  // parent's namespace and name, status, duration, an error code) — never a
  // request body or a hook's output — so it skips the redaction pass, which
  // with the logger's wildcard paths cost ~6 µs of a ~1.5 µs line. Every other
  // line (unexpected exceptions, contract breaches) goes through `logger`,
  // redaction and all.
  const accessLog = logger.child({}, { redact: [] });
  const validKinds = Object.keys(registry).sort().join(', ');

  function finish(res: ServerResponse, info: RequestInfo): void {
    const seconds = Number(process.hrtime.bigint() - info.started) / 1e9;
    const aborted = !res.writableFinished;
    const status = res.statusCode;
    // Unknown paths share one label value so a scanner cannot blow up cardinality.
    metrics.observe(info.known ? info.kind : 'unknown', info.known ? info.hook : 'unknown', aborted ? 'aborted' : String(status), seconds, info.error);
    const line = {
      kind: info.known ? info.kind : info.kind.slice(0, 64),
      hook: info.known ? info.hook : info.hook.slice(0, 64),
      namespace: info.namespace,
      // Not `name`: pino writes the logger's name under that key.
      parent: info.name,
      status: aborted ? 'aborted' : status,
      durationMs: Math.round(seconds * 1e6) / 1e3,
      error: info.error,
    };
    if (aborted || status >= 500) accessLog.error(line, 'hook request');
    else if (status >= 400) accessLog.warn(line, 'hook request');
    else accessLog.info(line, 'hook request');
  }

  /** The error answer for anything thrown or rejected while serving a hook. */
  function fail(res: ServerResponse, info: RequestInfo, err: unknown): void {
    let httpError: HttpError;
    if (err instanceof HttpError) {
      httpError = err;
    } else if (err instanceof HookRequestError) {
      const status = Number.isInteger(err.httpStatus) && err.httpStatus >= 400 && err.httpStatus <= 599 ? err.httpStatus : 400;
      httpError = new HttpError(status, err.code, err.detail);
    } else {
      logger.error({ kind: info.kind, hook: info.hook, ...describeUnexpected(err) }, 'unexpected exception in hook request');
      httpError = new HttpError(500, 'internal_error', GENERIC_500);
    }
    info.error = httpError.code;
    if (res.headersSent) {
      res.destroy();
      return;
    }
    sendError(res, httpError.status, httpError.body);
  }

  /** The hook function for the path, or the 404 to answer. */
  function resolve(info: RequestInfo): HttpError | undefined {
    // hasOwn: "constructor" or "__proto__" must not resolve to Object's members.
    const entry = Object.hasOwn(registry, info.kind) ? registry[info.kind] : undefined;
    if (!entry) return new HttpError(404, 'unknown_kind', `no hooks for kind "${info.kind.slice(0, 64)}" (valid kinds: ${validKinds})`);
    const hookName = info.hook as HookName;
    const fn = HOOK_NAMES.includes(hookName) && Object.hasOwn(entry.hooks, hookName) ? entry.hooks[hookName] : undefined;
    if (typeof fn !== 'function') {
      return new HttpError(404, 'unknown_hook', `kind "${info.kind}" has no hook "${info.hook.slice(0, 64)}"`);
    }
    info.known = true;
    info.entry = entry;
    info.fn = fn;
    return undefined;
  }

  /** Everything after the body is in: throws HttpError/HookRequestError or anything a hook throws. */
  function answer(req: IncomingMessage, res: ServerResponse, info: RequestInfo, raw: Buffer): void {
    const entry = info.entry as KindEntry;
    const hook = info.hook as HookName;
    let body: unknown;
    try {
      // One parse of the raw bytes.
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      throw new HttpError(400, 'invalid_json', 'request body is not valid JSON');
    }
    const subject = readSubject(body, entry.controller, hook, entry.kind);
    info.namespace = subject.namespace;
    info.name = subject.name;

    // A stack overflow on a request nested too deep is the client's error, not ours (request/depth.ts).
    try {
      respond(req, res, info, (info.fn as Hook)(body, clock()));
    } catch (err) {
      throw tooDeep(err, body) ?? err;
    }
  }

  /** Check the hook's answer, serialise it and send it (or a 304). */
  function respond(req: IncomingMessage, res: ServerResponse, info: RequestInfo, result: unknown): void {
    const entry = info.entry as KindEntry;
    const hook = info.hook as HookName;

    if (!isObject(result)) {
      logger.error({ kind: info.kind, hook }, 'hook returned something other than a JSON object');
      throw new HttpError(500, 'internal_error', GENERIC_500);
    }
    const stray = unknownResponseFields(result, allowedResponseFields(entry.controller, hook));
    if (stray && stray.length > 0) {
      // Metacontroller's v2 decoder would reject these and apply nothing; say why here.
      logger.error({ kind: info.kind, hook, fields: stray }, 'hook returned fields Metacontroller rejects');
      throw new HttpError(500, 'internal_error', GENERIC_500);
    }

    const text = serializeText(result);
    const etag = etagOf(text);
    if (ifNoneMatchMatches(req.headers['if-none-match'], etag)) {
      res.writeHead(304, { etag });
      res.end();
      return;
    }
    sendJsonText(res, 200, text, { etag });
  }

  return function serveHook(req, res, kind, hook) {
    const info: RequestInfo = { kind, hook, known: false, started: process.hrtime.bigint() };
    // Log and count every hook request once it is over, whatever happened.
    res.once('close', () => finish(res, info));
    const notFound = resolve(info);
    if (notFound) return fail(res, info, notFound);
    // Structured-syntax types (application/<x>+json) are JSON too.
    if (!checkJsonMediaType(req.headers['content-type'], true).ok) {
      return fail(res, info, new HttpError(415, 'unsupported_media_type', 'Content-Type must be application/json (UTF-8)'));
    }
    readBody(req, limitBytes).then(
      (raw) => {
        try {
          answer(req, res, info, raw);
        } catch (err) {
          fail(res, info, err);
        }
      },
      // Whatever is left of a refused body stays unread: the answer closes the connection (respond.ts).
      (err: unknown) => fail(res, info, err),
    );
  };
}
