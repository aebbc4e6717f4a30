// The PostgreSQL schema of the session store. Created on start-up under an
// advisory lock so several facade pods starting together do not race on
// CREATE TABLE. Every trail row belongs to a session and goes with it
// (ON DELETE CASCADE); the periodic sweep deletes sessions whose expires_at
// has passed and leaves a tombstone for one more TTL.

export const SCHEMA_LOCK_KEY = 0x6f6d6e69; // "omni"

/** The trails, each a table of rows in `seq` order: their own columns. */
const TRAILS = {
  messages: ['role text NOT NULL', 'content text NOT NULL'],
  provider_calls: [
    'model text NOT NULL',
    'provider text NOT NULL',
    'input_tokens integer NOT NULL',
    'output_tokens integer NOT NULL',
    'cost_usd double precision NOT NULL',
    'duration_ms integer NOT NULL',
  ],
  tool_calls: ['call_id text NOT NULL', 'name text NOT NULL', 'arguments jsonb NOT NULL', 'result jsonb', 'error text', 'duration_ms integer NOT NULL'],
  runtime_events: ['type text NOT NULL', 'detail jsonb NOT NULL'],
} as const;

export type TrailTable = keyof typeof TRAILS;
export const TRAIL_TABLES = Object.keys(TRAILS) as TrailTable[];

/** A trail table: row number, its session (its rows go with it), its columns, time; indexed per session. */
function trailDdl(table: TrailTable): string {
  const columns = ['seq bigserial PRIMARY KEY', 'session_id text NOT NULL REFERENCES sessions (id) ON DELETE CASCADE', ...TRAILS[table], 'at timestamptz NOT NULL'];
  return `
CREATE TABLE IF NOT EXISTS ${table} (
  ${columns.join(',\n  ')}
);
CREATE INDEX IF NOT EXISTS ${table}_session_idx ON ${table} (session_id, seq);
`;
}

export const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS sessions (
  id          text PRIMARY KEY,
  agent       text NOT NULL,
  namespace   text NOT NULL,
  tags        text[] NOT NULL DEFAULT '{}',
  status      text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'completed', 'error')),
  created_at  timestamptz NOT NULL,
  updated_at  timestamptz NOT NULL,
  expires_at  timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS sessions_expires_at_idx ON sessions (expires_at);
CREATE INDEX IF NOT EXISTS sessions_tags_idx ON sessions USING gin (tags);
CREATE INDEX IF NOT EXISTS sessions_agent_idx ON sessions (namespace, agent, created_at);
${TRAIL_TABLES.map(trailDdl).join('')}
CREATE TABLE IF NOT EXISTS session_tombstones (
  id          text PRIMARY KEY,
  expired_at  timestamptz NOT NULL
);
`;
