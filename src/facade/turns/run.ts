import type { Logger } from 'pino';
import type { FacadeConfig } from '../config.js';
import type { Handler, HistoryMessage } from '../handlers/types.js';
import type { FacadeMetrics } from '../metrics.js';
import type { SessionStore } from '../sessions/types.js';
import { CANCELLED, relayTurn, type TurnOutcome } from './relay.js';

// One user turn for the HTTP surfaces (A2A, chat completions, /agent/invoke):
// the user message (and the earlier ones a chat-completions caller sent) stored
// before the handler runs, then the same relay as a WebSocket turn (relay.ts).
// Tool calls of the agent's own loop stay there: the surfaces only see text
// chunks and the outcome.

export interface TurnDeps {
  config: FacadeConfig;
  store: SessionStore;
  handler: Handler;
  metrics: FacadeMetrics;
  logger: Logger;
}

export interface HttpTurn {
  sessionId: string;
  content: string;
  /** Messages the caller sent before this turn (chat completions); stored ahead of it, and the handler sees them. */
  earlier?: HistoryMessage[];
  metadata?: Record<string, string>;
  signal: AbortSignal;
  /** Each streamed piece of the reply, in order. */
  onChunk?: (text: string) => void;
}

export async function runHttpTurn(deps: TurnDeps, turn: HttpTurn): Promise<TurnOutcome> {
  const started = process.hrtime.bigint();
  const outcome = await converse(deps, turn, started).catch((err: unknown): TurnOutcome => {
    if (turn.signal.aborted) return CANCELLED;
    deps.logger.error({ err, sessionId: turn.sessionId }, 'HTTP turn failed');
    return { ok: false, code: 'INTERNAL_ERROR', message: 'the reply failed; try again' };
  });
  const status = outcome.ok ? 'ok' : 'error';
  deps.metrics.bound.requests[status].inc();
  deps.metrics.bound.durations[status].observe(Number(process.hrtime.bigint() - started) / 1e9);
  return outcome;
}

/** Stores the caller's messages, runs the handler and relays its events (relay.ts). */
async function converse(deps: TurnDeps, turn: HttpTurn, started: bigint): Promise<TurnOutcome> {
  const { store, handler, config } = deps;
  const id = turn.sessionId;
  const stored = await store.history(id, config.session.historyLimit);
  const earlier = turn.earlier ?? [];
  if (earlier.length > 0) await store.appendMessages(id, earlier);
  await store.appendMessages(id, [{ role: 'user', content: turn.content }]);
  const history: HistoryMessage[] = [...stored, ...earlier].slice(-config.session.historyLimit);
  const onChunk = turn.onChunk;
  let streamed = false;
  const events = handler.converse({ sessionId: id, content: turn.content, history, signal: turn.signal, ...(turn.metadata ? { metadata: turn.metadata } : {}) });
  const outcome = await relayTurn(events, {
    store,
    logger: deps.logger,
    handlerName: handler.name,
    sessionId: id,
    turnStarted: started,
    signal: turn.signal,
    sink: {
      chunk: (text) => {
        if (text !== '') streamed = true;
        onChunk?.(text);
      },
    },
  });
  // A handler that answers without streaming still gives a streaming caller the text.
  if (outcome.ok && !streamed && outcome.content !== '') onChunk?.(outcome.content);
  return outcome;
}
