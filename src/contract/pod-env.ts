// Every OMNIA_* variable of the agent pod, declared once: name, which container
// reads it, its default (as env text, the way docs/env.md shows it), the parser
// both programs use, and a one-line meaning. The AgentRuntime hook writes env
// through these declarations (hooks/agentruntime/children/env.ts); the facade
// (facade/config.ts) and the runtime (runtime/config.ts) read through them.
// docs/env.md's tables are held to this file by test/contract/env-doc.test.ts.
// The `cli` rows are not the pod's: the `omnia` command reads them on a
// user's machine, declared here so every OMNIA_* name has one home.
//
// A bad value is a start-up error that names the variable, so a typo in a
// Deployment shows up in the pod log instead of as odd behaviour later.

import path from 'node:path';
import { requireDuration } from '../shared/duration.js';
import { DEFAULT_MAX_DELEGATION_DEPTH } from './delegation.js';
import { HANDLER_MODES, POD_MODES, SESSION_TYPES } from './enums.js';
import { DEFAULT_PACK_FILE, MOUNTS, PEER_TOKEN_PATH, PORTS, RUNTIME_ADDRESS, packPath } from './paths.js';
import { PROVIDER_TYPES } from './vendors.js';

export type Env = Record<string, string | undefined>;
export type Container = 'facade' | 'runtime' | 'both' | 'cli';
export type Parser<T> = (raw: string, name: string) => T;

export interface EnvVar<T, D extends string | undefined = string | undefined> {
  readonly name: string;
  readonly container: Container;
  readonly description: string;
  /** The value when unset or blank, as env text; undefined: the variable is then absent. */
  readonly default: D;
  /** What docs/env.md shows as the default when it is not a value the pod can be given. */
  readonly docDefault?: string;
  readonly parse: Parser<T>;
  /** `default` parsed, for callers that need the typed value (spec defaults). */
  readonly defaultValue: D extends string ? T : undefined;
}

function declare<T, const D extends string | undefined>(
  name: string,
  container: Container,
  defaultText: D,
  parse: Parser<T>,
  description: string,
  docDefault?: string,
): EnvVar<T, D> {
  const defaultValue = (defaultText === undefined ? undefined : parse(defaultText, name)) as EnvVar<T, D>['defaultValue'];
  return { name, container, description, default: defaultText, ...(docDefault ? { docDefault } : {}), parse, defaultValue };
}

/** The raw text: trimmed; blank counts as unset. */
export function rawEnv(env: Env, name: string): string | undefined {
  const v = env[name]?.trim();
  return v === undefined || v === '' ? undefined : v;
}

/** The variable's parsed value, its default when unset or blank. */
export function readEnv<T>(env: Env, v: EnvVar<T, string>): T;
export function readEnv<T>(env: Env, v: EnvVar<T>): T | undefined;
export function readEnv<T>(env: Env, v: EnvVar<T>): T | undefined {
  const raw = rawEnv(env, v.name) ?? v.default;
  return raw === undefined ? undefined : v.parse(raw, v.name);
}

// ---- parsers (their messages are the pods' start-up errors) ----

const text: Parser<string> = (raw) => raw;

/** Decimal digits only, within min..max (the facade's counts and the ports). */
function count(min: number, max = Number.MAX_SAFE_INTEGER): Parser<number> {
  return (raw, name) => {
    if (!/^\d+$/.test(raw)) throw new Error(`${name}: "${raw}" is not a whole number`);
    const n = Number(raw);
    if (n < min || n > max) throw new Error(`${name}: ${n} is out of range ${min}..${max}`);
    return n;
  };
}

const port = count(0, 65535);

/** Any finite number passing `check`; `expect` says what was wanted. */
function number(check: (n: number) => boolean, expect: string): Parser<number> {
  return (raw, name) => {
    const n = Number(raw);
    if (!Number.isFinite(n) || !check(n)) throw new Error(`${name}: "${raw}" is not ${expect}`);
    return n;
  };
}

function oneOf<const T extends string>(allowed: readonly T[]): Parser<T> {
  return (raw, name) => {
    if (!(allowed as readonly string[]).includes(raw)) throw new Error(`${name}: "${raw}" must be one of ${allowed.join(', ')}`);
    return raw as T;
  };
}

const flag: Parser<boolean> = (raw, name) => {
  if (/^(true|1|yes)$/i.test(raw)) return true;
  if (/^(false|0|no)$/i.test(raw)) return false;
  throw new Error(`${name}: "${raw}" must be true or false`);
};

