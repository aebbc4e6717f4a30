import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { answeredBy } from '../handlers/answered-by.js';
import type { Handler, InvokeResult, InvokeToolCall, Usage } from '../handlers/types.js';
import { writeAuditTrail, type AuditEvent, type AuditRecorder, type InvocationTrail } from './audit.js';
import { PAYLOAD_TOO_LARGE, readBody, REQUEST_ABORTED } from '../../shared/http/body.js';
import type { HttpError } from '../../shared/http/error.js';
import { checkJsonMediaType } from '../../shared/http/media-type.js';
import { DEFAULT_MAX_BODY_BYTES } from './body.js';
import { sendError, sendJson, type ErrorBody } from './errors.js';
import { createFunctionMetrics, type MetricCode } from './metrics.js';
import { functionNameOf } from './route.js';
import { compileFunctionSchemas } from './schemas.js';

export type AuthResult = { ok: true } | { ok: false; detail: string };

export interface FunctionConfig {
  /** The AgentRuntime's name: the only name this pod serves under /functions/. */
  name: string;
  /** Metric label and audit field; the facade passes OMNIA_NAMESPACE. */
  namespace?: string;
  inputSchema: unknown;
  outputSchema: unknown;
  /** Request body limit; spec/003 says 1 MiB. */
  maxBodyBytes?: number;
  /** Give up on the runtime after this long (502 runtime_error); none by default. */
  invokeTimeoutMs?: number;
  /** Audit trails allowed to wait for the store at once; default MAX_PENDING_AUDITS. */
  maxPendingAudits?: number;
}

export interface FunctionHandlerOptions {
  config: FunctionConfig;
  handler: Handler;
  /** The facade's auth chain (the same one /ws uses), including the allow-unauthenticated switch. */
  authenticate: (req: IncomingMessage) => Promise<AuthResult>;
  audit?: AuditRecorder;
  metrics: Registry;
  logger: Logger;
}

export interface FunctionHandler {
  (req: IncomingMessage, res: ServerResponse): void;
  /** Resolves once every audit trail already started has been written (or has failed). */
  drain(): Promise<void>;
}

/** Audit trails waiting for a slow or dead store are capped so they cannot exhaust memory. */
export const MAX_PENDING_AUDITS = 10_000;

const EMPTY_USAGE: Usage = { input_tokens: 0, output_tokens: 0, cost_usd: 0 };
const utf8 = new TextDecoder('utf-8', { fatal: true });

function cleanUsage(usage: Usage | undefined): Usage {
  if (usage === undefined) return EMPTY_USAGE;
  const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : 0);
  return { input_tokens: num(usage.input_tokens), output_tokens: num(usage.output_tokens), cost_usd: num(usage.cost_usd) };
}

function isToolCall(c: unknown): c is InvokeToolCall {
  if (c === null || typeof c !== 'object') return false;
  const t = c as Record<string, unknown>;
  return typeof t.id === 'string' && typeof t.name === 'string' && typeof t.durationMs === 'number' && Number.isFinite(t.durationMs);
}

/**
 * The tools a failed invocation had already run. A handler's invoke may
 * reject with an error carrying `toolCalls` (the runtime handler's
 * RuntimeCallError does): those tools may have had side effects, so the
 * audit trail records them as it does for a successful invocation.
 */
function toolCallsOfFailure(err: unknown): InvokeToolCall[] {
  const calls = err !== null && typeof err === 'object' ? (err as { toolCalls?: unknown }).toolCalls : undefined;
  return Array.isArray(calls) ? calls.filter(isToolCall) : [];
}

/**
 * What a failed invocation already spent: the usage of the model calls that
 * completed before the failure (a rejection may carry it, see InvokeFailure),
 * with the model and provider. Those tokens are paid for, so the audit trail
 * gets the provider call row a success gets. Nothing when the error carries
 * no usage object (the runtime made no complete model call, or does not say).
 */
function spentOfFailure(err: unknown): { usage?: Usage; model?: string; provider?: string } {
  if (err === null || typeof err !== 'object') return {};
  const f = err as { usage?: unknown; model?: unknown; provider?: unknown };
  if (f.usage === null || typeof f.usage !== 'object' || Array.isArray(f.usage)) return {};
  return { usage: cleanUsage(f.usage as Usage), ...answeredBy(f) };
}

/**
 * The node-http handler for `POST /functions/<name>`. Compiles both schemas
 * now, so an invalid schema stops the facade at start-up with a message
 * naming the schema.
 */
