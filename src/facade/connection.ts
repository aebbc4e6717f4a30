import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import WebSocket, { type RawData } from 'ws';
import type { FacadeConfig } from './config.js';
import type { Handler, HistoryMessage, Turn } from './handlers/types.js';
import type { FacadeMetrics } from './metrics.js';
import { parseClientFrame, server, serverText, type ClientMessage, type ErrorCode, type ServerMessage } from './protocol.js';
import { createRateLimiter, type RateLimiter } from './rate-limit.js';
import { ownsSession, SessionGoneError, type SessionStore } from './sessions/types.js';
import { relayTurn, type TurnSink } from './turns/relay.js';

// One WebSocket connection: it owns the connection's current session id, lets
// one turn run at a time, and maps handler events onto server messages. The
// store is written before the client hears about it: the user message before
// the handler runs, the assistant message before `done` is sent.

export interface ConnectionDeps {
  config: FacadeConfig;
  store: SessionStore;
  handler: Handler;
  metrics: FacadeMetrics;
  logger: Logger;
  isDraining(): boolean;
  /** Called once when the socket has closed (the facade forgets the connection). Shared by every connection. */
  onClosed(conn: Connection): void;
  /** The socket's 'error' listener, shared by every connection. */
  onError(err: Error): void;
}

/**
 * A client that sends nothing for OMNIA_IDLE_TIMEOUT is let go: an open idle
 * socket would keep counting in omnia_agent_connections_active, the metric KEDA
 * scales on. 4000 is the first application-defined close code (RFC 6455 7.4.2).
 */
export const CLOSE_IDLE = { code: 4000, reason: 'idle timeout' } as const;

export class Connection {
  /** Set by the keep-alive sweep; a peer that misses one ping round is terminated. */
  alive = true;
  private sessionId: string;
  /** true once the session exists in the store (fresh ids are created lazily on the first message). */
  private attached: boolean;
  private turn: Promise<void> | null = null;
  /** A turn is running (set before `turn` is known, cleared when it ends). */
  private busy = false;
  /**
   * Per turn, so listeners a handler leaves on the signal die with the turn.
   * Created on first use of `turn.signal`: an AbortSignal is costly to build and
   * a handler like echo never looks at it.
   */
  private abort: LazyAbort | null = null;
  /** Re-armed (refresh(), no new timer) by every frame and at the end of every reply. */
  private readonly idle: NodeJS.Timeout | undefined;
  /** Built on the first frame: a connection that never sends costs no bucket. */
  private limiter: RateLimiter | undefined;
  private isClosed = false;
  /** Resolves `closed` once someone waits for it (drain); most connections never build the promise. */
  private resolveClosed: (() => void) | undefined;
  private closedPromise: Promise<void> | undefined;
  private sink: TurnSink | undefined;

  constructor(
    private readonly ws: WebSocket,
    private readonly deps: ConnectionDeps,
    resumed: { sessionId: string } | null,
  ) {
    this.sessionId = resumed?.sessionId ?? randomUUID();
    this.attached = resumed !== null;
    if (this.attached) deps.metrics.sessionsActive.inc(deps.metrics.labels);
    // One listener per event; close and error go through functions shared by every connection.
    ws.on('message', (data, isBinary) => this.onFrame(data, isBinary));
    ws.on('pong', () => {
      this.alive = true;
    });
    ws.on('close', () => this.onClose());
    ws.on('error', deps.onError);
    const idleMs = deps.config.limits.idleTimeoutMs;
    if (idleMs > 0) this.idle = setTimeout(() => this.onIdle(), idleMs).unref();
    this.sendText(serverText.connected(this.sessionId, resumed !== null, deps.config.limits.maxFrameBytes));
  }

  /** Resolves when the socket has closed. */
  get closed(): Promise<void> {
    if (this.isClosed) return Promise.resolve();
    this.closedPromise ??= new Promise((resolve) => (this.resolveClosed = resolve));
    return this.closedPromise;
  }

  /** The reply in progress, if any (drain waits for it). */
  get inFlight(): Promise<void> | null {
    return this.turn;
  }

  /**
   * Stops the reply in progress (drain deadline passed) and tells the client:
   * the protocol ends every message with exactly one done or error, and the
   * socket closes right after this. The aborted turn sends nothing more.
   */
  cancel(): void {
    const abort = this.abort;
    if (!abort || abort.aborted) return;
    abort.abort();
    this.sendError('AGENT_UNAVAILABLE', 'the agent is shutting down and the reply was cut off; reconnect and send the message again to continue this session', {
      reason: 'drain_deadline',
    });
  }

