import { randomUUID } from 'node:crypto';
import type { FacadeConfig } from '../config.js';
import { isValidSessionId } from '../protocol.js';
import { ownsSession, type SessionStore } from '../sessions/types.js';

// Which session an HTTP turn (A2A, chat completions, /agent/invoke) writes to.
// The caller may name one (A2A contextId, the X-Omnia-Session-Id header, the
// session_id field): a session of this agent that is alive is resumed; an id
// never seen starts a new session under that id, so a client that picks its
// own ids (A2A clients do) keeps them. Without an id a fresh one is made.

export type SessionOutcome =
  | { ok: true; sessionId: string; resumed: boolean }
  | { ok: false; reason: 'invalid' | 'expired' | 'foreign'; detail: string };

export async function attachSession(
  store: SessionStore,
  config: Pick<FacadeConfig, 'agent' | 'namespace'>,
  requested: string | undefined,
  tags: string[],
): Promise<SessionOutcome> {
  if (requested === undefined || requested === '') {
    const created = await store.create({ id: randomUUID(), agent: config.agent, namespace: config.namespace, tags });
    return { ok: true, sessionId: created.id, resumed: false };
  }
  if (!isValidSessionId(requested)) {
    return { ok: false, reason: 'invalid', detail: 'a session id is 1-128 letters, digits, ".", "_", ":" or "-"' };
  }
  const found = await store.lookup(requested);
  if (found.state === 'found') {
    // Another agent's session sharing the store is not this agent's to resume.
    if (!ownsSession(found.session, config)) {
      return { ok: false, reason: 'foreign', detail: `session ${requested} does not belong to this agent` };
    }
    return { ok: true, sessionId: requested, resumed: true };
  }
  if (found.state === 'expired') {
    return { ok: false, reason: 'expired', detail: `session ${requested} has expired; start a new one` };
  }
  try {
    await store.create({ id: requested, agent: config.agent, namespace: config.namespace, tags });
  } catch (err) {
    // Two first turns naming the same new id at once: the loser resumes the winner's session.
    if ((await store.lookup(requested)).state !== 'found') throw err;
    return { ok: true, sessionId: requested, resumed: true };
  }
  return { ok: true, sessionId: requested, resumed: false };
}
