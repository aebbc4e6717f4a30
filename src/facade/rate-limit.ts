// A token bucket per connection: `limit` messages per `windowMs`, refilled
// continuously, so a client may burst up to the limit and then sustain the
// average rate. Time is a parameter for tests.

export interface RateLimiter {
  /** true when a message may pass (and consumes a token). */
  take(): boolean;
}

export function createRateLimiter(limit: number, windowMs: number, now: () => number = Date.now): RateLimiter {
  let tokens = limit;
  let last = now();
  const perMs = limit / windowMs;
  return {
    take() {
      const t = now();
      tokens = Math.min(limit, tokens + (t - last) * perMs);
      last = t;
      if (tokens < 1) return false;
      tokens -= 1;
      return true;
    },
  };
}
