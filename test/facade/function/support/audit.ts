import type { AuditRecorder } from '../../../../src/facade/function/index.js';

/** A session store that is down: every write rejects, as a real client would on ECONNREFUSED. */
export class BrokenAudit implements AuditRecorder {
  attempts = 0;
  private fail = async (): Promise<never> => {
    this.attempts += 1;
    throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
  };
  create = this.fail;
  appendMessages = this.fail;
  recordProviderCall = this.fail;
  recordToolCall = this.fail;
  recordEvent = this.fail;
  setStatus = this.fail;
}

/** A store that hangs: writes wait until release() (a stalled database). */
export class StalledAudit implements AuditRecorder {
  created: string[] = [];
  private waiting: Array<() => void> = [];
  private stall = (): Promise<void> => new Promise((resolve) => this.waiting.push(resolve));
  create = async (session: { id: string }): Promise<void> => {
    this.created.push(session.id);
    await this.stall();
  };
  appendMessages = this.stall;
  recordProviderCall = this.stall;
  recordToolCall = this.stall;
  recordEvent = this.stall;
  setStatus = this.stall;
  /** Lets every write through from now on. */
  release(): void {
    this.stall = async () => {};
    this.appendMessages = this.stall;
    this.recordProviderCall = this.stall;
    this.recordToolCall = this.stall;
    this.recordEvent = this.stall;
    this.setStatus = this.stall;
    for (const w of this.waiting.splice(0)) w();
  }
}
