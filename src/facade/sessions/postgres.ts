import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { SCHEMA_LOCK_KEY, SCHEMA_SQL, TRAIL_TABLES, type TrailTable } from './postgres-schema.js';
import {
  SessionGoneError,
  type NewSession,
  type ProviderCallRecord,
  type RuntimeEventRecord,
  type SessionAudit,
  type SessionLookup,
  type SessionRecord,
  type SessionStore,
  type StoreOptions,
  type StoredMessage,
  type ToolCallRecord,
} from './types.js';

export interface PostgresStoreOptions extends StoreOptions {
  url: string;
  /** How often expired sessions are deleted; 0 disables the timer (call sweep()). */
  sweepIntervalMs: number;
}

export interface PostgresSessionStore extends SessionStore {
  /** Deletes expired sessions (their trails cascade) and old tombstones; returns how many sessions went. */
  sweep(): Promise<number>;
}

type Row = Record<string, unknown>;

const iso = (v: unknown): string => (v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString());

function toSession(r: Row): SessionRecord {
  return {
    id: String(r.id),
    agent: String(r.agent),
    namespace: String(r.namespace),
    tags: (r.tags as string[]) ?? [],
    status: r.status as SessionRecord['status'],
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
    expiresAt: iso(r.expires_at),
  };
}

