// Container env per docs/env.md. Lists are sorted by name and duplicate-free;
// Secrets are only ever referenced (secretKeyRef / mounted files), never copied.

import { AUTH_DIR, CONFIG_DIR, HEALTH_PORT, JWT_DIR, JWT_KEY_FILE, PACK_DIR, RUNTIME_PORT } from './constants.js';
import type { ProviderPlan } from './provider.js';
import type { AgentSpec } from './spec.js';

export type EnvVar =
  | { name: string; value: string }
  | { name: string; valueFrom: { secretKeyRef: { key: string; name: string } } };

/** Sorted by name; a later entry with the same name replaces an earlier one. */
function envList(vars: EnvVar[]): EnvVar[] {
  const seen = new Set<string>();
  const out: EnvVar[] = [];
  for (let i = vars.length - 1; i >= 0; i--) {
    const e = vars[i] as EnvVar;
    if (seen.has(e.name)) continue;
    seen.add(e.name);
    out.push(e);
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Appends a plain value unless it is undefined. */
function add(vars: EnvVar[], name: string, value: string | number | undefined): void {
  if (value !== undefined) vars.push({ name, value: String(value) });
}

export function facadeEnv(name: string, namespace: string, spec: AgentSpec): EnvVar[] {
  const auth = spec.facade.auth;
  const vars: EnvVar[] = [];
  add(vars, 'OMNIA_AGENT_NAME', name);
  add(vars, 'OMNIA_NAMESPACE', namespace);
  add(vars, 'OMNIA_MODE', spec.mode);
  add(vars, 'OMNIA_FACADE_PORT', spec.facade.port);
  add(vars, 'OMNIA_HEALTH_PORT', HEALTH_PORT);
  add(vars, 'OMNIA_HANDLER_MODE', spec.facade.handler);
  add(vars, 'OMNIA_SESSION_TYPE', spec.session.type);
  add(vars, 'OMNIA_SESSION_TTL', spec.session.ttl);
  add(vars, 'OMNIA_MAX_SESSIONS', spec.config.memory.maxSessions);
  add(vars, 'OMNIA_MAX_SESSION_EVENTS', spec.config.memory.maxSessionEvents);
  add(vars, 'OMNIA_CONFIG_DIR', CONFIG_DIR);
  add(vars, 'OMNIA_FACADE_ALLOW_UNAUTHENTICATED', String(auth.allowUnauthenticated));
  if (spec.facade.handler === 'runtime') add(vars, 'OMNIA_RUNTIME_ADDRESS', `http://127.0.0.1:${RUNTIME_PORT}`);
  if (spec.session.type !== 'memory' && spec.session.storeRef) {
    vars.push({ name: 'OMNIA_SESSION_STORE_URL', valueFrom: { secretKeyRef: { key: 'url', name: spec.session.storeRef.name } } });
  }
  if (auth.apiKeysSecretRef) add(vars, 'OMNIA_API_KEYS_FILE', `${AUTH_DIR}/api-keys`);
  if (auth.jwt) {
    add(vars, 'OMNIA_JWT_JWKS_URL', auth.jwt.jwksURL);
    if (auth.jwt.publicKeySecretRef) add(vars, 'OMNIA_JWT_PUBLIC_KEY_FILE', `${JWT_DIR}/${JWT_KEY_FILE}`);
    add(vars, 'OMNIA_JWT_ISSUER', auth.jwt.issuer);
    add(vars, 'OMNIA_JWT_AUDIENCE', auth.jwt.audience);
  }
  if (spec.facade.allowedOrigins.length > 0) add(vars, 'OMNIA_ALLOWED_ORIGINS', spec.facade.allowedOrigins.join(','));
  return envList(vars);
}

export function runtimeEnv(name: string, namespace: string, spec: AgentSpec, packKey: string, provider: ProviderPlan): EnvVar[] {
  const p = provider.settings;
  const vars: EnvVar[] = [];
  add(vars, 'OMNIA_RUNTIME_PORT', RUNTIME_PORT);
  add(vars, 'OMNIA_AGENT_NAME', name);
  add(vars, 'OMNIA_NAMESPACE', namespace);
  add(vars, 'OMNIA_MODE', spec.mode);
  add(vars, 'OMNIA_PROMPTPACK_PATH', `${PACK_DIR}/${packKey}`);
  add(vars, 'OMNIA_CONFIG_DIR', CONFIG_DIR);
  add(vars, 'OMNIA_PROVIDER_TYPE', p.type);
  add(vars, 'OMNIA_PROVIDER_MODEL', p.model);
  add(vars, 'OMNIA_PROVIDER_BASE_URL', p.baseURL);
  add(vars, 'OMNIA_PROVIDER_TEMPERATURE', p.defaults.temperature);
  add(vars, 'OMNIA_PROVIDER_TOP_P', p.defaults.topP);
  add(vars, 'OMNIA_PROVIDER_MAX_TOKENS', p.defaults.maxTokens);
  add(vars, 'OMNIA_PROVIDER_INPUT_COST_PER_1K', p.pricing.inputCostPer1K);
  add(vars, 'OMNIA_PROVIDER_OUTPUT_COST_PER_1K', p.pricing.outputCostPer1K);
  if (provider.apiKey) {
    vars.push({
      name: provider.apiKey.env,
      valueFrom: { secretKeyRef: { key: provider.apiKey.secretKey, name: provider.apiKey.secretName } },
    });
  }
  return envList(vars);
}
