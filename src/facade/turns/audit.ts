import type { Usage } from '../handlers/types.js';
import type { ProviderCallRecord, SessionStore } from '../sessions/types.js';

// The audit rows of one turn, which the relay (relay.ts) writes for every
// transport (the WebSocket connection and the HTTP surfaces alike): a tool call stored when
// its result arrives (name and arguments from its call event, duration
// between the two), calls left without a result when the turn ends, and the
// turn's one provider-call row.

interface Pending {
  name: string;
  arguments: Record<string, unknown>;
  started: number;
}

export class PendingToolCalls {
  private readonly pending = new Map<string, Pending>();

  start(call: { id: string; name: string; arguments: Record<string, unknown> }): void {
    this.pending.set(call.id, { name: call.name, arguments: call.arguments, started: Date.now() });
  }

  /** Stores the call with its result (or error). */
  finish(store: SessionStore, sessionId: string, r: { id: string; result?: unknown; error?: string }): Promise<void> {
    const call = this.pending.get(r.id);
    this.pending.delete(r.id);
    return store.recordToolCall(sessionId, {
      id: r.id,
      name: call?.name ?? 'unknown',
      arguments: call?.arguments ?? {},
      ...(r.result !== undefined ? { result: r.result } : {}),
      ...(r.error !== undefined ? { error: r.error } : {}),
      duration_ms: call ? Date.now() - call.started : 0,
    });
  }

  /** Stores every call still waiting for a result as failed (best effort: the turn is over). */
  async abandon(store: SessionStore, sessionId: string): Promise<void> {
    for (const [id, call] of this.pending) {
      await store
        .recordToolCall(sessionId, { id, name: call.name, arguments: call.arguments, error: 'no result before the turn ended', duration_ms: Date.now() - call.started })
        .catch(() => undefined);
    }
    this.pending.clear();
  }
}

/**
 * The turn's one provider_calls row (the runtime sums the turn's model calls
 * into usage), on done and on an error after model calls completed alike.
 */
export function providerCall(usage: Usage, by: { model?: string; provider?: string }, handlerName: string, turnStarted: bigint): Omit<ProviderCallRecord, 'at'> {
  return {
    model: by.model ?? 'unknown',
    provider: by.provider ?? handlerName,
    input_tokens: usage.input_tokens,
    output_tokens: usage.output_tokens,
    cost_usd: usage.cost_usd,
    duration_ms: Number((process.hrtime.bigint() - turnStarted) / 1_000_000n),
  };
}
