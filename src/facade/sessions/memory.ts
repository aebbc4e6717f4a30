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
import { ENV } from '../../contract/pod-env.js';
import { newSessionRecord } from './record.js';
import { Trail, recordBytes, textBytes } from './trail.js';

interface Entry {
  /** updatedAt / expiresAt in here are stale; the *Ms fields are the truth (formatted on read). */
  session: SessionRecord;
  updatedAtMs: number;
  expiresAtMs: number;
  messages: Trail<StoredMessage>;
  providerCalls: Trail<ProviderCallRecord>;
  toolCalls: Trail<ToolCallRecord>;
  events: Trail<RuntimeEventRecord>;
}

export interface MemoryStoreOptions extends StoreOptions {
  /** Sessions kept before the least recently used one is evicted. */
  maxSessions: number;
  /** Bytes one session's trails may hold before its oldest records are dropped (OMNIA_MAX_SESSION_BYTES). */
  maxSessionBytes?: number;
  /** Bytes all sessions may hold before the least recently used sessions are evicted (OMNIA_MAX_STORE_BYTES). */
  maxStoreBytes?: number;
}

const entryBytes = (e: Entry): number => e.messages.bytes + e.providerCalls.bytes + e.toolCalls.bytes + e.events.bytes;

/** The entry's trail holding its oldest record (across all four). */
function oldestTrail(e: Entry): Trail<unknown> {
  let oldest: Trail<unknown> = e.messages;
  for (const t of [e.providerCalls, e.toolCalls, e.events] as Trail<unknown>[]) if (t.oldestSeq() < oldest.oldestSeq()) oldest = t;
  return oldest;
}

// The embedded store: a Map kept in least-recently-used order (a touched entry
// is re-inserted at the end), so eviction drops the first key. Expired entries
// become tombstones (bounded the same way) so a late resume can be told
// "expired" rather than "unknown".
//
// Bounded in count (sessions × records) and in bytes: every record is
// accounted what its strings cost at most on the heap (trail.ts). A session
// over its byte budget drops its own oldest records first; a store over its
// budget then evicts whole sessions, least recently used first. A single
// record larger than a session's budget cannot be kept (the frame limit keeps
// client messages below it; see config.ts).
export function createMemoryStore(opts: MemoryStoreOptions): SessionStore {
  const now = opts.now ?? Date.now;
  const maxStoreBytes = opts.maxStoreBytes ?? ENV.maxStoreBytes.defaultValue;
  // A session over the store's budget would evict itself while being written.
  const maxSessionBytes = Math.min(opts.maxSessionBytes ?? ENV.maxSessionBytes.defaultValue, maxStoreBytes);
  const entries = new Map<string, Entry>();
  const tombstones = new Map<string, number>();
  /** Sum of entryBytes over `entries`. */
  let storeBytes = 0;
  /** Orders records across a session's trails (oldest = smallest). */
  let seq = 0;

  function remove(id: string, entry: Entry): void {
    entries.delete(id);
    storeBytes -= entryBytes(entry);
  }

  /** Appends one record to a trail of `entry`, then brings the session and the store back within their budgets. */
  function add<T>(entry: Entry, trail: Trail<T>, item: T, size: number): void {
    storeBytes += size - trail.push(item, size, seq++);
    if (size === 0) return;
    while (entryBytes(entry) > maxSessionBytes) storeBytes -= oldestTrail(entry).dropOldest();
    while (storeBytes > maxStoreBytes) {
      const [id, lru] = entries.entries().next().value as [string, Entry];
      remove(id, lru);
    }
  }

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
    const entry = entries.get(id);
    if (entry) remove(id, entry);
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
      for (const m of messages) add(entry, entry.messages, { role: m.role, content: m.content, at: m.at ?? at }, textBytes(m.content));
    },
    history(id, limit) {
      // The live session (every turn) is answered without building live()'s result object.
      let entry = entries.get(id);
      if (!entry || entry.expiresAtMs <= now()) {
        const found = live(id);
        if (found.state !== 'found') return [];
        entry = found.entry;
      }
      // Stored messages are never mutated, so sharing them is safe.
      return entry.messages.newest(limit ?? opts.maxSessionEvents);
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
      const max = opts.maxSessionEvents;
      entries.set(id, {
        session,
        updatedAtMs: t,
        expiresAtMs: t + opts.ttlMs,
        messages: new Trail(max),
        providerCalls: new Trail(max),
        toolCalls: new Trail(max),
        events: new Trail(max),
      });
      while (entries.size > opts.maxSessions) {
        const [oldId, old] = entries.entries().next().value as [string, Entry];
        remove(oldId, old);
      }
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
      const entry = writable(id);
      const record = stamp<ProviderCallRecord>(call);
      add(entry, entry.providerCalls, record, recordBytes(record));
    },
    async recordToolCall(id, call) {
      const entry = writable(id);
      const record = stamp<ToolCallRecord>(call);
      add(entry, entry.toolCalls, record, recordBytes(record));
    },
    async recordEvent(id, event) {
      const entry = writable(id);
      const record = stamp<RuntimeEventRecord>(event);
      add(entry, entry.events, record, recordBytes(record));
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
        messages: e.messages.newest(max),
        providerCalls: e.providerCalls.newest(max),
        toolCalls: e.toolCalls.newest(max),
        events: e.events.newest(max),
      });
    },
    accountedBytes: () => storeBytes,
    async ping() {
      return true;
    },
    async close() {
      entries.clear();
      tombstones.clear();
      storeBytes = 0;
    },
  };
}
