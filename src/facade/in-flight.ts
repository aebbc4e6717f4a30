import type { ServerResponse } from 'node:http';

// HTTP requests let in and not answered yet (function mode, the HTTP
// surfaces): a drain waits until none is left. A request counts until its
// response closes, whether it finished or its client went away.

export class InFlight {
  private count = 0;
  private waiters: (() => void)[] = [];

  /** Counts the request until `res` closes. */
  track(res: ServerResponse): void {
    this.count++;
    res.once('close', () => {
      if (--this.count > 0) return;
      const waiters = this.waiters;
      this.waiters = [];
      for (const fn of waiters) fn();
    });
  }

  /** Resolves when no tracked request is left. */
  idle(): Promise<void> {
    return this.count === 0 ? Promise.resolve() : new Promise((r) => this.waiters.push(r));
  }
}
