import { readFileSync } from 'node:fs';
import { requireDuration } from '../shared/duration.js';

// The facade's whole configuration, read once from the pod env (docs/env.md).
// Every bad value is a start-up error that names the variable, so a typo in a
// Deployment shows up in the pod log instead of as odd runtime behaviour.

export type FacadeMode = 'agent' | 'function';
export type HandlerMode = 'echo' | 'demo' | 'runtime';
export type SessionType = 'memory' | 'redis' | 'postgres';

export interface JwtConfig {
  jwksUrl?: string;
  /** PEM text of the public key (read from OMNIA_JWT_PUBLIC_KEY_FILE). */
  publicKeyPem?: string;
  issuer?: string;
  audience?: string;
}

export interface AuthConfig {
  allowUnauthenticated: boolean;
  /** Path of the API-key file; keys are read from it at start-up. */
  apiKeysFile?: string;
  apiKeys: string[];
  jwt?: JwtConfig;
  /** Empty = any origin. */
  allowedOrigins: string[];
}

export interface FacadeConfig {
  agent: string;
  namespace: string;
  mode: FacadeMode;
  port: number;
  healthPort: number;
  /** Interface to bind both ports to. */
  host: string;
  handlerMode: HandlerMode;
  runtimeAddress: string;
  configDir: string;
  session: {
    type: SessionType;
    ttlMs: number;
    url?: string;
    maxSessions: number;
    maxSessionEvents: number;
    /** How many earlier messages a handler sees per turn. */
    historyLimit: number;
    /** PostgreSQL: how often expired sessions are deleted. */
    sweepIntervalMs: number;
  };
  auth: AuthConfig;
  limits: {
    maxFrameBytes: number;
    maxConnections: number;
    maxMessagesPerMinute: number;
    pingIntervalMs: number;
  };
  drainTimeoutMs: number;
}

type Env = Record<string, string | undefined>;

function str(env: Env, name: string, fallback: string): string {
  const v = env[name];
  return v === undefined || v.trim() === '' ? fallback : v.trim();
}

function optional(env: Env, name: string): string | undefined {
  const v = env[name];
  return v === undefined || v.trim() === '' ? undefined : v.trim();
}

function int(env: Env, name: string, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const raw = optional(env, name);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw)) throw new Error(`${name}: "${raw}" is not a whole number`);
  const n = Number(raw);
  if (n < min || n > max) throw new Error(`${name}: ${n} is out of range ${min}..${max}`);
  return n;
}

function oneOf<T extends string>(env: Env, name: string, fallback: T, allowed: readonly T[]): T {
  const v = str(env, name, fallback);
  if (!(allowed as readonly string[]).includes(v)) {
    throw new Error(`${name}: "${v}" must be one of ${allowed.join(', ')}`);
  }
  return v as T;
}

function bool(env: Env, name: string): boolean {
  const v = optional(env, name);
  if (v === undefined) return false;
  if (/^(true|1|yes)$/i.test(v)) return true;
  if (/^(false|0|no)$/i.test(v)) return false;
  throw new Error(`${name}: "${v}" must be true or false`);
}

function duration(env: Env, name: string, fallback: string): number {
  return requireDuration(str(env, name, fallback), name);
}

/** Reads an API-key file: one key per line; blank lines and `#` comments ignored. */
export function readApiKeys(path: string): string[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new Error(`OMNIA_API_KEYS_FILE: cannot read ${path}: ${(err as Error).message}`);
  }
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}

