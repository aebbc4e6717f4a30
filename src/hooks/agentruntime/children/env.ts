// Container env, written through the pod contract's declarations
// (src/contract/pod-env.ts; docs/env.md). Lists are sorted by name and
// duplicate-free; Secrets are only ever referenced (secretKeyRef / mounted
// files), never copied.

import { peerCardUrlEnvName } from '../../../contract/delegation.js';
import { ENV, type EnvVar as Declared } from '../../../contract/pod-env.js';
import { API_KEYS_PATH, JWT_PUBLIC_KEY_PATH, MOUNTS, packPath, PEER_TOKEN_PATH, PORTS, RUNTIME_ADDRESS, SECRET_FILES } from '../../../contract/paths.js';
import type { Peer } from '../resolve/peers.js';
import type { ProviderPlan } from '../resolve/provider.js';
import type { AgentSpec } from '../spec.js';

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
function add(vars: EnvVar[], v: Declared<unknown>, value: string | number | undefined): void {
  if (value !== undefined) vars.push({ name: v.name, value: String(value) });
}

export function facadeEnv(name: string, namespace: string, spec: AgentSpec): EnvVar[] {
  const auth = spec.facade.auth;
  const vars: EnvVar[] = [];
  add(vars, ENV.agentName, name);
  add(vars, ENV.namespace, namespace);
  add(vars, ENV.mode, spec.mode);
  add(vars, ENV.facadePort, spec.facade.port);
  add(vars, ENV.healthPort, PORTS.health);
  add(vars, ENV.handlerMode, spec.facade.handler);
  add(vars, ENV.sessionType, spec.session.type);
  add(vars, ENV.sessionTtl, spec.session.ttl);
  add(vars, ENV.maxSessions, spec.config.memory.maxSessions);
  add(vars, ENV.maxSessionEvents, spec.config.memory.maxSessionEvents);
  add(vars, ENV.configDir, MOUNTS.config);
  add(vars, ENV.allowUnauthenticated, String(auth.allowUnauthenticated));
  if (spec.facade.handler === 'runtime') add(vars, ENV.runtimeAddress, RUNTIME_ADDRESS);
  if (spec.session.type !== 'memory' && spec.session.storeRef) {
    const secretKeyRef = { key: SECRET_FILES.storeUrlKey, name: spec.session.storeRef.name };
    vars.push({ name: ENV.sessionStoreUrl.name, valueFrom: { secretKeyRef } });
  }
  if (auth.apiKeysSecretRef) add(vars, ENV.apiKeysFile, API_KEYS_PATH);
  if (auth.jwt) {
    add(vars, ENV.jwksUrl, auth.jwt.jwksURL);
    if (auth.jwt.publicKeySecretRef) add(vars, ENV.jwtPublicKeyFile, JWT_PUBLIC_KEY_PATH);
    add(vars, ENV.jwtIssuer, auth.jwt.issuer);
    add(vars, ENV.jwtAudience, auth.jwt.audience);
  }
  if (spec.facade.allowedOrigins.length > 0) add(vars, ENV.allowedOrigins, spec.facade.allowedOrigins.join(','));
  const limits = spec.facade.limits;
  add(vars, ENV.maxConnections, limits.maxConnections);
  add(vars, ENV.maxFrameBytes, limits.maxFrameBytes);
  add(vars, ENV.maxMessagesPerMinute, limits.messagesPerMinute);
  add(vars, ENV.idleTimeout, limits.idleTimeout);
  add(vars, ENV.pingInterval, limits.pingInterval);
  // The network's shared token, admitted like an API key (a file path: never the value).
  if (spec.agentNetwork.peerCredentialSecretRef) add(vars, ENV.peerTokenFile, PEER_TOKEN_PATH);
  return envList(vars);
}

export function runtimeEnv(
  name: string,
  namespace: string,
  spec: AgentSpec,
  packKey: string | undefined,
  provider: ProviderPlan | undefined,
  peers: readonly Peer[],
  missing: readonly string[],
  toolGateway?: string,
): EnvVar[] {
  const vars: EnvVar[] = [];
  add(vars, ENV.runtimePort, PORTS.runtime);
  // Loopback: the provider key behind /v1/* is spent for whoever reaches it.
  add(vars, ENV.runtimeHost, ENV.runtimeHost.default);
  add(vars, ENV.runtimeHealthPort, PORTS.runtimeHealth);
  add(vars, ENV.agentName, name);
  add(vars, ENV.namespace, namespace);
  add(vars, ENV.mode, spec.mode);
  if (packKey !== undefined) add(vars, ENV.promptPackPath, packPath(packKey));
  add(vars, ENV.configDir, MOUNTS.config);
  if (missing.length > 0) add(vars, ENV.missingDependencies, missing.join(','));
  add(vars, ENV.toolGatewayUrl, toolGateway);
  const p = provider?.settings;
  if (p) {
    add(vars, ENV.providerType, p.type);
    add(vars, ENV.providerModel, p.model);
    add(vars, ENV.providerBaseUrl, p.baseURL);
    add(vars, ENV.providerTemperature, p.defaults.temperature);
    add(vars, ENV.providerTopP, p.defaults.topP);
    add(vars, ENV.providerMaxTokens, p.defaults.maxTokens);
    add(vars, ENV.inputCostPer1K, p.pricing.inputCostPer1K);
    add(vars, ENV.outputCostPer1K, p.pricing.outputCostPer1K);
  }
  add(vars, ENV.frameworkVersion, spec.framework.version);
  // KAOS's peer variables (spec/002): the names, then one card URL each.
  if (peers.length > 0) add(vars, ENV.peerAgents, peers.map((peer) => peer.name).join(','));
  for (const peer of peers) vars.push({ name: peerCardUrlEnvName(peer.name), value: peer.cardUrl });
  if (spec.agentNetwork.peerCredentialSecretRef) add(vars, ENV.peerTokenFile, PEER_TOKEN_PATH);
  if (provider?.apiKey) {
    vars.push({
      name: provider.apiKey.env,
      valueFrom: { secretKeyRef: { key: provider.apiKey.secretKey, name: provider.apiKey.secretName } },
    });
  }
  return envList(vars);
}
