import http from 'node:http';
import {
  NDJSON_CONTENT_TYPE,
  PROTOCOL_PATHS,
  type ConverseEvent,
  type ConverseRequest,
  type ErrorBody,
  type InvokeResponse,
} from '../../contract/runtime-wire.js';
import { answeredBy } from './answered-by.js';
import type { Handler, HandlerEvent, InvokeFailure, InvokeResult, InvokeToolCall, Turn, Usage } from './types.js';

// The `runtime` handler: a client of the runtime container's HTTP protocol
// (docs/runtime-protocol.md) over loopback. It streams NDJSON events into
// HandlerEvents; a runtime that cannot be reached becomes AGENT_UNAVAILABLE.
// Any runtime that speaks the protocol (a custom framework image) works.

export interface RuntimeHandlerOptions {
  address: string;
  /** How long a /healthz answer is reused; readiness probes come every few seconds. */
  healthCacheMs?: number;
  healthTimeoutMs?: number;
}

/**
 * A failed invoke; `code` is the runtime's error code when it gave one. The
 * InvokeFailure fields come from its error body when it sent them: the tools
 * it had already run and the usage of the model calls that completed (with
 * the model and provider), which the function audit trail records like a
 * successful invocation's.
 */
export class RuntimeCallError extends Error implements InvokeFailure {
  override name = 'RuntimeCallError';
  readonly toolCalls?: InvokeToolCall[];
  readonly usage?: Usage;
  readonly model?: string;
  readonly provider?: string;
  constructor(
    message: string,
    readonly status?: number,
    readonly code?: string,
    failure: InvokeFailure = {},
  ) {
    super(message);
    if (failure.toolCalls !== undefined) this.toolCalls = failure.toolCalls;
    if (failure.usage !== undefined) this.usage = failure.usage;
    if (failure.model !== undefined) this.model = failure.model;
    if (failure.provider !== undefined) this.provider = failure.provider;
  }
}

interface Reply {
  status: number;
  body: http.IncomingMessage;
}

