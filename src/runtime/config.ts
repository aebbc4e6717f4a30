import path from 'node:path';
import { API_KEY_ENVS, isProviderType, PROVIDER_TYPES, VENDOR_TYPES, VENDORS, type ProviderType as SpecProviderType } from '../contract/vendors.js';

// Everything the runtime reads from its environment (docs/env.md, "Runtime
// container"), parsed once at start-up. A bad value is a start-up error that
// names the variable; it never surfaces later as a half-working turn.

/** A vendor or mock: `auto` is resolved at start-up to the first vendor whose API key is set. */
export type ProviderType = Exclude<SpecProviderType, 'auto'>;

export interface ProviderSettings {
  type: ProviderType;
  model?: string;
  baseURL?: string;
  /** Never logged; only handed to the vendor SDK. */
  apiKey?: string;
  defaults: { temperature?: number; topP?: number; maxTokens?: number };
  pricing: { inputPer1K: number; outputPer1K: number };
  /** Retries of one vendor call on 408/409/429/5xx/connection errors, by the SDK itself. */
  maxRetries: number;
  /** Per-attempt vendor request timeout. */
  timeoutMs: number;
}

export interface RuntimeSettings {
  port: number;
  host: string;
  agentName: string;
  namespace: string;
  mode: 'agent' | 'function';
  packPath: string;
  promptName?: string;
  configDir: string;
  /** Static prompt variables (JSON object), for required variables without a default. */
  promptVariables: Record<string, unknown>;
  provider: ProviderSettings;
}

type Env = Record<string, string | undefined>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

function nonEmpty(env: Env, name: string): string | undefined {
  const v = env[name]?.trim();
  return v === undefined || v === '' ? undefined : v;
}

function num(env: Env, name: string, check: (n: number) => boolean, expect: string): number | undefined {
  const raw = nonEmpty(env, name);
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n) || !check(n)) throw new ConfigError(`${name}: "${raw}" is not ${expect}`);
  return n;
}

function resolveProviderType(env: Env): { type: ProviderType; apiKey?: string } {
  const raw = (nonEmpty(env, 'OMNIA_PROVIDER_TYPE') ?? 'auto').toLowerCase();
  if (!isProviderType(raw)) {
    throw new ConfigError(`OMNIA_PROVIDER_TYPE: "${raw}" is not one of ${PROVIDER_TYPES.join(', ')}`);
  }
  if (raw === 'mock') return { type: 'mock' };
  if (raw === 'auto') {
    for (const type of VENDOR_TYPES) {
      const key = nonEmpty(env, VENDORS[type].apiKeyEnv);
      if (key) return { type, apiKey: key };
    }
    throw new ConfigError(
      `OMNIA_PROVIDER_TYPE=auto: none of ${API_KEY_ENVS.join(', ')} is set; set one (or use OMNIA_PROVIDER_TYPE=mock)`,
    );
  }
  const keyEnv = VENDORS[raw].apiKeyEnv;
  const key = nonEmpty(env, keyEnv);
  if (!key) throw new ConfigError(`OMNIA_PROVIDER_TYPE=${raw} needs ${keyEnv} to be set`);
  return { type: raw, apiKey: key };
}

function parseVariables(env: Env): Record<string, unknown> {
  const raw = nonEmpty(env, 'OMNIA_PROMPT_VARIABLES');
  if (raw === undefined) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new ConfigError('OMNIA_PROMPT_VARIABLES: not valid JSON (expected an object of variable values)');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ConfigError('OMNIA_PROMPT_VARIABLES: expected a JSON object of variable values');
  }
  return parsed as Record<string, unknown>;
}

export function loadSettings(env: Env = process.env): RuntimeSettings {
  const port = num(env, 'OMNIA_RUNTIME_PORT', (n) => Number.isInteger(n) && n >= 0 && n <= 65535, 'a port number') ?? 9000;
  const modeRaw = nonEmpty(env, 'OMNIA_MODE') ?? 'agent';
  if (modeRaw !== 'agent' && modeRaw !== 'function') throw new ConfigError(`OMNIA_MODE: "${modeRaw}" is not agent or function`);
  const { type, apiKey } = resolveProviderType(env);
  const configDir = nonEmpty(env, 'OMNIA_CONFIG_DIR') ?? '/etc/omnia/config';
  const settings: RuntimeSettings = {
    port,
    host: nonEmpty(env, 'OMNIA_RUNTIME_HOST') ?? '0.0.0.0',
    agentName: nonEmpty(env, 'OMNIA_AGENT_NAME') ?? 'agent',
    namespace: nonEmpty(env, 'OMNIA_NAMESPACE') ?? 'default',
    mode: modeRaw,
    packPath: nonEmpty(env, 'OMNIA_PROMPTPACK_PATH') ?? '/etc/omnia/pack/pack.json',
    configDir: path.resolve(configDir),
    promptVariables: parseVariables(env),
    provider: {
      type,
      defaults: {},
      pricing: {
        inputPer1K: num(env, 'OMNIA_PROVIDER_INPUT_COST_PER_1K', (n) => n >= 0, 'a non-negative number') ?? 0,
        outputPer1K: num(env, 'OMNIA_PROVIDER_OUTPUT_COST_PER_1K', (n) => n >= 0, 'a non-negative number') ?? 0,
      },
      maxRetries: num(env, 'OMNIA_PROVIDER_MAX_RETRIES', (n) => Number.isInteger(n) && n >= 0 && n <= 10, 'an integer 0-10') ?? 2,
      timeoutMs: num(env, 'OMNIA_PROVIDER_TIMEOUT_MS', (n) => Number.isInteger(n) && n > 0, 'a positive integer') ?? 600_000,
    },
  };
  const promptName = nonEmpty(env, 'OMNIA_PROMPT_NAME');
  if (promptName) settings.promptName = promptName;
  const model = nonEmpty(env, 'OMNIA_PROVIDER_MODEL');
  if (model) settings.provider.model = model;
  const baseURL = nonEmpty(env, 'OMNIA_PROVIDER_BASE_URL');
  if (baseURL) {
    try {
      new URL(baseURL);
    } catch {
      throw new ConfigError(`OMNIA_PROVIDER_BASE_URL: "${baseURL}" is not a URL`);
    }
    settings.provider.baseURL = baseURL;
  }
  if (apiKey) settings.provider.apiKey = apiKey;
  const d = settings.provider.defaults;
  const t = num(env, 'OMNIA_PROVIDER_TEMPERATURE', (n) => n >= 0 && n <= 2, 'a number 0-2');
  if (t !== undefined) d.temperature = t;
  const p = num(env, 'OMNIA_PROVIDER_TOP_P', (n) => n >= 0 && n <= 1, 'a number 0-1');
  if (p !== undefined) d.topP = p;
  const m = num(env, 'OMNIA_PROVIDER_MAX_TOKENS', (n) => Number.isInteger(n) && n >= 1, 'a positive integer');
  if (m !== undefined) d.maxTokens = m;
  return settings;
}