export function loadFacadeConfig(env: Env = process.env): FacadeConfig {
  const sessionType = oneOf<SessionType>(env, 'OMNIA_SESSION_TYPE', 'memory', ['memory', 'redis', 'postgres']);
  const url = optional(env, 'OMNIA_SESSION_STORE_URL');
  if (sessionType !== 'memory') {
    if (url === undefined) throw new Error(`OMNIA_SESSION_STORE_URL: required when OMNIA_SESSION_TYPE is ${sessionType}`);
    const want = sessionType === 'redis' ? /^rediss?:\/\// : /^postgres(ql)?:\/\//;
    if (!want.test(url)) {
      // Never echo the URL: it usually carries a password.
      throw new Error(`OMNIA_SESSION_STORE_URL: not a ${sessionType} URL (expected ${sessionType === 'redis' ? 'redis://' : 'postgres://'}…)`);
    }
  }

  const ttlMs = duration(env, 'OMNIA_SESSION_TTL', '24h');
  if (ttlMs <= 0) throw new Error('OMNIA_SESSION_TTL: must be longer than 0');

  const apiKeysFile = optional(env, 'OMNIA_API_KEYS_FILE');
  const jwksUrl = optional(env, 'OMNIA_JWT_JWKS_URL');
  const keyFile = optional(env, 'OMNIA_JWT_PUBLIC_KEY_FILE');
  let publicKeyPem: string | undefined;
  if (keyFile !== undefined) {
    try {
      publicKeyPem = readFileSync(keyFile, 'utf8');
    } catch (err) {
      throw new Error(`OMNIA_JWT_PUBLIC_KEY_FILE: cannot read ${keyFile}: ${(err as Error).message}`);
    }
  }
  if (jwksUrl !== undefined && !/^https?:\/\//.test(jwksUrl)) {
    throw new Error(`OMNIA_JWT_JWKS_URL: "${jwksUrl}" is not an http(s) URL`);
  }
  const issuer = optional(env, 'OMNIA_JWT_ISSUER');
  const audience = optional(env, 'OMNIA_JWT_AUDIENCE');
  const jwt: JwtConfig | undefined =
    jwksUrl !== undefined || publicKeyPem !== undefined
      ? { ...(jwksUrl ? { jwksUrl } : {}), ...(publicKeyPem ? { publicKeyPem } : {}), ...(issuer ? { issuer } : {}), ...(audience ? { audience } : {}) }
      : undefined;

  const maxSessionEvents = int(env, 'OMNIA_MAX_SESSION_EVENTS', 500, 1);
  return {
    agent: str(env, 'OMNIA_AGENT_NAME', 'agent'),
    namespace: str(env, 'OMNIA_NAMESPACE', 'default'),
    mode: oneOf<FacadeMode>(env, 'OMNIA_MODE', 'agent', ['agent', 'function']),
    port: int(env, 'OMNIA_FACADE_PORT', 8080, 0, 65535),
    healthPort: int(env, 'OMNIA_HEALTH_PORT', 8081, 0, 65535),
    host: str(env, 'OMNIA_BIND_ADDRESS', '0.0.0.0'),
    handlerMode: oneOf<HandlerMode>(env, 'OMNIA_HANDLER_MODE', 'runtime', ['echo', 'demo', 'runtime']),
    runtimeAddress: str(env, 'OMNIA_RUNTIME_ADDRESS', 'http://127.0.0.1:9000'),
    configDir: str(env, 'OMNIA_CONFIG_DIR', '/etc/omnia/config'),
    session: {
      type: sessionType,
      ttlMs,
      ...(url !== undefined ? { url } : {}),
      maxSessions: int(env, 'OMNIA_MAX_SESSIONS', 1000, 1),
      maxSessionEvents,
      historyLimit: Math.min(maxSessionEvents, int(env, 'OMNIA_HISTORY_LIMIT', 50, 0)),
      sweepIntervalMs: duration(env, 'OMNIA_SESSION_SWEEP_INTERVAL', '1m'),
    },
    auth: {
      allowUnauthenticated: bool(env, 'OMNIA_FACADE_ALLOW_UNAUTHENTICATED'),
      ...(apiKeysFile !== undefined ? { apiKeysFile } : {}),
      apiKeys: apiKeysFile !== undefined ? readApiKeys(apiKeysFile) : [],
      ...(jwt !== undefined ? { jwt } : {}),
      allowedOrigins: (optional(env, 'OMNIA_ALLOWED_ORIGINS') ?? '')
        .split(',')
        .map((o) => o.trim().replace(/\/+$/, ''))
        .filter((o) => o !== ''),
    },
    limits: {
      maxFrameBytes: int(env, 'OMNIA_MAX_FRAME_BYTES', 1_048_576, 1),
      maxConnections: int(env, 'OMNIA_MAX_CONNECTIONS', 10_000, 1),
      maxMessagesPerMinute: int(env, 'OMNIA_MAX_MESSAGES_PER_MINUTE', 60, 1),
      pingIntervalMs: duration(env, 'OMNIA_PING_INTERVAL', '30s'),
    },
    drainTimeoutMs: duration(env, 'OMNIA_DRAIN_TIMEOUT', '30s'),
  };
}
