import type { WireToolCall } from '../../contract/runtime-wire.js';

// One session store shape for agent conversations and function invocations
// (spec/003: "function invocations are sessions tagged function"): a session
// row plus four append-only trails — messages, provider calls, tool calls and
// runtime events. Every trail is bounded by maxSessionEvents (oldest dropped)
// and lives exactly as long as its session (retention = session TTL).

import type { SessionType } from '../../contract/enums.js';

export type SessionStatus = 'active' | 'completed' | 'error';

export interface SessionRecord {
  id: string;
  agent: string;
  namespace: string;
  tags: string[];
  status: SessionStatus;
  /** RFC 3339 timestamps. */
  createdAt: string;
  updatedAt: string;
  expiresAt: string;
}

/** Whether a stored session is this agent's (a session id of another agent or namespace is not resumed). */
export function ownsSession(session: Pick<SessionRecord, 'agent' | 'namespace'>, self: { agent: string; namespace: string }): boolean {
  return session.agent === self.agent && session.namespace === self.namespace;
}

export interface StoredMessage {
  role: 'user' | 'assistant' | 'system' | 'tool';
  content: string;
  at: string;
}

export interface ProviderCallRecord {
  model: string;
  provider: string;
  input_tokens: number;
  output_tokens: number;
  cost_usd: number;
  duration_ms: number;
  at: string;
}

/** A tool call as the runtime reported it (the same JSON), stamped with when it was recorded. */
export interface ToolCallRecord extends WireToolCall {
  at: string;
}

export interface RuntimeEventRecord {
  type: string;
  detail: Record<string, unknown>;
  at: string;
}

/** Inputs leave `at` optional: the store stamps them with its clock. */
export type WithOptionalAt<T> = Omit<T, 'at'> & { at?: string };

export interface NewSession {
  /** Callers may choose the id (the WebSocket path announces it before the first message). */
  id?: string;
  agent: string;
  namespace: string;
  tags?: string[];
}

export type SessionLookup =
  | { state: 'found'; session: SessionRecord }
  /** The session existed and its TTL ran out (remembered for one more TTL). */
  | { state: 'expired' }
  | { state: 'unknown' };

export interface SessionAudit {
  session: SessionRecord;
  messages: StoredMessage[];
  providerCalls: ProviderCallRecord[];
  toolCalls: ToolCallRecord[];
  events: RuntimeEventRecord[];
}

/** Thrown by writes to a session that is expired or was never created. */
export class SessionGoneError extends Error {
  constructor(
    readonly sessionId: string,
    readonly state: 'expired' | 'unknown',
  ) {
    super(state === 'expired' ? `session ${sessionId} has expired` : `session ${sessionId} does not exist`);
    this.name = 'SessionGoneError';
  }
}

export interface SessionStore {
  readonly kind: SessionType;
  create(input: NewSession): Promise<SessionRecord>;
  /** null when unknown or expired. */
  get(id: string): Promise<SessionRecord | null>;
  lookup(id: string): Promise<SessionLookup>;
  /** Appends in order and refreshes the TTL. Throws SessionGoneError. */
  appendMessages(id: string, messages: WithOptionalAt<StoredMessage>[]): Promise<void>;
  recordProviderCall(id: string, call: WithOptionalAt<ProviderCallRecord>): Promise<void>;
  recordToolCall(id: string, call: WithOptionalAt<ToolCallRecord>): Promise<void>;
  recordEvent(id: string, event: WithOptionalAt<RuntimeEventRecord>): Promise<void>;
  setStatus(id: string, status: SessionStatus): Promise<void>;
  /** The newest `limit` messages (all when omitted), oldest first; [] for an unknown/expired session. */
  history(id: string, limit?: number): Promise<StoredMessage[]>;
  /** The whole record with every trail; null when unknown or expired. */
  audit(id: string): Promise<SessionAudit | null>;
  /**
   * Present on stores that need no I/O (memory): the two per-turn calls without
   * a promise, with the same results and errors (SessionGoneError is thrown).
   * A WebSocket turn uses them when present; each await it saves is a
   * microtask hop and an allocation on every turn.
   */
  readonly sync?: SyncTurnCalls;
  /**
   * Present on stores that hold their data in this process (memory): the bytes
   * their records are accounted, never above OMNIA_MAX_STORE_BYTES (a metric).
   */
  accountedBytes?(): number;
  /** true when the backing service answers (for /readyz). */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export interface SyncTurnCalls {
  appendMessages(id: string, messages: WithOptionalAt<StoredMessage>[]): void;
  history(id: string, limit?: number): StoredMessage[];
}

export interface StoreOptions {
  ttlMs: number;
  maxSessionEvents: number;
  /** The store's clock; tests move it to expire sessions. */
  now?: () => number;
}
