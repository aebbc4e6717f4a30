import type { FacadeConfig } from '../config.js';
import { createMemoryStore } from './memory.js';
import { createPostgresStore } from './postgres.js';
import { createRedisStore } from './redis.js';
import type { SessionStore } from './types.js';

export type { SessionStore } from './types.js';

/** Builds the store named by OMNIA_SESSION_TYPE. PostgreSQL creates its tables before this resolves. */
export async function createSessionStore(session: FacadeConfig['session'], now?: () => number): Promise<SessionStore> {
  const base = { ttlMs: session.ttlMs, maxSessionEvents: session.maxSessionEvents, ...(now ? { now } : {}) };
  switch (session.type) {
    case 'memory':
      return createMemoryStore({ ...base, maxSessions: session.maxSessions });
    case 'redis':
      return createRedisStore({ ...base, url: requireUrl(session) });
    case 'postgres':
      return createPostgresStore({ ...base, url: requireUrl(session), sweepIntervalMs: session.sweepIntervalMs });
  }
}

function requireUrl(session: FacadeConfig['session']): string {
  if (!session.url) throw new Error(`OMNIA_SESSION_STORE_URL: required when OMNIA_SESSION_TYPE is ${session.type}`);
  return session.url;
}