  close(code: number, reason: string): void {
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) this.ws.close(code, reason);
  }

  terminate(): void {
    this.ws.terminate();
  }

  ping(): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.ping();
  }

  private send(msg: ServerMessage): void {
    this.sendText(JSON.stringify(msg));
  }

  private sendText(text: string): void {
    if (this.ws.readyState !== WebSocket.OPEN) return;
    this.ws.send(text);
    this.deps.metrics.bound.messagesSent.inc();
  }

  private sendError(code: ErrorCode | string, message: string, details?: Record<string, unknown>, sessionId = this.sessionId): void {
    this.send(server.error(sessionId, code, message, details));
  }

  private onFrame(data: RawData, isBinary: boolean): void {
    const { metrics, config } = this.deps;
    this.idle?.refresh();
    metrics.bound.messagesReceived.inc();
    const size = Array.isArray(data) ? data.reduce((n, b) => n + b.length, 0) : data instanceof ArrayBuffer ? data.byteLength : data.length;
    this.limiter ??= createRateLimiter(config.limits.maxMessagesPerMinute, 60_000);
    if (!this.limiter.take()) {
      this.sendError('RATE_LIMITED', `more than ${config.limits.maxMessagesPerMinute} messages per minute`, {
        limit_per_minute: config.limits.maxMessagesPerMinute,
      });
      return;
    }
    if (size > config.limits.maxFrameBytes) {
      this.sendError('INVALID_MESSAGE', `frame of ${size} bytes exceeds the limit of ${config.limits.maxFrameBytes} bytes`, {
        max_bytes: config.limits.maxFrameBytes,
      });
      return;
    }
    if (isBinary) {
      this.sendError('MEDIA_NOT_ENABLED', 'binary frames are not supported by this agent; send JSON text frames');
      return;
    }
    // Buffer.from(buffer) would copy; a Buffer is decoded in place.
    const text = Array.isArray(data) ? Buffer.concat(data).toString('utf8') : data instanceof ArrayBuffer ? Buffer.from(data).toString('utf8') : data.toString('utf8');
    const parsed = parseClientFrame(text);
    if (!parsed.ok) {
      this.sendError(parsed.code, parsed.message);
      return;
    }
    if (this.busy) {
      this.sendError('RATE_LIMITED', 'a reply is already in progress; wait for done or error before sending the next message');
      return;
    }
    if (this.deps.isDraining()) {
      this.sendError('AGENT_UNAVAILABLE', 'the agent is shutting down; reconnect to continue this session');
      return;
    }
    // runTurn clears `busy` (and `turn`) in its finally block; a turn that ended
    // before returning its promise (it cannot today: the relay always awaits) must
    // not leave a settled promise behind as "in progress".
    this.busy = true;
    const turn = this.runTurn(parsed.message);
    if (this.busy) this.turn = turn;
  }

  private async runTurn(msg: ClientMessage): Promise<void> {
    const { metrics, store, handler, config, logger } = this.deps;
    const started = process.hrtime.bigint();
    let status: 'ok' | 'error' = 'error';
    const abort = new LazyAbort();
    this.abort = abort;
    let sessionId = this.sessionId;
    try {
      // The common case (the connection's own, already stored session) needs no store round trip.
      if (!this.attached || (msg.session_id !== undefined && msg.session_id !== this.sessionId)) {
        sessionId = await this.resolveSession(msg.session_id);
      }
      // A store without I/O answers synchronously: no promise per call.
      const sync = store.sync;
      let history;
      if (sync) {
        history = sync.history(sessionId, config.session.historyLimit);
        sync.appendMessages(sessionId, [{ role: 'user', content: msg.content }]);
      } else {
        history = await store.history(sessionId, config.session.historyLimit);
        await store.appendMessages(sessionId, [{ role: 'user', content: msg.content }]);
      }
      const outcome = await relayTurn(
        // Stored messages are HistoryMessages plus `at`; handing them over as they are
        // saves an allocation per message per turn.
        handler.converse(new HandlerTurn(sessionId, msg.content, msg.metadata, history, abort)),
        { store, logger, handlerName: handler.name, sessionId, turnStarted: started, signal: abort, sink: this.frames() },
      );
      // A cut-off turn was answered by cancel(), or its client has left.
      if (!abort.aborted) {
        if (outcome.ok) {
          this.sendText(serverText.done(sessionId, outcome.content));
          status = 'ok';
        } else {
          this.sendError(outcome.code, outcome.message, undefined, sessionId);
        }
      }
    } catch (err) {
      if (abort.aborted) {
        // Already answered by cancel(), or the client has left.
      } else if (err instanceof SessionGoneError) {
        if (err.state === 'expired') {
          this.sendError('SESSION_EXPIRED', `session ${err.sessionId} has expired; send a message without session_id to start a new one`, undefined, err.sessionId);
        } else {
          this.sendError('SESSION_NOT_FOUND', `session ${err.sessionId} does not exist`, undefined, err.sessionId);
        }
        if (err.sessionId === this.sessionId) this.rotateSession();
      } else {
        logger.error({ err, sessionId }, 'turn failed');
        this.sendError('INTERNAL_ERROR', 'the reply failed; try again', undefined, sessionId);
      }
    } finally {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      metrics.bound.requests[status].inc();
      metrics.bound.durations[status].observe(seconds);
      this.busy = false;
      this.turn = null;
      this.abort = null;
      // Waiting for a long reply is not idleness: the client's silence counts from its end.
      this.idle?.refresh();
    }
  }

  /**
   * Where a turn's events go (turns/relay.ts): frames on this socket, in the
   * turn's session (this.sessionId while a turn runs). Built on the first turn.
   */
  private frames(): TurnSink {
    this.sink ??= {
      chunk: (text) => this.sendText(serverText.chunk(this.sessionId, text)),
      toolCall: (ev) => this.send(server.toolCall(this.sessionId, ev)),
      toolResult: (ev) => this.send(server.toolResult(this.sessionId, ev)),
    };
    return this.sink;
  }

  /** The session this turn writes to: the connection's own (created on first use) or a resumed one. */
  private async resolveSession(requested: string | undefined): Promise<string> {
    const { store, config, metrics } = this.deps;
    if (requested !== undefined && requested !== this.sessionId) {
      const found = await store.lookup(requested);
      if (found.state === 'expired') throw new SessionGoneError(requested, 'expired');
      if (found.state === 'unknown' || !ownsSession(found.session, config)) {
        throw new SessionGoneError(requested, 'unknown');
      }
      if (!this.attached) metrics.sessionsActive.inc(metrics.labels);
      this.sessionId = requested;
      this.attached = true;
      return requested;
    }
    if (!this.attached) {
      await store.create({ id: this.sessionId, agent: config.agent, namespace: config.namespace });
      this.attached = true;
      metrics.sessionsActive.inc(metrics.labels);
    }
    return this.sessionId;
  }

  /** After the connection's own session expired, the next message starts a fresh one. */
  private rotateSession(): void {
    if (this.attached) this.deps.metrics.sessionsActive.dec(this.deps.metrics.labels);
    this.sessionId = randomUUID();
    this.attached = false;
  }

  private onIdle(): void {
    if (this.busy) this.idle?.refresh();
    else this.close(CLOSE_IDLE.code, CLOSE_IDLE.reason);
  }

  private onClose(): void {
    const { metrics } = this.deps;
    this.isClosed = true;
    this.resolveClosed?.();
    this.deps.onClosed(this);
    clearTimeout(this.idle);
    // A client that leaves mid-reply does not need the rest of it.
    this.abort?.abort();
    if (this.attached) metrics.sessionsActive.dec(metrics.labels);
    this.attached = false;
  }
}

/**
 * What a handler is given. A class rather than an object literal: the literal
 * needed a getter closure and a spread per turn; here the getter lives on the
 * prototype.
 */
class HandlerTurn implements Turn {
  declare metadata?: Record<string, string>;
  readonly #abort: LazyAbort;

  constructor(
    readonly sessionId: string,
    readonly content: string,
    metadata: Record<string, string> | undefined,
    readonly history: HistoryMessage[],
    abort: LazyAbort,
  ) {
    if (metadata) this.metadata = metadata;
    this.#abort = abort;
  }

  get signal(): AbortSignal {
    return this.#abort.signal;
  }
}

/** An AbortController that is only built when someone asks for its signal. */
class LazyAbort {
  private controller: AbortController | undefined;
  aborted = false;

  get signal(): AbortSignal {
    this.controller ??= new AbortController();
    if (this.aborted && !this.controller.signal.aborted) this.controller.abort();
    return this.controller.signal;
  }

  abort(): void {
    this.aborted = true;
    this.controller?.abort();
  }
}
