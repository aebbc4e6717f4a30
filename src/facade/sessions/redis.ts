import { Redis } from 'ioredis';
import {
  SessionGoneError,
  type SessionAudit,
  type SessionLookup,
  type SessionRecord,
  type SessionStore,
  type StoreOptions,
} from './types.js';
import { newSessionRecord } from './record.js';

// Redis layout, per session id:
//   omnia:session:<id>                 hash  agent, namespace, tags (JSON), status, createdAt, updatedAt, expiresAt
//   omnia:session:<id>:messages        list  JSON StoredMessage, oldest first
//   omnia:session:<id>:provider_calls  list  JSON ProviderCallRecord
//   omnia:session:<id>:tool_calls      list  JSON ToolCallRecord
//   omnia:session:<id>:events          list  JSON RuntimeEventRecord
//   omnia:session:<id>:tomb            "1"   lives two TTLs, so an expired id is told apart from an unknown one
// Every write refreshes the TTL of all six keys, so a session's trails expire together.

const TRAILS = ['messages', 'provider_calls', 'tool_calls', 'events'] as const;
type Trail = (typeof TRAILS)[number];

export interface RedisStoreOptions extends StoreOptions {
  url: string;
  keyPrefix?: string;
}

// Fail fast, recover by itself (the PostgreSQL store's behaviour). ioredis's
// defaults retried every command over up to 20 reconnects and had no command
// timeout: a turn waited ~14 s for its INTERNAL_ERROR while Redis was down.
const REDIS_OPTIONS = {
  lazyConnect: false,
  enableOfflineQueue: true,
  /** A command sent on a connection that then drops is failed, not resent after the reconnect. */
  maxRetriesPerRequest: 0,
  /** Bounds a command on a connection that is dead without having closed (a network partition). */
  commandTimeout: 2_000,
  connectTimeout: 2_000,
  /** Reconnect for ever, backing off to one attempt a second: Redis is used again within ~1 s of its return. */
  retryStrategy: (times: number) => Math.min(times * 100, 1_000),
} as const;

