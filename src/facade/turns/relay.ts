import type { Logger } from 'pino';
import { answeredBy } from '../handlers/answered-by.js';
import type { HandlerEvent, Usage } from '../handlers/types.js';
import type { SessionStore } from '../sessions/types.js';
import { PendingToolCalls, providerCall } from './audit.js';

// The one loop over a handler's events, shared by every transport (the
// WebSocket connection and the HTTP surfaces): it writes the turn's audit rows
// (each tool call when its result arrives, the assistant reply and the turn's
// provider call before the outcome is known, an error event when the handler
// fails) and hands each event to the transport's sink as it passes. The
// transport tells its caller the outcome: a `done` or `error` frame, an HTTP
// body, an A2A task state.

export type TurnOutcome =
  | { ok: true; content: string; usage?: Usage; model?: string; provider?: string }
  | { ok: false; code: string; message: string; usage?: Usage };

/** What the transport does with the events that pass before the outcome. */
export interface TurnSink {
  chunk(text: string): void;
  toolCall?(ev: Extract<HandlerEvent, { type: 'tool_call' }>): void;
  toolResult?(ev: Extract<HandlerEvent, { type: 'tool_result' }>): void;
}

export interface RelayInput {
  store: SessionStore;
  logger: Logger;
  /** The provider-call row's provider when the handler's events name none. */
  handlerName: string;
  sessionId: string;
  /** When the caller's message arrived: the provider call's duration counts from there. */
  turnStarted: bigint;
  /** The caller went away or the facade cut the turn off: nothing more is written or passed on. */
  signal: { readonly aborted: boolean };
  sink: TurnSink;
}

export const CANCELLED: TurnOutcome = Object.freeze({ ok: false, code: 'CANCELLED', message: 'the caller went away' });

export async function relayTurn(events: AsyncIterable<HandlerEvent>, t: RelayInput): Promise<TurnOutcome> {
  const { store, sessionId, signal, sink } = t;
  // Most turns call no tool: the map of calls awaiting their result is built on the first.
  let pending: PendingToolCalls | undefined;
  let streamed = '';
  try {
    for await (const ev of events) {
      if (signal.aborted) return CANCELLED;
      switch (ev.type) {
        case 'chunk':
          streamed += ev.content;
          sink.chunk(ev.content);
          break;
        case 'tool_call':
          (pending ??= new PendingToolCalls()).start(ev);
          sink.toolCall?.(ev);
          break;
        case 'tool_result':
          sink.toolResult?.(ev);
          await (pending ??= new PendingToolCalls()).finish(store, sessionId, ev);
          break;
        case 'done': {
          const content = ev.content !== '' ? ev.content : streamed;
          // A store without I/O answers synchronously: no promise per turn.
          if (store.sync) store.sync.appendMessages(sessionId, [{ role: 'assistant', content }]);
          else await store.appendMessages(sessionId, [{ role: 'assistant', content }]);
          if (ev.usage) await store.recordProviderCall(sessionId, providerCall(ev.usage, ev, t.handlerName, t.turnStarted));
          // The turn may have been cut off while the reply was being stored.
          if (signal.aborted) return CANCELLED;
          // Built field by field: an answer with no usage or model (echo, demo) allocates nothing more.
          const done: TurnOutcome = { ok: true, content };
          if (ev.usage) done.usage = ev.usage;
          if (ev.model !== undefined || ev.provider !== undefined) Object.assign(done, answeredBy(ev));
          return done;
        }
        case 'error':
          // A turn that failed after model calls completed spent their tokens: the same
          // row as on done. A store failure here must not hide the turn's own error.
          if (ev.usage) {
            await store
              .recordProviderCall(sessionId, providerCall(ev.usage, ev, t.handlerName, t.turnStarted))
              .catch((err: unknown) => t.logger.warn({ err, sessionId }, "could not record the failed turn's provider call"));
          }
          await store.recordEvent(sessionId, { type: 'error', detail: { code: ev.code, message: ev.message } }).catch(() => undefined);
          return { ok: false, code: ev.code, message: ev.message, ...(ev.usage ? { usage: ev.usage } : {}) };
      }
    }
  } finally {
    if (pending) await pending.abandon(store, sessionId);
  }
  if (signal.aborted) return CANCELLED;
  return { ok: false, code: 'INTERNAL_ERROR', message: 'the agent ended its turn without a reply' };
}
