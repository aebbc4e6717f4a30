import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Authenticator, Principal } from '../auth.js';
import { InFlight } from '../in-flight.js';
import { createRateLimiter, type RateLimiter } from '../rate-limit.js';

// The one door of the HTTP surfaces (A2A, chat completions, models, /agent/invoke):
// the facade's drain, the same auth chain as /ws, and, for requests that are
// turns (a message to the agent), the same message rate limit, counted per
// caller rather than per connection (an HTTP client may open a connection per
// request): per API key, per JWT subject, or per remote address when
// unauthenticated. Discovery (card, model list) spends nothing. Each surface words the refusal in its own
// error shape. Requests let in are counted until their response closes, so a
// drain waits for them.

export type Admission =
  | { ok: true; principal: Principal }
  | { ok: false; status: 401 | 403 | 429 | 503; code: 'unauthorized' | 'forbidden' | 'rate_limited' | 'unavailable'; detail: string };

export interface Gate {
  /** `turn`: the request is a message to the agent and spends from the caller's rate limit. */
  admit(req: IncomingMessage, res: ServerResponse, turn: boolean): Promise<Admission>;
  /** Resolves when no admitted request is left. */
  idle(): Promise<void>;
}

export interface GateOptions {
  auth: Authenticator;
  isDraining(): boolean;
  maxMessagesPerMinute: number;
  /** Callers remembered at once; the least recent is forgotten past it (default 10 000). */
  maxCallers?: number;
  now?: () => number;
}

const WINDOW_MS = 60_000;

export function callerKey(p: Principal, req: IncomingMessage): string {
  switch (p.kind) {
    case 'api-key':
      return `key:${p.keyId}`;
    case 'jwt':
      return `jwt:${p.subject ?? ''}`;
    default:
      return `addr:${req.socket.remoteAddress ?? ''}`;
  }
}

export function createGate(opts: GateOptions): Gate {
  const limiters = new Map<string, RateLimiter>();
  const maxCallers = opts.maxCallers ?? 10_000;
  const admitted = new InFlight();

  function limiterFor(key: string): RateLimiter {
    let l = limiters.get(key);
    if (l) {
      // Re-insert: the Map stays in least-recently-used order.
      limiters.delete(key);
    } else {
      l = createRateLimiter(opts.maxMessagesPerMinute, WINDOW_MS, opts.now);
      if (limiters.size >= maxCallers) limiters.delete(limiters.keys().next().value as string);
    }
    limiters.set(key, l);
    return l;
  }

  return {
    idle: () => admitted.idle(),
    async admit(req, res, turn) {
      if (opts.isDraining()) return { ok: false, status: 503, code: 'unavailable', detail: 'the facade is shutting down' };
      const outcome = await opts.auth.check(req);
      if (!outcome.ok) return { ok: false, status: outcome.status, code: outcome.error, detail: outcome.detail };
      if (turn && !limiterFor(callerKey(outcome.principal, req)).take()) {
        return { ok: false, status: 429, code: 'rate_limited', detail: `more than ${opts.maxMessagesPerMinute} requests per minute` };
      }
      admitted.track(res);
      return { ok: true, principal: outcome.principal };
    },
  };
}
