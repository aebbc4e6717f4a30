// WebSocket keep-alive spread over the ping interval. One timer that pinged
// every connection at once stalled the event loop for over a second at tens of
// thousands of connections (each ping is a frame write). Here connections are
// dealt round-robin into slots of a wheel; a tick every interval/slots visits
// one slot, so each connection is still visited once per interval but a tick
// only touches 1/slots of them.
//
// Semantics are those of the single sweep: on its visit a peer that has not
// answered the previous ping (alive === false) is terminated, otherwise it is
// marked not alive and pinged; its pong marks it alive again.

export interface KeepAlivePeer {
  alive: boolean;
  ping(): void;
  terminate(): void;
}

/** A tick every ~100 ms at most: small slices without a busy timer. */
const TICK_MS = 100;
/** Bounds the wheel's fixed memory (one Set per slot). */
const MAX_SLOTS = 600;

/** How many slots an interval is cut into: one per TICK_MS, at least one. */
export function slotsFor(intervalMs: number): number {
  return Math.max(1, Math.min(MAX_SLOTS, Math.floor(intervalMs / TICK_MS)));
}

export class KeepAlive<T extends KeepAlivePeer> {
  private readonly slots: Set<T>[];
  /** Which slot each peer sits in, to remove it in O(1). */
  private readonly slotOf = new Map<T, Set<T>>();
  private next = 0;
  private cursor = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly intervalMs: number) {
    this.slots = Array.from({ length: slotsFor(intervalMs) }, () => new Set<T>());
  }

  add(peer: T): void {
    // Round-robin rather than by arrival time: a burst of connections is spread over the whole wheel.
    const slot = this.slots[this.next] as Set<T>;
    this.next = (this.next + 1) % this.slots.length;
    slot.add(peer);
    this.slotOf.set(peer, slot);
  }

  delete(peer: T): void {
    this.slotOf.get(peer)?.delete(peer);
    this.slotOf.delete(peer);
  }

  get size(): number {
    return this.slotOf.size;
  }

  start(): void {
    if (this.timer || this.intervalMs <= 0) return;
    this.timer = setInterval(() => this.tick(), this.intervalMs / this.slots.length);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Visits the next slot (public for tests that drive the wheel without a clock). */
  tick(): void {
    const slot = this.slots[this.cursor] as Set<T>;
    this.cursor = (this.cursor + 1) % this.slots.length;
    for (const peer of slot) {
      if (!peer.alive) {
        // terminate() ends in the close handler, which calls delete(); deleting while iterating a Set is safe.
        this.delete(peer);
        peer.terminate();
        continue;
      }
      peer.alive = false;
      peer.ping();
    }
  }
}