export function createRuntimeHandler(opts: RuntimeHandlerOptions): Handler {
  const base = new URL(opts.address);
  const healthCacheMs = opts.healthCacheMs ?? 2_000;
  const healthTimeoutMs = opts.healthTimeoutMs ?? 1_000;
  // Keep-alive: one loopback connection per concurrent turn, reused across turns.
  // `timeout` makes the agent destroy a socket idle in its free list after 60 s, before the
  // runtime's 65 s keep-alive timeout closes it, so a turn never lands on a closing socket.
  // (On a busy socket the timeout only emits an event nobody listens to: long turns are fine.)
  const agent = new http.Agent({ keepAlive: true, keepAliveMsecs: 1_000, maxFreeSockets: 64, timeout: 60_000 });

  function request(method: string, path: string, body: string | undefined, signal?: AbortSignal): Promise<Reply> {
    return new Promise((resolve, reject) => {
      const headers: http.OutgoingHttpHeaders = { accept: path === PROTOCOL_PATHS.converse ? NDJSON_CONTENT_TYPE : 'application/json' };
      if (body !== undefined) {
        headers['content-type'] = 'application/json';
        headers['content-length'] = Buffer.byteLength(body);
      }
      const req = http.request(
        { protocol: base.protocol, hostname: base.hostname, port: base.port, path, method, headers, agent, ...(signal ? { signal } : {}) },
        (res) => resolve({ status: res.statusCode ?? 0, body: res }),
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  async function readAll(res: http.IncomingMessage): Promise<string> {
    let text = '';
    res.setEncoding('utf8');
    for await (const chunk of res) text += chunk as string;
    return text;
  }

  function errorDetail(text: string, status: number): { detail: string; code?: string; failure: InvokeFailure } {
    try {
      const b = JSON.parse(text) as Partial<ErrorBody>;
      if (typeof b.detail === 'string') {
        const usage = usageOf(b.usage);
        return {
          detail: b.detail,
          ...(typeof b.code === 'string' ? { code: b.code } : {}),
          failure: {
            ...(Array.isArray(b.tool_calls) ? { toolCalls: toolCallsOf(b.tool_calls) } : {}),
            // The model and provider only matter beside the usage they spent.
            ...(usage !== undefined ? { usage, ...answeredBy(b) } : {}),
          },
        };
      }
    } catch {
      // not our error body
    }
    return { detail: `HTTP ${status}`, failure: {} };
  }

  function unreachable(err: unknown): HandlerEvent {
    return { type: 'error', code: 'AGENT_UNAVAILABLE', message: `the agent runtime at ${base.origin} is not reachable (${(err as Error).message})` };
  }

  function toHandlerEvent(ev: ConverseEvent): HandlerEvent | undefined {
    switch (ev.type) {
      case 'chunk':
        return typeof ev.content === 'string' ? { type: 'chunk', content: ev.content } : undefined;
      case 'tool_call':
        return { type: 'tool_call', id: String(ev.id), name: String(ev.name), arguments: ev.arguments ?? {} };
      case 'tool_result': {
        const out: HandlerEvent = { type: 'tool_result', id: String(ev.id) };
        if ('result' in ev) out.result = ev.result;
        if (typeof ev.error === 'string') out.error = ev.error;
        return out;
      }
      case 'done':
        return { type: 'done', content: String(ev.content ?? ''), ...(ev.usage ? { usage: ev.usage } : {}), ...answeredBy(ev) };
      case 'error': {
        // What the turn's completed model calls spent (optional in the protocol): the
        // transport records it as one provider call, as on done. The model and provider
        // only matter beside the usage they spent.
        const usage = usageOf(ev.usage);
        return { type: 'error', code: String(ev.code), message: String(ev.message), ...(usage !== undefined ? { usage, ...answeredBy(ev) } : {}) };
      }
      default:
        return undefined; // events a newer runtime may add are skipped, not fatal
    }
  }

  let health: { at: number; ok: boolean } | undefined;
  let probing: Promise<boolean> | undefined;

  async function probe(): Promise<boolean> {
    try {
      const res = await request('GET', PROTOCOL_PATHS.health, undefined, AbortSignal.timeout(healthTimeoutMs));
      res.body.resume();
      return res.status === 200;
    } catch {
      return false;
    }
  }

  return {
    name: 'runtime',

    async *converse(turn: Turn): AsyncIterable<HandlerEvent> {
      const payload: ConverseRequest = {
        session_id: turn.sessionId,
        messages: [...turn.history, { role: 'user', content: turn.content }],
      };
      if (turn.metadata) payload.metadata = turn.metadata;
      let res: Reply;
      try {
        res = await request('POST', PROTOCOL_PATHS.converse, JSON.stringify(payload), turn.signal);
      } catch (err) {
        if (turn.signal.aborted) return;
        yield unreachable(err);
        return;
      }
      if (res.status !== 200) {
        const { detail } = errorDetail(await readAll(res.body).catch(() => ''), res.status);
        const code = res.status === 503 ? 'AGENT_UNAVAILABLE' : res.status === 400 ? 'INVALID_MESSAGE' : 'INTERNAL_ERROR';
        yield { type: 'error', code, message: `the agent runtime refused the turn: ${detail}` };
        return;
      }
      let buffered = '';
      let finished = false;
      res.body.setEncoding('utf8');
      try {
        for await (const chunk of res.body) {
          buffered += chunk as string;
          let nl: number;
          while ((nl = buffered.indexOf('\n')) !== -1) {
            const line = buffered.slice(0, nl).trim();
            buffered = buffered.slice(nl + 1);
            if (line === '') continue;
            let ev: ConverseEvent;
            try {
              ev = JSON.parse(line) as ConverseEvent;
            } catch {
              yield { type: 'error', code: 'INTERNAL_ERROR', message: 'the agent runtime sent a malformed event' };
              res.body.destroy();
              return;
            }
            const out = toHandlerEvent(ev);
            if (!out) continue;
            yield out;
            if (out.type === 'done' || out.type === 'error') {
              finished = true;
              // Drain what is left so the socket returns to the pool.
              res.body.resume();
              return;
            }
          }
        }
      } catch (err) {
        if (turn.signal.aborted) return;
        yield { type: 'error', code: 'AGENT_UNAVAILABLE', message: `the agent runtime connection broke mid-turn (${(err as Error).message})` };
        return;
      }
      if (!finished && !turn.signal.aborted) {
        yield { type: 'error', code: 'AGENT_UNAVAILABLE', message: 'the agent runtime ended the turn without an answer' };
      }
    },

    async invoke(input: unknown, o: { invocationId: string; signal: AbortSignal }): Promise<InvokeResult> {
      let res: Reply;
      try {
        res = await request('POST', PROTOCOL_PATHS.invoke, JSON.stringify({ input, invocation_id: o.invocationId }), o.signal);
      } catch (err) {
        throw new RuntimeCallError(`the agent runtime at ${base.origin} is not reachable (${(err as Error).message})`, undefined, 'AGENT_UNAVAILABLE');
      }
      const text = await readAll(res.body);
      if (res.status !== 200) {
        const { detail, code, failure } = errorDetail(text, res.status);
        throw new RuntimeCallError(detail, res.status, code, failure);
      }
      let body: InvokeResponse;
      try {
        body = JSON.parse(text) as InvokeResponse;
      } catch {
        throw new RuntimeCallError('the agent runtime answered with malformed JSON', res.status);
      }
      return {
        output: body.output,
        rawOutput: String(body.raw_output ?? ''),
        usage: body.usage,
        ...answeredBy(body),
        ...(Array.isArray(body.tool_calls) ? { toolCalls: toolCallsOf(body.tool_calls) } : {}),
      };
    },

    async healthy(): Promise<boolean> {
      const now = Date.now();
      if (health && now - health.at < healthCacheMs) return health.ok;
      probing ??= probe().then((ok) => {
        health = { at: Date.now(), ok };
        probing = undefined;
        return ok;
      });
      return probing;
    },
  };
}

/**
 * The usage of a failed invoke or converse turn (optional in the protocol), or
 * undefined when it is absent or not an object with token counts. The function
 * handler cleans the numbers as it does a success's.
 */
function usageOf(raw: unknown): Usage | undefined {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return undefined;
  const u = raw as Record<string, unknown>;
  if (typeof u.input_tokens !== 'number' || typeof u.output_tokens !== 'number') return undefined;
  return { input_tokens: u.input_tokens, output_tokens: u.output_tokens, cost_usd: typeof u.cost_usd === 'number' ? u.cost_usd : 0 };
}

/** The runtime's tool_calls (optional in the protocol), keeping only well-formed entries. */
function toolCallsOf(raw: unknown[]): InvokeToolCall[] {
  const out: InvokeToolCall[] = [];
  for (const item of raw) {
    if (item === null || typeof item !== 'object') continue;
    const c = item as Record<string, unknown>;
    if (typeof c.id !== 'string' || typeof c.name !== 'string') continue;
    const args = c.arguments !== null && typeof c.arguments === 'object' && !Array.isArray(c.arguments) ? (c.arguments as Record<string, unknown>) : {};
    const ms = typeof c.duration_ms === 'number' && Number.isFinite(c.duration_ms) && c.duration_ms >= 0 ? c.duration_ms : 0;
    const call: InvokeToolCall = { id: c.id, name: c.name, arguments: args, durationMs: ms };
    if ('result' in c) call.result = c.result;
    if (typeof c.error === 'string') call.error = c.error;
    out.push(call);
  }
  return out;
}
