// The PostgreSQL schema of the session store. Created on start-up under an
// advisory lock so several facade pods starting together do not race on
// CREATE TABLE. Every trail row belongs to a session and goes with it
// (ON DELETE CASCADE); the periodic sweep deletes sessions whose expires_at
// has passed and leaves a tombstone for one more TTL.

export const SCHEMA_LOCK_KEY = 0x6f6d6e69; // "omni"

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

CREATE TABLE IF NOT EXISTS messages (
  seq         bigserial PRIMARY KEY,
  session_id  text NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
  role        text NOT NULL,
  content     text NOT NULL,
  at          timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS messages_session_idx ON messages (session_id, seq);

CREATE TABLE IF NOT EXISTS provider_calls (
  seq           bigserial PRIMARY KEY,
  session_id    text NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
  model         text NOT NULL,
  provider      text NOT NULL,
  input_tokens  integer NOT NULL,
  output_tokens integer NOT NULL,
  cost_usd      double precision NOT NULL,
  duration_ms   integer NOT NULL,
  at            timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS provider_calls_session_idx ON provider_calls (session_id, seq);

CREATE TABLE IF NOT EXISTS tool_calls (
  seq          bigserial PRIMARY KEY,
  session_id   text NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
  call_id      text NOT NULL,
  name         text NOT NULL,
  arguments    jsonb NOT NULL,
  result       jsonb,
  error        text,
  duration_ms  integer NOT NULL,
  at           timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS tool_calls_session_idx ON tool_calls (session_id, seq);

CREATE TABLE IF NOT EXISTS runtime_events (
  seq         bigserial PRIMARY KEY,
  session_id  text NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
  type        text NOT NULL,
  detail      jsonb NOT NULL,
  at          timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS runtime_events_session_idx ON runtime_events (session_id, seq);

CREATE TABLE IF NOT EXISTS session_tombstones (
  id          text PRIMARY KEY,
  expired_at  timestamptz NOT NULL
);
`;