/** A Go-style duration in milliseconds. */
const duration: Parser<number> = (raw, name) => requireDuration(raw, name);

const positiveDuration: Parser<number> = (raw, name) => {
  const ms = requireDuration(raw, name);
  if (ms <= 0) throw new Error(`${name}: must be longer than 0`);
  return ms;
};

/** Relative paths resolve against the working directory once, at start-up. */
const directory: Parser<string> = (raw) => path.resolve(raw);

const url: Parser<string> = (raw, name) => {
  try {
    new URL(raw);
  } catch {
    throw new Error(`${name}: "${raw}" is not a URL`);
  }
  return raw;
};

const httpUrl: Parser<string> = (raw, name) => {
  if (!/^https?:\/\//.test(raw)) throw new Error(`${name}: "${raw}" is not an http(s) URL`);
  return raw;
};

/** Comma-separated items, trimmed, blanks dropped. */
const list: Parser<string[]> = (raw) =>
  raw
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');

/** Comma-separated origins, trailing slashes dropped (browsers send none). */
const origins: Parser<string[]> = (raw, name) =>
  list(raw, name)
    .map((o) => o.replace(/\/+$/, ''))
    .filter((o) => o !== '');

const jsonObject: Parser<Record<string, unknown>> = (raw, name) => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new Error(`${name}: not valid JSON (expected an object of variable values)`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new Error(`${name}: expected a JSON object of variable values`);
  }
  return parsed as Record<string, unknown>;
};

// ---- the declarations, in docs/env.md's order ----

const facadePort = String(PORTS.facade);

