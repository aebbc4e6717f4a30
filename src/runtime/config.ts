import type { PodMode } from '../contract/enums.js';
import { ENV, rawEnv, readEnv, type Env } from '../contract/pod-env.js';
import { API_KEY_ENVS, isProviderType, PROVIDER_TYPES, VENDOR_TYPES, VENDORS, type ProviderType as SpecProviderType } from '../contract/vendors.js';
import { loadPeerSettings, type PeerSettings } from './peers/settings.js';

// Everything the runtime reads from its environment, parsed once at start-up
// through the pod contract's declarations (src/contract/pod-env.ts: names,
// defaults, parsers). A bad value is a start-up error that names the variable;
// it never surfaces later as a half-working turn.

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
  /** The protocol's port and address (loopback in the pod). */
  port: number;
  host: string;
  /** The health-only listener's port, on every address. */
  healthPort: number;
  agentName: string;
  namespace: string;
  mode: PodMode;
  packPath: string;
  promptName?: string;
  configDir: string;
  /** Static prompt variables (JSON object), for required variables without a default. */
  promptVariables: Record<string, unknown>;
  provider: ProviderSettings;
  /** spec.framework.version, reported by /healthz. */
  frameworkVersion?: string;
  /** PEER_AGENTS, their card URLs and the network token. */
  peers: PeerSettings;
  /** The ToolGateway every tool call goes through (tools/gateway.ts). */
  toolGateway?: string;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

function resolveProviderType(env: Env): { type: ProviderType; apiKey?: string } {
  const name = ENV.providerType.name;
  const raw = readEnv(env, ENV.providerType).toLowerCase();
  if (!isProviderType(raw)) {
    throw new ConfigError(`${name}: "${raw}" is not one of ${PROVIDER_TYPES.join(', ')}`);
  }
  if (raw === 'mock') return { type: 'mock' };
  if (raw === 'auto') {
    for (const type of VENDOR_TYPES) {
      const key = rawEnv(env, VENDORS[type].apiKeyEnv);
      if (key) return { type, apiKey: key };
    }
    throw new ConfigError(
      `${name}=auto: none of ${API_KEY_ENVS.join(', ')} is set; set one (or use ${name}=mock)`,
    );
  }
  const keyEnv = VENDORS[raw].apiKeyEnv;
  const key = rawEnv(env, keyEnv);
  if (!key) throw new ConfigError(`${name}=${raw} needs ${keyEnv} to be set`);
  return { type: raw, apiKey: key };
}

/** Where the runtime listens: the protocol port and address, and the health-only port (also for a runtime that takes no turns). */
export function listenSettings(env: Env = process.env): Pick<RuntimeSettings, 'port' | 'host' | 'healthPort'> {
  return { port: readEnv(env, ENV.runtimePort), host: readEnv(env, ENV.runtimeHost), healthPort: readEnv(env, ENV.runtimeHealthPort) };
}

export function loadSettings(env: Env = process.env): RuntimeSettings {
  const mode = readEnv(env, ENV.mode);
  const { type, apiKey } = resolveProviderType(env);
  const settings: RuntimeSettings = {
    ...listenSettings(env),
    agentName: readEnv(env, ENV.agentName),
    namespace: readEnv(env, ENV.namespace),
    mode,
    packPath: readEnv(env, ENV.promptPackPath),
    configDir: readEnv(env, ENV.configDir),
    promptVariables: readEnv(env, ENV.promptVariables) ?? {},
    peers: loadPeerSettings(env),
    provider: {
      type,
      defaults: {},
      pricing: { inputPer1K: readEnv(env, ENV.inputCostPer1K), outputPer1K: readEnv(env, ENV.outputCostPer1K) },
      maxRetries: readEnv(env, ENV.providerMaxRetries),
      timeoutMs: readEnv(env, ENV.providerTimeoutMs),
    },
  };
  const promptName = readEnv(env, ENV.promptName);
  if (promptName) settings.promptName = promptName;
  const frameworkVersion = readEnv(env, ENV.frameworkVersion);
  if (frameworkVersion) settings.frameworkVersion = frameworkVersion;
  const toolGateway = readEnv(env, ENV.toolGatewayUrl);
  if (toolGateway) settings.toolGateway = toolGateway;
  const model = readEnv(env, ENV.providerModel);
  if (model) settings.provider.model = model;
  const baseURL = readEnv(env, ENV.providerBaseUrl);
  if (baseURL) settings.provider.baseURL = baseURL;
  if (apiKey) settings.provider.apiKey = apiKey;
  const d = settings.provider.defaults;
  const t = readEnv(env, ENV.providerTemperature);
  if (t !== undefined) d.temperature = t;
  const p = readEnv(env, ENV.providerTopP);
  if (p !== undefined) d.topP = p;
  const m = readEnv(env, ENV.providerMaxTokens);
  if (m !== undefined) d.maxTokens = m;
  return settings;
}
