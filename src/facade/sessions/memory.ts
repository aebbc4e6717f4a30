import {
  SessionGoneError,
  type ProviderCallRecord,
  type RuntimeEventRecord,
  type SessionRecord,
  type SessionStore,
  type StoreOptions,
  type StoredMessage,
  type SyncTurnCalls,
  type ToolCallRecord,
  type WithOptionalAt,
} from './types.js';
import { newSessionRecord } from './record.js';

interface Entry {
  /** updatedAt / expiresAt in here are stale; the *Ms fields are the truth (formatted on read). */
  session: SessionRecord;
  updatedAtMs: number;
  expiresAtMs: number;
  messages: StoredMessage[];
  providerCalls: ProviderCallRecord[];
  toolCalls: ToolCallRecord[];
  events: RuntimeEventRecord[];
}

export interface MemoryStoreOptions extends StoreOptions {
  /** Sessions kept before the least recently used one is evicted. */
  maxSessions: number;
}

// Trimming on every push would shift the whole array each time once a session
// is full; letting it overshoot by half and trimming then keeps appends O(1)
// amortised. Readers take the newest `max` (see newest()).
function pushBounded<T>(list: T[], items: T[], max: number): void {
  for (const item of items) pushOne(list, item, max);
}

function pushOne<T>(list: T[], item: T, max: number): void {
  list.push(item);
  if (list.length > max + (max >> 1) + 1) list.splice(0, list.length - max);
}

function newest<T>(list: T[], max: number): T[] {
  return list.length > max ? list.slice(list.length - max) : list.slice();
}

// The embedded store: a Map kept in least-recently-used order (a touched entry
// is re-inserted at the end), so eviction drops the first key. Expired entries
// become tombstones (bounded the same way) so a late resume can be told
// "expired" rather than "unknown".
export function createMemoryStore(opts: MemoryStoreOptions): SessionStore {
  const now = opts.now ?? Date.now;
  const entries = new Map<string, Entry>();
  const tombstones = new Map<string, number>();

  // Formatting dates is a visible cost on the hot path; a turn stamps several
  // records within the same millisecond, so remember the last one.
  let lastMs = NaN;
  let lastIso = '';
  function iso(ms: number): string {
    if (ms !== lastMs) {
      lastMs = ms;
      lastIso = new Date(ms).toISOString();
    }
    return lastIso;
  }

  function bury(id: string, at: number): void {
    entries.delete(id);
    tombstones.delete(id);
    tombstones.set(id, at);
    if (tombstones.size > opts.maxSessions) tombstones.delete(tombstones.keys().next().value as string);
  }

  /** The live entry, or why there is none. The session copy is made only when asked for. */
  function live(id: string): { state: 'found'; entry: Entry } | { state: 'expired' | 'unknown'; entry?: undefined } {
    const entry = entries.get(id);
    const t = now();
    if (entry) {
      if (entry.expiresAtMs > t) return { state: 'found', entry };
      bury(id, entry.expiresAtMs);
      return { state: 'expired' };
    }
    const buried = tombstones.get(id);
    if (buried !== undefined) {
      // Remember an expiry for one more TTL, then forget it.
      if (buried + opts.ttlMs > t) return { state: 'expired' };
      tombstones.delete(id);
    }
    return { state: 'unknown' };
  }

  const copy = (e: Entry): SessionRecord => ({
    ...e.session,
    tags: [...e.session.tags],
    updatedAt: iso(e.updatedAtMs),
    expiresAt: new Date(e.expiresAtMs).toISOString(),
  });

  // The key inserted into `entries` last. A turn writes its session twice in a
  // row (user message, then the reply); the second write needs no re-insert.
  // Only create() and the re-insert below add keys, and both set it.
  let newestId: string | undefined;

  function writable(id: string): Entry {
    const t = now();
    let entry = entries.get(id);
    if (!entry || entry.expiresAtMs <= t) {
      const found = live(id);
      if (found.state !== 'found') throw new SessionGoneError(id, found.state);
      entry = found.entry;
    }
    entry.updatedAtMs = t;
    entry.expiresAtMs = t + opts.ttlMs;
    if (newestId !== id) {
      // Re-insert so the Map stays in least-recently-used order.
      entries.delete(id);
      entries.set(id, entry);
      newestId = id;
    }
    return entry;
  }

  function stamp<T>(item: WithOptionalAt<T & { at: string }>): T & { at: string } {
    return { ...item, at: item.at ?? iso(now()) } as T & { at: string };
  }

  // The per-turn calls, synchronous (the async interface wraps them).
  const sync: SyncTurnCalls = {
    appendMessages(id, messages) {
      const entry = writable(id);
      const at = iso(entry.updatedAtMs);
      // Explicit fields rather than a spread: this is the per-turn hot path.
      for (const m of messages) pushOne(entry.messages, { role: m.role, content: m.content, at: m.at ?? at }, opts.maxSessionEvents);
    },
    history(id, limit) {
      const found = live(id);
      if (found.state !== 'found') return [];
      // Stored messages are never mutated, so sharing them is safe.
      const msgs = found.entry.messages;
      const n = Math.min(limit ?? opts.maxSessionEvents, opts.maxSessionEvents);
      return n <= 0 ? [] : msgs.length > n ? msgs.slice(msgs.length - n) : msgs.slice();
    },
  };

  return {
    kind: 'memory',
    sync,
    async create(input) {
      const t = now();
      const session = newSessionRecord(input, t, opts.ttlMs);
      const id = session.id;
      if (entries.has(id)) throw new Error(`session ${id} already exists`);
      tombstones.delete(id);
      newestId = id;
      entries.set(id, { session, updatedAtMs: t, expiresAtMs: t + opts.ttlMs, messages: [], providerCalls: [], toolCalls: [], events: [] });
      while (entries.size > opts.maxSessions) entries.delete(entries.keys().next().value as string);
      return { ...session, tags: [...session.tags] };
    },
    async get(id) {
      const found = live(id);
      return found.state === 'found' ? copy(found.entry) : null;
    },
    async lookup(id) {
      const found = live(id);
      return found.state === 'found' ? { state: 'found', session: copy(found.entry) } : { state: found.state };
    },
    async appendMessages(id, messages) {
      sync.appendMessages(id, messages);
    },
    async recordProviderCall(id, call) {
      pushBounded(writable(id).providerCalls, [stamp<ProviderCallRecord>(call)], opts.maxSessionEvents);
    },
    async recordToolCall(id, call) {
      pushBounded(writable(id).toolCalls, [stamp<ToolCallRecord>(call)], opts.maxSessionEvents);
    },
    async recordEvent(id, event) {
      pushBounded(writable(id).events, [stamp<RuntimeEventRecord>(event)], opts.maxSessionEvents);
    },
    async setStatus(id, status) {
      writable(id).session.status = status;
    },
    async history(id, limit) {
      return sync.history(id, limit);
    },
    async audit(id) {
      const found = live(id);
      if (found.state !== 'found') return null;
      const e = found.entry;
      const max = opts.maxSessionEvents;
      return structuredClone({
        session: copy(e),
        messages: newest(e.messages, max),
        providerCalls: newest(e.providerCalls, max),
        toolCalls: newest(e.toolCalls, max),
        events: newest(e.events, max),
      });
    },
    async ping() {
      return true;
    },
    async close() {
      entries.clear();
      tombstones.clear();
    },
  };
}
