import type { SessionType } from '../../contract/enums.js';
import { ENV } from '../../contract/pod-env.js';
import type { FacadeConfig } from '../config.js';
import { createMemoryStore } from './memory.js';
import { createPostgresStore } from './postgres.js';
import { createRedisStore } from './redis.js';
import type { SessionStore, StoreOptions } from './types.js';

export type { SessionStore } from './types.js';

// The session stores, one entry per OMNIA_SESSION_TYPE value (the schema's enum,
// src/contract/enums.ts): a store that keeps its data elsewhere names the URL it
// is given (checked at start-up; the URL is never echoed: it usually carries a
// password). Adding a store = its file + the schema enum + its entry here.

type Session = FacadeConfig['session'];

interface StoreKind {
  url?: { pattern: RegExp; example: string };
  create(session: Session, base: StoreOptions): SessionStore | Promise<SessionStore>;
}

const STORES: Record<SessionType, StoreKind> = {
  memory: {
    create: (s, base) => createMemoryStore({ ...base, maxSessions: s.maxSessions, maxSessionBytes: s.maxSessionBytes, maxStoreBytes: s.maxStoreBytes }),
  },
  redis: { url: { pattern: /^rediss?:\/\//, example: 'redis://' }, create: (s, base) => createRedisStore({ ...base, url: s.url as string }) },
  postgres: {
    url: { pattern: /^postgres(ql)?:\/\//, example: 'postgres://' },
    create: (s, base) => createPostgresStore({ ...base, url: s.url as string, sweepIntervalMs: s.sweepIntervalMs }),
  },
};

/** Throws, naming the variable, unless `url` suits the store type. */
export function checkStoreUrl(type: SessionType, url: string | undefined): void {
  const want = STORES[type].url;
  if (!want) return;
  const name = ENV.sessionStoreUrl.name;
  if (url === undefined) throw new Error(`${name}: required when ${ENV.sessionType.name} is ${type}`);
  if (!want.pattern.test(url)) throw new Error(`${name}: not a ${type} URL (expected ${want.example}…)`);
  // Checked here so the drivers' own parse errors (which quote the URL whole) never happen.
  if (!URL.canParse(url)) throw new Error(`${name}: not a valid URL (check the host and port; the value is not shown, it may hold a password)`);
}

/**
 * `text` without the store URL and its credentials: driver errors quote the
 * URL or its user info, and every start-up error ends up in the pod log.
 */
export function redactStoreUrl(text: string, url: string): string {
  const secrets = [url];
  const userinfo = /^[a-z][a-z0-9+.-]*:\/\/([^@/?#]*)@/i.exec(url)?.[1];
  if (userinfo) {
    const password = userinfo.slice(userinfo.indexOf(':') + 1);
    secrets.push(userinfo);
    if (userinfo.includes(':') && password !== '') {
      secrets.push(password);
      try {
        secrets.push(decodeURIComponent(password));
      } catch {
        // Not percent-encoded validly: the raw form is already covered.
      }
    }
  }
  let out = text;
  // Longest first, so the URL goes whole before its parts.
  for (const s of secrets.sort((a, b) => b.length - a.length)) if (s !== '') out = out.split(s).join('***');
  return out;
}

/** Builds the store named by OMNIA_SESSION_TYPE. PostgreSQL creates its tables before this resolves. */
export async function createSessionStore(session: Session, now?: () => number): Promise<SessionStore> {
  checkStoreUrl(session.type, session.url);
  const base = { ttlMs: session.ttlMs, maxSessionEvents: session.maxSessionEvents, ...(now ? { now } : {}) };
  try {
    return await STORES[session.type].create(session, base);
  } catch (err) {
    if (session.url === undefined) throw err;
    // A new error: the driver's carries the URL in fields a logger prints (`input`, `cause`, the stack).
    const message = redactStoreUrl(err instanceof Error ? err.message : String(err), session.url);
    throw new Error(`${ENV.sessionStoreUrl.name}: the ${session.type} store cannot start: ${message}`);
  }
}
