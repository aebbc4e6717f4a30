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
  const byName = new Map<string, EnvVar>();
  for (const v of vars) byName.set(v.name, v);
  return [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

const v = (name: string, value: string | number | undefined): EnvVar[] =>
  value === undefined ? [] : [{ name, value: String(value) }];

export function facadeEnv(name: string, namespace: string, spec: AgentSpec): EnvVar[] {
  const auth = spec.facade.auth;
  const vars: EnvVar[] = [
    ...v('OMNIA_AGENT_NAME', name),
    ...v('OMNIA_NAMESPACE', namespace),
    ...v('OMNIA_MODE', spec.mode),
    ...v('OMNIA_FACADE_PORT', spec.facade.port),
    ...v('OMNIA_HEALTH_PORT', HEALTH_PORT),
    ...v('OMNIA_HANDLER_MODE', spec.facade.handler),
    ...v('OMNIA_SESSION_TYPE', spec.session.type),
    ...v('OMNIA_SESSION_TTL', spec.session.ttl),
    ...v('OMNIA_MAX_SESSIONS', spec.config.memory.maxSessions),
    ...v('OMNIA_MAX_SESSION_EVENTS', spec.config.memory.maxSessionEvents),
    ...v('OMNIA_CONFIG_DIR', CONFIG_DIR),
    ...v('OMNIA_FACADE_ALLOW_UNAUTHENTICATED', String(auth.allowUnauthenticated)),
  ];
  if (spec.facade.handler === 'runtime') vars.push(...v('OMNIA_RUNTIME_ADDRESS', `http://127.0.0.1:${RUNTIME_PORT}`));
  if (spec.session.type !== 'memory' && spec.session.storeRef) {
    vars.push({ name: 'OMNIA_SESSION_STORE_URL', valueFrom: { secretKeyRef: { key: 'url', name: spec.session.storeRef.name } } });
  }
  if (auth.apiKeysSecretRef) vars.push(...v('OMNIA_API_KEYS_FILE', `${AUTH_DIR}/api-keys`));
  if (auth.jwt) {
    vars.push(...v('OMNIA_JWT_JWKS_URL', auth.jwt.jwksURL));
    if (auth.jwt.publicKeySecretRef) vars.push(...v('OMNIA_JWT_PUBLIC_KEY_FILE', `${JWT_DIR}/${JWT_KEY_FILE}`));
    vars.push(...v('OMNIA_JWT_ISSUER', auth.jwt.issuer), ...v('OMNIA_JWT_AUDIENCE', auth.jwt.audience));
  }
  if (spec.facade.allowedOrigins.length > 0) vars.push(...v('OMNIA_ALLOWED_ORIGINS', spec.facade.allowedOrigins.join(',')));
  return envList(vars);
}

export function runtimeEnv(name: string, namespace: string, spec: AgentSpec, packKey: string, provider: ProviderPlan): EnvVar[] {
  const p = provider.settings;
  const vars: EnvVar[] = [
    ...v('OMNIA_RUNTIME_PORT', RUNTIME_PORT),
    ...v('OMNIA_AGENT_NAME', name),
    ...v('OMNIA_NAMESPACE', namespace),
    ...v('OMNIA_MODE', spec.mode),
    ...v('OMNIA_PROMPTPACK_PATH', `${PACK_DIR}/${packKey}`),
    ...v('OMNIA_CONFIG_DIR', CONFIG_DIR),
    ...v('OMNIA_PROVIDER_TYPE', p.type),
    ...v('OMNIA_PROVIDER_MODEL', p.model),
    ...v('OMNIA_PROVIDER_BASE_URL', p.baseURL),
    ...v('OMNIA_PROVIDER_TEMPERATURE', p.defaults.temperature),
    ...v('OMNIA_PROVIDER_TOP_P', p.defaults.topP),
    ...v('OMNIA_PROVIDER_MAX_TOKENS', p.defaults.maxTokens),
    ...v('OMNIA_PROVIDER_INPUT_COST_PER_1K', p.pricing.inputCostPer1K),
    ...v('OMNIA_PROVIDER_OUTPUT_COST_PER_1K', p.pricing.outputCostPer1K),
  ];
  if (provider.apiKey) {
    vars.push({
      name: provider.apiKey.env,
      valueFrom: { secretKeyRef: { key: provider.apiKey.secretKey, name: provider.apiKey.secretName } },
    });
  }
  return envList(vars);
}
