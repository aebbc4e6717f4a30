import type { Logger } from 'pino';
import type { FacadeConfig } from '../config.js';
import { answeredBy } from '../handlers/answered-by.js';
import type { Handler, HistoryMessage, Usage } from '../handlers/types.js';
import type { FacadeMetrics } from '../metrics.js';
import type { SessionStore } from '../sessions/types.js';
import { PendingToolCalls, providerCall } from './audit.js';

// One user turn for the HTTP surfaces (A2A, chat completions, /agent/invoke),
// with the same session audit as a WebSocket turn: the user message is stored
// before the handler runs, each tool call when its result arrives, the
// assistant reply and the turn's provider call before the caller is told the
// turn is done, and an error event when it fails. Tool calls of the agent's
// own loop stay here: the surfaces only see text chunks and the outcome.

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

export type TurnOutcome =
  | { ok: true; content: string; usage?: Usage; model?: string; provider?: string }
  | { ok: false; code: string; message: string; usage?: Usage };

export async function runHttpTurn(deps: TurnDeps, turn: HttpTurn): Promise<TurnOutcome> {
  const started = process.hrtime.bigint();
  const outcome = await relay(deps, turn, started).catch((err: unknown): TurnOutcome => {
    if (turn.signal.aborted) return { ok: false, code: 'CANCELLED', message: 'the caller went away' };
    deps.logger.error({ err, sessionId: turn.sessionId }, 'HTTP turn failed');
    return { ok: false, code: 'INTERNAL_ERROR', message: 'the reply failed; try again' };
  });
  const status = outcome.ok ? 'ok' : 'error';
  deps.metrics.bound.requests[status].inc();
  deps.metrics.bound.durations[status].observe(Number(process.hrtime.bigint() - started) / 1e9);
  return outcome;
}

async function relay(deps: TurnDeps, turn: HttpTurn, started: bigint): Promise<TurnOutcome> {
  const { store, handler, config } = deps;
  const id = turn.sessionId;
  const stored = await store.history(id, config.session.historyLimit);
  const earlier = turn.earlier ?? [];
  if (earlier.length > 0) await store.appendMessages(id, earlier);
  await store.appendMessages(id, [{ role: 'user', content: turn.content }]);
  const history: HistoryMessage[] = [...stored, ...earlier].slice(-config.session.historyLimit);
  const pending = new PendingToolCalls();
  let streamed = '';
  const spend = (usage: Usage, by: { model?: string; provider?: string }) => store.recordProviderCall(id, providerCall(usage, by, handler.name, started));
  try {
    const events = handler.converse({ sessionId: id, content: turn.content, history, signal: turn.signal, ...(turn.metadata ? { metadata: turn.metadata } : {}) });
    for await (const ev of events) {
      if (turn.signal.aborted) break;
      switch (ev.type) {
        case 'chunk':
          streamed += ev.content;
          turn.onChunk?.(ev.content);
          break;
        case 'tool_call':
          pending.start(ev);
          break;
        case 'tool_result':
          await pending.finish(store, id, ev);
          break;
        case 'done': {
          const content = ev.content !== '' ? ev.content : streamed;
          // A handler that answers without streaming still gives a streaming caller the text.
          if (streamed === '' && content !== '') turn.onChunk?.(content);
          await store.appendMessages(id, [{ role: 'assistant', content }]);
          if (ev.usage) await spend(ev.usage, ev);
          return { ok: true, content, ...(ev.usage ? { usage: ev.usage } : {}), ...answeredBy(ev) };
        }
        case 'error':
          if (ev.usage) await spend(ev.usage, ev).catch((err: unknown) => deps.logger.warn({ err, sessionId: id }, "could not record the failed turn's provider call"));
          await store.recordEvent(id, { type: 'error', detail: { code: ev.code, message: ev.message } }).catch(() => undefined);
          return { ok: false, code: ev.code, message: ev.message, ...(ev.usage ? { usage: ev.usage } : {}) };
      }
    }
  } finally {
    await pending.abandon(store, id);
  }
  if (turn.signal.aborted) return { ok: false, code: 'CANCELLED', message: 'the caller went away' };
  return { ok: false, code: 'INTERNAL_ERROR', message: 'the agent ended its turn without a reply' };
}