/** Opens the pool and creates the tables; fails when the database cannot be reached. */
export async function createPostgresStore(opts: PostgresStoreOptions): Promise<PostgresSessionStore> {
  const now = opts.now ?? Date.now;
  const pool = new pg.Pool({ connectionString: opts.url, max: 10, connectionTimeoutMillis: 5_000 });
  pool.on('error', () => {
    // An idle client lost its connection; the pool replaces it. Failing
    // queries and /readyz report the outage.
  });

  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK_KEY]);
    await client.query(SCHEMA_SQL);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    client.release();
    await pool.end();
    throw err;
  }
  client.release();

  async function lookup(id: string): Promise<SessionLookup> {
    const { rows } = await pool.query('SELECT * FROM sessions WHERE id = $1', [id]);
    const row = rows[0] as Row | undefined;
    if (row) {
      return (row.expires_at as Date).getTime() > now() ? { state: 'found', session: toSession(row) } : { state: 'expired' };
    }
    const tomb = await pool.query('SELECT 1 FROM session_tombstones WHERE id = $1', [id]);
    return tomb.rowCount ? { state: 'expired' } : { state: 'unknown' };
  }

  /** One transaction: refresh the TTL of a live session, then run `body`, then trim `trail`. */
  async function write(id: string, trail: TrailTable | null, body: (c: pg.PoolClient, at: Date) => Promise<unknown>): Promise<void> {
    const t = now();
    const c = await pool.connect();
    try {
      await c.query('BEGIN');
      const touched = await c.query(
        'UPDATE sessions SET updated_at = $2, expires_at = $3 WHERE id = $1 AND expires_at > $2 RETURNING id',
        [id, new Date(t), new Date(t + opts.ttlMs)],
      );
      if (touched.rowCount === 0) {
        await c.query('ROLLBACK');
        const state = await lookup(id);
        throw new SessionGoneError(id, state.state === 'unknown' ? 'unknown' : 'expired');
      }
      await body(c, new Date(t));
      if (trail) {
        // Keep the newest maxSessionEvents rows of this trail.
        await c.query(
          `DELETE FROM ${trail} WHERE session_id = $1 AND seq < (SELECT seq FROM ${trail} WHERE session_id = $1 ORDER BY seq DESC OFFSET $2 LIMIT 1)`,
          [id, opts.maxSessionEvents - 1],
        );
      }
      await c.query('COMMIT');
    } catch (err) {
      if (!(err instanceof SessionGoneError)) await c.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      c.release();
    }
  }

  const at = (given: string | undefined, fallback: Date) => (given ? new Date(given) : fallback);

  async function sweep(): Promise<number> {
    const t = new Date(now());
    const { rows } = await pool.query(
      `WITH gone AS (DELETE FROM sessions WHERE expires_at <= $1 RETURNING id, expires_at)
       INSERT INTO session_tombstones (id, expired_at) SELECT id, expires_at FROM gone
       ON CONFLICT (id) DO UPDATE SET expired_at = EXCLUDED.expired_at
       RETURNING id`,
      [t],
    );
    await pool.query('DELETE FROM session_tombstones WHERE expired_at <= $1', [new Date(t.getTime() - opts.ttlMs)]);
    return rows.length;
  }

  let sweeping = false;
  const timer =
    opts.sweepIntervalMs > 0
      ? setInterval(() => {
          if (sweeping) return;
          sweeping = true;
          sweep()
            .catch(() => undefined)
            .finally(() => {
              sweeping = false;
            });
        }, opts.sweepIntervalMs)
      : undefined;
  timer?.unref();

  return {
    kind: 'postgres',
    sweep,
    async create(input: NewSession) {
      const t = new Date(now());
      const id = input.id ?? randomUUID();
      const { rows } = await pool.query(
        `INSERT INTO sessions (id, agent, namespace, tags, status, created_at, updated_at, expires_at)
         VALUES ($1, $2, $3, $4, 'active', $5, $5, $6) RETURNING *`,
        [id, input.agent, input.namespace, input.tags ?? [], t, new Date(t.getTime() + opts.ttlMs)],
      );
      await pool.query('DELETE FROM session_tombstones WHERE id = $1', [id]);
      return toSession(rows[0] as Row);
    },
    async get(id) {
      const found = await lookup(id);
      return found.state === 'found' ? found.session : null;
    },
    lookup,
    async appendMessages(id, messages) {
      if (messages.length === 0) return;
      await write(id, 'messages', async (c, t) => {
        const values: unknown[] = [id];
        const rows = messages.map((m, i) => {
          values.push(m.role, m.content, at(m.at, t));
          return `($1, $${i * 3 + 2}, $${i * 3 + 3}, $${i * 3 + 4})`;
        });
        await c.query(`INSERT INTO messages (session_id, role, content, at) VALUES ${rows.join(', ')}`, values);
      });
    },
    async recordProviderCall(id, p) {
      await write(id, 'provider_calls', (c, t) =>
        c.query(
          `INSERT INTO provider_calls (session_id, model, provider, input_tokens, output_tokens, cost_usd, duration_ms, at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
          [id, p.model, p.provider, p.input_tokens, p.output_tokens, p.cost_usd, Math.round(p.duration_ms), at(p.at, t)],
        ),
      );
    },
    async recordToolCall(id, tc) {
      await write(id, 'tool_calls', (c, t) =>
        c.query(
          `INSERT INTO tool_calls (session_id, call_id, name, arguments, result, error, duration_ms, at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
          [
            id,
            tc.id,
            tc.name,
            JSON.stringify(tc.arguments ?? {}),
            tc.result === undefined ? null : JSON.stringify(tc.result),
            tc.error ?? null,
            Math.round(tc.duration_ms),
            at(tc.at, t),
          ],
        ),
      );
    },
    async recordEvent(id, e) {
      await write(id, 'runtime_events', (c, t) =>
        c.query('INSERT INTO runtime_events (session_id, type, detail, at) VALUES ($1, $2, $3, $4)', [
          id,
          e.type,
          JSON.stringify(e.detail ?? {}),
          at(e.at, t),
        ]),
      );
    },
    async setStatus(id, status) {
      await write(id, null, (c) => c.query('UPDATE sessions SET status = $2 WHERE id = $1', [id, status]));
    },
    async history(id, limit) {
      if ((await lookup(id)).state !== 'found') return [];
      if (limit !== undefined && limit <= 0) return [];
      const { rows } = await pool.query(
        `SELECT role, content, at FROM (
           SELECT seq, role, content, at FROM messages WHERE session_id = $1 ORDER BY seq DESC ${limit === undefined ? '' : 'LIMIT $2'}
         ) newest ORDER BY seq ASC`,
        limit === undefined ? [id] : [id, limit],
      );
      return rows.map((r: Row) => ({ role: r.role as StoredMessage['role'], content: String(r.content), at: iso(r.at) }));
    },
    async audit(id): Promise<SessionAudit | null> {
      const found = await lookup(id);
      if (found.state !== 'found') return null;
      const q = (table: TrailTable) => pool.query(`SELECT * FROM ${table} WHERE session_id = $1 ORDER BY seq`, [id]).then((r) => r.rows as Row[]);
      const [messages, providerCalls, toolCalls, events] = await Promise.all(TRAIL_TABLES.map(q)) as [Row[], Row[], Row[], Row[]];
      return {
        session: found.session,
        messages: messages.map((r) => ({ role: r.role as StoredMessage['role'], content: String(r.content), at: iso(r.at) })),
        providerCalls: providerCalls.map(
          (r): ProviderCallRecord => ({
            model: String(r.model),
            provider: String(r.provider),
            input_tokens: Number(r.input_tokens),
            output_tokens: Number(r.output_tokens),
            cost_usd: Number(r.cost_usd),
            duration_ms: Number(r.duration_ms),
            at: iso(r.at),
          }),
        ),
        toolCalls: toolCalls.map(
          (r): ToolCallRecord => ({
            id: String(r.call_id),
            name: String(r.name),
            arguments: r.arguments as Record<string, unknown>,
            ...(r.result !== null ? { result: r.result } : {}),
            ...(r.error !== null ? { error: String(r.error) } : {}),
            duration_ms: Number(r.duration_ms),
            at: iso(r.at),
          }),
        ),
        events: events.map((r): RuntimeEventRecord => ({ type: String(r.type), detail: r.detail as Record<string, unknown>, at: iso(r.at) })),
      };
    },
    async ping() {
      try {
        await pool.query('SELECT 1');
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      if (timer) clearInterval(timer);
      await pool.end();
    },
  };
}