export const ENV = {
  // Both containers.
  agentName: declare('OMNIA_AGENT_NAME', 'both', 'agent', text, "the AgentRuntime's name (function name in function mode)"),
  namespace: declare('OMNIA_NAMESPACE', 'both', 'default', text, 'its namespace'),
  mode: declare('OMNIA_MODE', 'both', 'agent', oneOf(POD_MODES), '`agent` or `function`'),
  configDir: declare('OMNIA_CONFIG_DIR', 'both', MOUNTS.config, directory, 'where `<name>-config` is mounted (`agent.json`, `tools.json`, `function.json`)'),
  peerTokenFile: declare('OMNIA_PEER_TOKEN_FILE', 'both', undefined, text, `the agent network's shared token (\`agentNetwork.peerCredentialSecretRef\`, mounted at \`${PEER_TOKEN_PATH}\`): the facade admits it like an API key, the runtime sends it to its peers`),

  // Facade container.
  facadePort: declare('OMNIA_FACADE_PORT', 'facade', facadePort, port, 'WebSocket / function HTTP port'),
  healthPort: declare('OMNIA_HEALTH_PORT', 'facade', String(PORTS.health), port, '`/healthz`, `/readyz`, `/metrics`'),
  handlerMode: declare('OMNIA_HANDLER_MODE', 'facade', 'runtime', oneOf(HANDLER_MODES), '`runtime`, `demo` or `echo`'),
  runtimeAddress: declare('OMNIA_RUNTIME_ADDRESS', 'facade', RUNTIME_ADDRESS, text, 'base URL of the runtime'),
  sessionType: declare('OMNIA_SESSION_TYPE', 'facade', 'memory', oneOf(SESSION_TYPES), '`memory`, `redis` or `postgres`'),
  sessionTtl: declare('OMNIA_SESSION_TTL', 'facade', '24h', positiveDuration, 'session time to live, Go-style duration (`24h`, `30m`, `90s`)'),
  sessionStoreUrl: declare('OMNIA_SESSION_STORE_URL', 'facade', undefined, text, '`redis://…` or `postgres://…`; from the `session.storeRef` Secret, key `url`'),
  maxSessions: declare('OMNIA_MAX_SESSIONS', 'facade', '1000', count(1), 'memory store: sessions kept before the oldest is evicted'),
  maxSessionEvents: declare('OMNIA_MAX_SESSION_EVENTS', 'facade', '500', count(1), 'messages/events kept per session before the oldest is dropped'),
  maxSessionBytes: declare('OMNIA_MAX_SESSION_BYTES', 'facade', String(16 * 2 ** 20), count(1), "memory store: bytes one session's messages/events may hold before its oldest are dropped (at least 2 × `OMNIA_MAX_FRAME_BYTES`)"),
  maxStoreBytes: declare('OMNIA_MAX_STORE_BYTES', 'facade', String(128 * 2 ** 20), count(1), 'memory store: bytes all sessions may hold before the least recently used are evicted (at least `OMNIA_MAX_SESSION_BYTES`)'),
  allowUnauthenticated: declare('OMNIA_FACADE_ALLOW_UNAUTHENTICATED', 'facade', 'false', flag, '`true` opens the facade without credentials (logs a warning)'),
  apiKeysFile: declare('OMNIA_API_KEYS_FILE', 'facade', undefined, text, 'file with one API key per line (mounted Secret, key `api-keys`)'),
  jwksUrl: declare('OMNIA_JWT_JWKS_URL', 'facade', undefined, httpUrl, 'JWKS URL for RS256/ES256 bearer tokens'),
  jwtPublicKeyFile: declare('OMNIA_JWT_PUBLIC_KEY_FILE', 'facade', undefined, text, 'PEM public key for bearer tokens (alternative to JWKS)'),
  jwtIssuer: declare('OMNIA_JWT_ISSUER', 'facade', undefined, text, 'required `iss` of bearer tokens when set'),
  jwtAudience: declare('OMNIA_JWT_AUDIENCE', 'facade', undefined, text, 'required `aud` of bearer tokens when set'),
  allowedOrigins: declare('OMNIA_ALLOWED_ORIGINS', 'facade', undefined, origins, 'comma-separated browser origins allowed to open `/ws`; empty = any'),
  maxFrameBytes: declare('OMNIA_MAX_FRAME_BYTES', 'facade', '1048576', count(1), 'largest accepted WebSocket frame, and request body of the HTTP surfaces'),
  maxConnections: declare('OMNIA_MAX_CONNECTIONS', 'facade', '10000', count(1), 'concurrent WebSocket connections before 503'),
  maxMessagesPerMinute: declare('OMNIA_MAX_MESSAGES_PER_MINUTE', 'facade', '60', count(1), 'message rate per WebSocket connection, and per caller on the HTTP surfaces'),
  drainTimeout: declare('OMNIA_DRAIN_TIMEOUT', 'facade', '30s', duration, 'graceful drain deadline on SIGTERM (duration)'),
  bindAddress: declare('OMNIA_BIND_ADDRESS', 'facade', '0.0.0.0', text, 'address both facade ports listen on'),
  pingInterval: declare('OMNIA_PING_INTERVAL', 'facade', '30s', duration, 'WebSocket ping interval (`0` disables); a peer that misses one pong is cut off'),
  idleTimeout: declare('OMNIA_IDLE_TIMEOUT', 'facade', '0', duration, 'a WebSocket connection that sends nothing for this long is closed with 4000 `idle timeout` (`0` disables), so idle clients stop holding the connection metric up'),
  historyLimit: declare('OMNIA_HISTORY_LIMIT', 'facade', '50', count(0), 'most recent messages handed to the handler with each turn (at most `OMNIA_MAX_SESSION_EVENTS`)'),
  maxDelegationDepth: declare('OMNIA_MAX_DELEGATION_DEPTH', 'facade', String(DEFAULT_MAX_DELEGATION_DEPTH), count(0), 'A2A: agents that may have delegated before this one; a longer chain, or one naming this agent (a cycle), is refused'),
  sessionSweepInterval: declare('OMNIA_SESSION_SWEEP_INTERVAL', 'facade', '1m', duration, 'PostgreSQL store: how often expired sessions are deleted'),

  // Runtime container.
  runtimePort: declare('OMNIA_RUNTIME_PORT', 'runtime', String(PORTS.runtime), port, 'HTTP port of the runtime'),
  runtimeHost: declare('OMNIA_RUNTIME_HOST', 'runtime', '127.0.0.1', text, 'address `/v1/*` listens on; loopback, so only the facade in the pod can spend the provider key'),
  runtimeHealthPort: declare('OMNIA_RUNTIME_HEALTH_PORT', 'runtime', String(PORTS.runtimeHealth), port, '`/healthz` and `/readyz` only, on every address (the kubelet probes it)'),
  promptPackPath: declare('OMNIA_PROMPTPACK_PATH', 'runtime', packPath(DEFAULT_PACK_FILE), text, `the pack file: \`${packPath('<key>')}\``),
  promptName: declare('OMNIA_PROMPT_NAME', 'runtime', undefined, text, 'which prompt of the pack', "`default`, else the pack's only prompt"),
  providerType: declare('OMNIA_PROVIDER_TYPE', 'runtime', 'auto', text, PROVIDER_TYPES.map((t) => `\`${t}\``).join(', ')),
  providerModel: declare('OMNIA_PROVIDER_MODEL', 'runtime', undefined, text, 'model id', 'vendor default'),
  providerBaseUrl: declare('OMNIA_PROVIDER_BASE_URL', 'runtime', undefined, url, 'gateway / compatible server', 'vendor default'),
  toolGatewayUrl: declare('OMNIA_TOOL_GATEWAY_URL', 'runtime', undefined, httpUrl, "ToolGateway base URL: tool calls go there on the tool URL's path, the tool URL in `X-Omnia-Tool-Target` (docs/gateways.md)", 'direct calls'),
  providerTemperature: declare('OMNIA_PROVIDER_TEMPERATURE', 'runtime', undefined, number((n) => n >= 0 && n <= 2, 'a number 0-2'), 'provider default temperature'),
  providerTopP: declare('OMNIA_PROVIDER_TOP_P', 'runtime', undefined, number((n) => n >= 0 && n <= 1, 'a number 0-1'), 'provider default top-p'),
  providerMaxTokens: declare('OMNIA_PROVIDER_MAX_TOKENS', 'runtime', undefined, number((n) => Number.isInteger(n) && n >= 1, 'a positive integer'), 'provider default output token limit'),
  inputCostPer1K: declare('OMNIA_PROVIDER_INPUT_COST_PER_1K', 'runtime', '0', number((n) => n >= 0, 'a non-negative number'), 'input price in USD per 1K tokens'),
  outputCostPer1K: declare('OMNIA_PROVIDER_OUTPUT_COST_PER_1K', 'runtime', '0', number((n) => n >= 0, 'a non-negative number'), 'output price in USD per 1K tokens'),
  providerMaxRetries: declare('OMNIA_PROVIDER_MAX_RETRIES', 'runtime', '2', number((n) => Number.isInteger(n) && n >= 0 && n <= 10, 'an integer 0-10'), "SDK retries for 429 / 5xx / connection errors (the vendor's retry-after is honoured)"),
  providerTimeoutMs: declare('OMNIA_PROVIDER_TIMEOUT_MS', 'runtime', '600000', number((n) => Number.isInteger(n) && n > 0, 'a positive integer'), 'per-request SDK timeout'),
  promptVariables: declare('OMNIA_PROMPT_VARIABLES', 'runtime', undefined, jsonObject, 'JSON object filling required prompt variables that have no default'),
  frameworkVersion: declare('OMNIA_FRAMEWORK_VERSION', 'runtime', undefined, text, "`spec.framework.version`, reported by the runtime's `/healthz`"),
  // KAOS's names (spec/002), not OMNIA_*: a framework image written for KAOS finds its peers the same way.
  peerAgents: declare('PEER_AGENTS', 'runtime', undefined, list, 'comma-separated names of the agents this one may delegate to (`agentNetwork.access`); each is offered to the model as a tool'),
  // A family of variables, one per peer: peerCardUrlEnvName() in delegation.ts names them.
  peerCardUrl: declare('PEER_AGENT_<NAME>_CARD_URL', 'runtime', undefined, httpUrl, "a peer's A2A agent card URL; `<NAME>` is its name upper-cased with `-` (and any other non-alphanumeric) as `_`"),
  missingDependencies: declare(
    'OMNIA_MISSING_DEPENDENCIES',
    'runtime',
    undefined,
    list,
    'set by the hook when `waitForDependencies: false` deployed the pod before its PromptPack or Provider was Ready (`PromptPack agents/support-prompts,Provider agents/claude`): the runtime then starts without a prompt or model, `/healthz` and `/readyz` answer `503` naming them (the pod stays not Ready, without restarts) and every turn is refused with that reason',
  ),

  // The omnia CLI (`omnia chat`, `omnia invoke`), not the pod.
  cliApiKey: declare('OMNIA_API_KEY', 'cli', undefined, text, 'API key sent as `Authorization: Bearer` (`--api-key` wins)'),
  cliToken: declare('OMNIA_TOKEN', 'cli', undefined, text, 'bearer token (JWT), used instead of an API key (`--token` wins)'),
} as const;

/** Every declaration, in order (docs/env.md's tables are rendered from it). */
export const ENV_VARS: readonly EnvVar<unknown>[] = Object.values(ENV);

/** The declarations a container (or the CLI) reads, `both` included for the pod's two. */
export function envFor(container: Exclude<Container, 'both'>): EnvVar<unknown>[] {
  return ENV_VARS.filter((v) => v.container === container || (v.container === 'both' && container !== 'cli'));
}
