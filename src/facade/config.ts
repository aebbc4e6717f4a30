import { readFileSync } from 'node:fs';
import type { HandlerMode, PodMode, SessionType } from '../contract/enums.js';
import { ENV, readEnv, type Env } from '../contract/pod-env.js';
import { readPeerToken } from '../contract/peer-token.js';
import { checkStoreUrl } from './sessions/index.js';

// The facade's whole configuration, read once from the pod env through the
// contract's declarations (src/contract/pod-env.ts: names, defaults, parsers).
// Every bad value is a start-up error that names the variable.

export type { HandlerMode, SessionType } from '../contract/enums.js';
export type FacadeMode = PodMode;

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
  /** The agent network's token (OMNIA_PEER_TOKEN_FILE): admitted like an API key, kept across key-file reloads. */
  peerToken?: string;
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
    /** Memory store: byte budgets of one session and of all (see checkByteBudgets). */
    maxSessionBytes: number;
    maxStoreBytes: number;
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
    /** 0: never; else a connection silent this long (and with no reply running) is closed. */
    idleTimeoutMs: number;
    /** A2A: agents that may have delegated before this one (src/contract/delegation.ts). */
    maxDelegationDepth: number;
  };
  drainTimeoutMs: number;
}

/** Reads an API-key file: one key per line; blank lines and `#` comments ignored. */
export function readApiKeys(path: string): string[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new Error(`${ENV.apiKeysFile.name}: cannot read ${path}: ${(err as Error).message}`);
  }
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}

/**
 * The memory store's budgets must hold what the facade accepts: a text frame
 * of N bytes decodes to at most N UTF-16 code units, accounted 2 bytes each, so
 * a session holds at least one message of the largest frame; and the store at
 * least one session. Anything smaller is a start-up error naming the variable.
 */
function checkByteBudgets(maxFrameBytes: number, maxSessionBytes: number, maxStoreBytes: number): void {
  if (maxSessionBytes < 2 * maxFrameBytes) {
    throw new Error(
      `${ENV.maxSessionBytes.name}: ${maxSessionBytes} is below 2 × ${ENV.maxFrameBytes.name} (${2 * maxFrameBytes}): a message the facade accepts must fit in its session`,
    );
  }
  if (maxStoreBytes < maxSessionBytes) {
    throw new Error(`${ENV.maxStoreBytes.name}: ${maxStoreBytes} is below ${ENV.maxSessionBytes.name} (${maxSessionBytes})`);
  }
}

export function loadFacadeConfig(env: Env = process.env): FacadeConfig {
  const sessionType = readEnv(env, ENV.sessionType);
  const url = readEnv(env, ENV.sessionStoreUrl);
  checkStoreUrl(sessionType, url);
  const ttlMs = readEnv(env, ENV.sessionTtl);

  const apiKeysFile = readEnv(env, ENV.apiKeysFile);
  const peerToken = readPeerToken(env);
  const jwksUrl = readEnv(env, ENV.jwksUrl);
  const keyFile = readEnv(env, ENV.jwtPublicKeyFile);
  let publicKeyPem: string | undefined;
  if (keyFile !== undefined) {
    try {
      publicKeyPem = readFileSync(keyFile, 'utf8');
    } catch (err) {
      throw new Error(`${ENV.jwtPublicKeyFile.name}: cannot read ${keyFile}: ${(err as Error).message}`);
    }
  }
  const issuer = readEnv(env, ENV.jwtIssuer);
  const audience = readEnv(env, ENV.jwtAudience);
  const jwt: JwtConfig | undefined =
    jwksUrl !== undefined || publicKeyPem !== undefined
      ? { ...(jwksUrl ? { jwksUrl } : {}), ...(publicKeyPem ? { publicKeyPem } : {}), ...(issuer ? { issuer } : {}), ...(audience ? { audience } : {}) }
      : undefined;

  const maxSessionEvents = readEnv(env, ENV.maxSessionEvents);
  const maxFrameBytes = readEnv(env, ENV.maxFrameBytes);
  const maxSessionBytes = readEnv(env, ENV.maxSessionBytes);
  const maxStoreBytes = readEnv(env, ENV.maxStoreBytes);
  // Only the memory store has byte budgets.
  if (sessionType === 'memory') checkByteBudgets(maxFrameBytes, maxSessionBytes, maxStoreBytes);
  return {
    agent: readEnv(env, ENV.agentName),
    namespace: readEnv(env, ENV.namespace),
    mode: readEnv(env, ENV.mode),
    port: readEnv(env, ENV.facadePort),
    healthPort: readEnv(env, ENV.healthPort),
    host: readEnv(env, ENV.bindAddress),
    handlerMode: readEnv(env, ENV.handlerMode),
    runtimeAddress: readEnv(env, ENV.runtimeAddress),
    configDir: readEnv(env, ENV.configDir),
    session: {
      type: sessionType,
      ttlMs,
      ...(url !== undefined ? { url } : {}),
      maxSessions: readEnv(env, ENV.maxSessions),
      maxSessionEvents,
      maxSessionBytes,
      maxStoreBytes,
      historyLimit: Math.min(maxSessionEvents, readEnv(env, ENV.historyLimit)),
      sweepIntervalMs: readEnv(env, ENV.sessionSweepInterval),
    },
    auth: {
      allowUnauthenticated: readEnv(env, ENV.allowUnauthenticated),
      ...(apiKeysFile !== undefined ? { apiKeysFile } : {}),
      apiKeys: apiKeysFile !== undefined ? readApiKeys(apiKeysFile) : [],
      ...(peerToken !== undefined ? { peerToken } : {}),
      ...(jwt !== undefined ? { jwt } : {}),
      allowedOrigins: readEnv(env, ENV.allowedOrigins) ?? [],
    },
    limits: {
      maxFrameBytes,
      maxConnections: readEnv(env, ENV.maxConnections),
      maxMessagesPerMinute: readEnv(env, ENV.maxMessagesPerMinute),
      pingIntervalMs: readEnv(env, ENV.pingInterval),
      idleTimeoutMs: readEnv(env, ENV.idleTimeout),
      maxDelegationDepth: readEnv(env, ENV.maxDelegationDepth),
    },
    drainTimeoutMs: readEnv(env, ENV.drainTimeout),
  };
}