export function createRedisStore(opts: RedisStoreOptions): SessionStore {
  const now = opts.now ?? Date.now;
  const prefix = opts.keyPrefix ?? 'omnia:session:';
  const redis = new Redis(opts.url, REDIS_OPTIONS);
  // Commands wait for the first connection (a store is used as soon as it is
  // built); once connected, a command sent while the connection is down fails
  // at once instead of queueing until Redis returns.
  redis.once('ready', () => {
    redis.options.enableOfflineQueue = false;
  });
  redis.on('error', () => {
    // Connection errors surface through the failing command and /readyz's ping;
    // without a listener ioredis would print every reconnect attempt.
  });

  const key = (id: string) => prefix + id;
  const trailKey = (id: string, trail: Trail) => `${prefix}${id}:${trail}`;
  const tombKey = (id: string) => `${prefix}${id}:tomb`;
  const allKeys = (id: string) => [key(id), ...TRAILS.map((t) => trailKey(id, t)), tombKey(id)];

  function toRecord(id: string, h: Record<string, string>): SessionRecord {
    return {
      id,
      agent: h.agent ?? '',
      namespace: h.namespace ?? '',
      tags: JSON.parse(h.tags ?? '[]') as string[],
      status: (h.status ?? 'active') as SessionRecord['status'],
      createdAt: h.createdAt ?? '',
      updatedAt: h.updatedAt ?? '',
      expiresAt: h.expiresAt ?? '',
    };
  }

  async function lookup(id: string): Promise<SessionLookup> {
    const [[, h], [, tomb]] = (await redis.multi().hgetall(key(id)).exists(tombKey(id)).exec()) as [
      [Error | null, Record<string, string>],
      [Error | null, number],
    ];
    if (h && h.expiresAt !== undefined) {
      if (Date.parse(h.expiresAt) > now()) return { state: 'found', session: toRecord(id, h) };
      return { state: 'expired' };
    }
    return tomb ? { state: 'expired' } : { state: 'unknown' };
  }

  /** Checks the session is live, then runs `write` in one MULTI that also refreshes every TTL. */
  async function write(id: string, build: (m: ReturnType<Redis['multi']>) => void): Promise<void> {
    const expiresAt = await redis.hget(key(id), 'expiresAt');
    if (expiresAt === null || Date.parse(expiresAt) <= now()) {
      const state = expiresAt !== null || (await redis.exists(tombKey(id))) ? 'expired' : 'unknown';
      throw new SessionGoneError(id, state);
    }
    const t = now();
    const m = redis.multi();
    build(m);
    m.hset(key(id), 'updatedAt', new Date(t).toISOString(), 'expiresAt', new Date(t + opts.ttlMs).toISOString());
    for (const k of allKeys(id)) m.pexpire(k, k === tombKey(id) ? opts.ttlMs * 2 : opts.ttlMs);
    const results = await m.exec();
    const failed = results?.find(([err]) => err);
    if (failed?.[0]) throw failed[0];
  }

  async function append(id: string, trail: Trail, items: object[]): Promise<void> {
    if (items.length === 0) return;
    const at = new Date(now()).toISOString();
    await write(id, (m) => {
      m.rpush(trailKey(id, trail), ...items.map((i) => JSON.stringify({ ...i, at: (i as { at?: string }).at ?? at })));
      m.ltrim(trailKey(id, trail), -opts.maxSessionEvents, -1);
    });
  }

  async function range<T>(id: string, trail: Trail, start = 0): Promise<T[]> {
    const raw = await redis.lrange(trailKey(id, trail), start, -1);
    return raw.map((r) => JSON.parse(r) as T);
  }

  return {
    kind: 'redis',
    async create(input) {
      const session = newSessionRecord(input, now(), opts.ttlMs);
      const id = session.id;
      if (await redis.exists(key(id))) throw new Error(`session ${id} already exists`);
      const m = redis.multi();
      m.del(...TRAILS.map((t) => trailKey(id, t)));
      m.hset(key(id), {
        agent: session.agent,
        namespace: session.namespace,
        tags: JSON.stringify(session.tags),
        status: session.status,
        createdAt: session.createdAt,
        updatedAt: session.updatedAt,
        expiresAt: session.expiresAt,
      });
      m.pexpire(key(id), opts.ttlMs);
      m.set(tombKey(id), '1', 'PX', opts.ttlMs * 2);
      await m.exec();
      return session;
    },
    async get(id) {
      const found = await lookup(id);
      return found.state === 'found' ? found.session : null;
    },
    lookup,
    appendMessages: (id, messages) => append(id, 'messages', messages),
    recordProviderCall: (id, call) => append(id, 'provider_calls', [call]),
    recordToolCall: (id, call) => append(id, 'tool_calls', [call]),
    recordEvent: (id, event) => append(id, 'events', [event]),
    async setStatus(id, status) {
      await write(id, (m) => m.hset(key(id), 'status', status));
    },
    async history(id, limit) {
      if ((await lookup(id)).state !== 'found') return [];
      if (limit !== undefined && limit <= 0) return [];
      return range<SessionAudit['messages'][number]>(id, 'messages', limit === undefined ? 0 : -limit);
    },
    async audit(id): Promise<SessionAudit | null> {
      const found = await lookup(id);
      if (found.state !== 'found') return null;
      const [messages, providerCalls, toolCalls, events] = await Promise.all([
        range<SessionAudit['messages'][number]>(id, 'messages'),
        range<SessionAudit['providerCalls'][number]>(id, 'provider_calls'),
        range<SessionAudit['toolCalls'][number]>(id, 'tool_calls'),
        range<SessionAudit['events'][number]>(id, 'events'),
      ]);
      return { session: found.session, messages, providerCalls, toolCalls, events };
    },
    async ping() {
      try {
        return (await Promise.race([redis.ping(), new Promise<string>((r) => setTimeout(() => r('timeout'), 2000).unref())])) === 'PONG';
      } catch {
        return false;
      }
    },
    async close() {
      try {
        await redis.quit();
      } catch {
        redis.disconnect();
      }
    },
  };
}
