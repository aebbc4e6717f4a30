import { randomUUID } from 'node:crypto';
import type { NewSession, SessionRecord } from './types.js';

/** A new session as every store starts it: active, updated now, expiring one TTL from now. */
export function newSessionRecord(input: NewSession, nowMs: number, ttlMs: number): SessionRecord {
  const createdAt = new Date(nowMs).toISOString();
  return {
    id: input.id ?? randomUUID(),
    agent: input.agent,
    namespace: input.namespace,
    tags: [...(input.tags ?? [])],
    status: 'active',
    createdAt,
    updatedAt: createdAt,
    expiresAt: new Date(nowMs + ttlMs).toISOString(),
  };
}
