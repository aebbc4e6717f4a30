// One trail of a memory-store session (messages, provider calls, tool calls or
// events): the newest `max` records, each with its accounted size in bytes and
// a store-wide sequence number, so the store can drop the oldest record of a
// session across its four trails when the session is over its byte budget.
//
// Dropped records are released at once (their slot is cleared) and the arrays
// are compacted once the dropped prefix is half of them: appends and drops stay
// O(1) amortised, and memory held is memory accounted.

/** What a string costs at most on the V8 heap: two bytes per UTF-16 code unit. */
export function textBytes(text: string): number {
  return 2 * text.length;
}

/** A record other than a message, as its JSON text would cost (arguments and results can be large). */
export function recordBytes(record: object): number {
  return textBytes(JSON.stringify(record));
}

export class Trail<T> {
  private items: (T | undefined)[] = [];
  private sizes: number[] = [];
  private seqs: number[] = [];
  /** Records before `head` are dropped. */
  private head = 0;
  /** Sum of the sizes of the kept records. */
  bytes = 0;

  constructor(private readonly max: number) {}

  get length(): number {
    return this.items.length - this.head;
  }

  /** Appends; past `max` records the oldest is dropped. Returns the bytes that drop freed. */
  push(item: T, size: number, seq: number): number {
    this.items.push(item);
    this.sizes.push(size);
    this.seqs.push(seq);
    this.bytes += size;
    return this.length > this.max ? this.dropOldest() : 0;
  }

  /** The sequence number of the oldest kept record; Infinity when empty. */
  oldestSeq(): number {
    return this.head < this.items.length ? (this.seqs[this.head] as number) : Infinity;
  }

  /** Drops the oldest kept record (the trail must not be empty); returns its size. */
  dropOldest(): number {
    const size = this.sizes[this.head] as number;
    this.items[this.head] = undefined;
    this.head++;
    this.bytes -= size;
    if (this.head === this.items.length) this.clear();
    else if (this.head >= 32 && this.head * 2 >= this.items.length) {
      this.items.splice(0, this.head);
      this.sizes.splice(0, this.head);
      this.seqs.splice(0, this.head);
      this.head = 0;
    }
    return size;
  }

  /** The newest `n` kept records, oldest first (a fresh array). */
  newest(n: number): T[] {
    if (n <= 0) return [];
    return this.items.slice(Math.max(this.head, this.items.length - n)) as T[];
  }

  clear(): void {
    this.items.length = 0;
    this.sizes.length = 0;
    this.seqs.length = 0;
    this.head = 0;
    this.bytes = 0;
  }
}