export function createFunctionHandler(opts: FunctionHandlerOptions): FunctionHandler {
  const { config, handler, authenticate, audit, logger } = opts;
  const { validateInput, validateOutput } = compileFunctionSchemas(config.inputSchema, config.outputSchema);
  const namespace = config.namespace ?? '';
  const limit = config.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const metrics = createFunctionMetrics(opts.metrics, config.name, namespace);
  const log = logger.child({ function: config.name });
  const pendingAudits = new Set<Promise<void>>();
  const maxPendingAudits = config.maxPendingAudits ?? MAX_PENDING_AUDITS;

  if (typeof handler.invoke !== 'function') {
    log.warn({ handler: handler.name }, 'this handler cannot serve functions: every invocation will answer 502 runtime_error');
  }

  function record(trail: InvocationTrail): void {
    if (audit === undefined) return;
    if (pendingAudits.size >= maxPendingAudits) {
      metrics.auditFailure();
      log.error({ invocationId: trail.invocationId }, 'audit trail dropped: too many pending writes (is the session store down?)');
      return;
    }
    const p: Promise<void> = writeAuditTrail(audit, trail)
      .catch((err: unknown) => {
        metrics.auditFailure();
        log.error({ invocationId: trail.invocationId, err: (err as Error).message }, 'audit trail not written');
      })
      .finally(() => pendingAudits.delete(p));
    pendingAudits.add(p);
  }

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const seconds = (): number => (performance.now() - started) / 1000;
    const finish = (code: MetricCode): void => metrics.observe(code, seconds());

    const requested = functionNameOf(req.url);
    if (requested === undefined || requested !== config.name) {
      const detail =
        requested === undefined
          ? `no route for ${req.method ?? ''} ${(req.url ?? '').split('?')[0] ?? ''}; use POST /functions/${config.name}`
          : `no function named ${JSON.stringify(requested)} on this facade (it serves ${JSON.stringify(config.name)})`;
      sendError(res, { error: 'function_not_found', detail });
      return;
    }
    if (req.method !== 'POST') {
      sendError(res, { error: 'method_not_allowed', detail: `${req.method ?? 'this method'} is not allowed; use POST` }, { headers: { allow: 'POST' } });
      finish('method_not_allowed');
      return;
    }

    let auth: AuthResult;
    try {
      auth = await authenticate(req);
    } catch (err) {
      // Fail closed: an auth chain that cannot decide admits nobody.
      log.error({ err: (err as Error).message }, 'authentication check failed');
      auth = { ok: false, detail: 'authentication could not be checked' };
    }
    if (!auth.ok) {
      sendError(res, { error: 'unauthorized', detail: auth.detail });
      finish('unauthorized');
      return;
    }

    const media = checkJsonMediaType(req.headers['content-type']);
    if (!media.ok) {
      sendError(res, { error: 'unsupported_media_type', detail: media.detail });
      finish('unsupported_media_type');
      return;
    }

    let body: Buffer;
    try {
      body = await readBody(req, limit);
    } catch (err) {
      const refused = err as HttpError;
      if (refused.code === REQUEST_ABORTED) {
        // The client went away mid-body: nobody is left to answer.
        log.debug({ detail: refused.detail }, 'request abandoned while reading the body');
        finish('client_closed');
        res.destroy();
        return;
      }
      // What is left of the body stays unread: the answer closes the connection (shared/http/respond.ts).
      const error: ErrorBody =
        refused.code === PAYLOAD_TOO_LARGE
          ? { error: 'payload_too_large', detail: `request body exceeds ${limit} bytes` }
          : { error: refused.status === 415 ? 'unsupported_media_type' : 'input_invalid', detail: refused.detail };
      sendError(res, error);
      finish(error.error);
      return;
    }

    const invocationId = randomUUID();
    const headers = { 'x-invocation-id': invocationId };
    const trailBase = { invocationId, functionName: config.name, namespace };
    const fail = (error: ErrorBody, event: AuditEvent, extra: Partial<InvocationTrail>, input: string): void => {
      sendError(res, error, { headers });
      finish(error.error);
      record({ ...trailBase, ...extra, input, event, status: 'error' });
    };

    let text: string;
    try {
      text = utf8.decode(body);
    } catch {
      const detail = 'request body is not valid UTF-8';
      fail({ error: 'input_invalid', detail }, { type: 'function.input_invalid', detail: { message: detail } }, {}, body.toString('utf8'));
      return;
    }
    let input: unknown;
    try {
      if (text.trim() === '') throw new Error('the body is empty');
      input = JSON.parse(text);
    } catch (err) {
      const detail = `request body is not valid JSON: ${(err as Error).message}`;
      fail({ error: 'input_invalid', detail }, { type: 'function.input_invalid', detail: { message: detail } }, {}, text);
      return;
    }
    const inputCheck = validateInput(input);
    if (!inputCheck.ok) {
      const detail = inputCheck.message;
      fail({ error: 'input_invalid', detail }, { type: 'function.input_invalid', detail: { message: detail } }, {}, text);
      return;
    }

    if (typeof handler.invoke !== 'function') {
      const detail = `the ${handler.name} handler cannot serve functions`;
      fail({ error: 'runtime_error', detail }, { type: 'function.runtime_error', detail: { message: detail } }, {}, text);
      return;
    }

    // The invocation is cancelled when the caller hangs up or the deadline passes.
    const clientGone = new AbortController();
    const onClose = (): void => {
      if (!res.writableFinished) clientGone.abort(new Error('the client closed the connection'));
    };
    res.on('close', onClose);
    const signal =
      config.invokeTimeoutMs !== undefined
        ? AbortSignal.any([clientGone.signal, AbortSignal.timeout(config.invokeTimeoutMs)])
        : clientGone.signal;

    const invokeStarted = performance.now();
    let result: InvokeResult;
    try {
      result = await handler.invoke(input, { invocationId, signal });
    } catch (err) {
      const invokeMs = Math.round(performance.now() - invokeStarted);
      const toolCalls = toolCallsOfFailure(err);
      const spent = spentOfFailure(err);
      if (clientGone.signal.aborted) {
        log.info({ invocationId }, 'invocation cancelled: the client went away');
        finish('client_closed');
        record({
          ...trailBase,
          ...spent,
          input: text,
          invokeMs,
          toolCalls,
          event: { type: 'function.cancelled', detail: { message: 'the client closed the connection' } },
          status: 'error',
        });
        return;
      }
      const why = signal.aborted ? `the runtime did not answer within ${config.invokeTimeoutMs} ms` : (err as Error)?.message ?? String(err);
      const detail = `runtime failed: ${why}`;
      log.warn({ invocationId, err: why, toolCalls: toolCalls.length }, 'function invocation failed in the runtime');
      fail({ error: 'runtime_error', detail }, { type: 'function.runtime_error', detail: { message: detail } }, { ...spent, invokeMs, toolCalls }, text);
      return;
    } finally {
      res.off('close', onClose);
    }
    const invokeMs = Math.round(performance.now() - invokeStarted);
    if (typeof result !== 'object' || result === null) {
      const detail = 'runtime failed: it returned no result';
      fail({ error: 'runtime_error', detail }, { type: 'function.runtime_error', detail: { message: detail } }, { invokeMs }, text);
      return;
    }
    const usage = cleanUsage(result.usage);
    const rawOutput = typeof result.rawOutput === 'string' ? result.rawOutput : JSON.stringify(result.output) ?? '';
    const toolCalls = Array.isArray(result.toolCalls) ? result.toolCalls : [];
    const done = { invokeMs, usage, rawOutput, toolCalls, ...answeredBy(result) };

    const outputCheck = validateOutput(result.output);
    if (!outputCheck.ok) {
      const detail = outputCheck.message;
      log.warn({ invocationId, detail }, 'model output failed the output schema');
      fail(
        { error: 'output_invalid', detail, raw_output: rawOutput },
        { type: 'function.output_invalid', detail: { message: detail } },
        done,
        text,
      );
      return;
    }

    sendJson(
      res,
      200,
      { output: result.output, invocation_id: invocationId, duration_ms: Math.round(performance.now() - started), usage },
      { headers },
    );
    finish('ok');
    record({ ...trailBase, ...done, input: text, status: 'completed' });
  }

  const fn = ((req: IncomingMessage, res: ServerResponse): void => {
    serve(req, res).catch((err: unknown) => {
      log.error({ err: (err as Error)?.message ?? String(err) }, 'function request failed unexpectedly');
      sendError(res, { error: 'internal_error', detail: 'internal error' });
    });
  }) as FunctionHandler;
  fn.drain = async () => {
    while (pendingAudits.size > 0) await Promise.allSettled([...pendingAudits]);
  };
  return fn;
}
