import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONFIG_FILES, DEFAULT_MAX_STEPS, parseAgentJson, parseFunctionJson, parseToolsJson } from '../../src/contract/files.js';
import { API_KEYS_PATH, JWT_PUBLIC_KEY_PATH, MOUNTS, PEER_TOKEN_PATH, PORTS, RUNTIME_ADDRESS } from '../../src/contract/paths.js';
import { ENV, envFor, readEnv, type Env } from '../../src/contract/pod-env.js';
import { loadFacadeConfig } from '../../src/facade/config.js';
import { resolveSpec } from '../../src/hooks/agentruntime/spec.js';
import { SpecReader } from '../../src/hooks/request/spec-reader.js';
import { loadSettings } from '../../src/runtime/config.js';
import { missingReason } from '../../src/runtime/start.js';
import { parseDuration } from '../../src/shared/duration.js';

// The pod contract end to end: the env the AgentRuntime hook wrote for each
// fixture (its golden response) parses with the facade's and the runtime's
// readers to what the spec says, and every default is the same on all sides.

type EnvEntry = { name: string; value?: string; valueFrom?: { secretKeyRef: { key: string; name: string } } };
type Container = { name: 'facade' | 'runtime'; env: EnvEntry[] };

const fixtures = path.resolve(import.meta.dirname, '../fixtures/agentruntime');
const read = (dir: string, file: string) => JSON.parse(readFileSync(path.join(fixtures, dir, file), 'utf8'));

const cases = readdirSync(fixtures).flatMap((dir) => {
  const children = (read(dir, 'response.json').children ?? []) as { kind: string; spec: { template: { spec: { containers: Container[] } } } }[];
  // Only Deployments the hook built (a failed sync hands back the observed one unchanged).
  const deployment = children.find((c) => c.kind === 'Deployment' && c.spec.template.spec.containers?.every((k) => Array.isArray(k.env)));
  return deployment ? [{ dir, containers: deployment.spec.template.spec.containers, parent: read(dir, 'request.json').parent }] : [];
});

const tmp = mkdtempSync(path.join(tmpdir(), 'omnia-contract-'));
const keysFile = path.join(tmp, 'api-keys');
const pemFile = path.join(tmp, 'public-key.pem');
writeFileSync(keysFile, 'k1\n');
writeFileSync(pemFile, '-----BEGIN PUBLIC KEY-----\n');
const peerTokenFile = path.join(tmp, 'peer-token');
writeFileSync(peerTokenFile, 'network-token\n');

/** The container env as the pod sees it: Secrets resolved to stand-in values, mounted files to temp files. */
function podEnv(c: Container, sessionType: string): Env {
  const env: Env = {};
  for (const e of c.env) {
    if (e.value !== undefined) env[e.name] = e.value;
    else env[e.name] = e.name === ENV.sessionStoreUrl.name ? `${sessionType}://store` : 'secret';
  }
  if (env[ENV.apiKeysFile.name] !== undefined) {
    expect(env[ENV.apiKeysFile.name]).toBe(API_KEYS_PATH);
    env[ENV.apiKeysFile.name] = keysFile;
  }
  if (env[ENV.jwtPublicKeyFile.name] !== undefined) {
    expect(env[ENV.jwtPublicKeyFile.name]).toBe(JWT_PUBLIC_KEY_PATH);
    env[ENV.jwtPublicKeyFile.name] = pemFile;
  }
  if (env[ENV.peerTokenFile.name] !== undefined) {
    expect(env[ENV.peerTokenFile.name]).toBe(PEER_TOKEN_PATH);
    env[ENV.peerTokenFile.name] = peerTokenFile;
  }
  return env;
}

describe('hook-written env → facade and runtime readers', () => {
  it('has fixtures with both containers', () => {
    expect(cases.some((c) => c.containers.length === 2)).toBe(true);
  });

  it('has fixtures with facade limits and a framework version', () => {
    expect(cases.some((c) => c.parent.spec.facade?.limits && c.parent.spec.framework?.version)).toBe(true);
  });

  it.each(cases.map((c) => [c.dir, c]))('%s', (_dir, { containers, parent }) => {
    const spec = resolveSpec(parent.spec, new SpecReader());
    const { name, namespace } = parent.metadata;
    for (const c of containers) {
      // Every OMNIA_* variable written is declared for this container.
      const declared = new Set(envFor(c.name).map((v) => v.name));
      expect(c.env.map((e) => e.name).filter((n) => n.startsWith('OMNIA_') && !declared.has(n))).toEqual([]);
      const env = podEnv(c, spec.session.type);
      if (c.name === 'facade') {
        const cfg = loadFacadeConfig(env);
        expect(cfg).toMatchObject({
          agent: name,
          namespace,
          mode: spec.mode,
          port: spec.facade.port,
          healthPort: PORTS.health,
          handlerMode: spec.facade.handler,
          configDir: MOUNTS.config,
          session: {
            type: spec.session.type,
            ttlMs: parseDuration(spec.session.ttl),
            maxSessions: spec.config.memory.maxSessions,
            maxSessionEvents: spec.config.memory.maxSessionEvents,
          },
        });
        expect(cfg.auth.allowUnauthenticated).toBe(spec.facade.auth.allowUnauthenticated);
        expect(cfg.auth.allowedOrigins).toEqual(spec.facade.allowedOrigins.map((o) => o.replace(/\/+$/, '')));
        expect(cfg.auth.jwt?.issuer).toBe(spec.facade.auth.jwt?.issuer);
        expect(cfg.auth.jwt?.audience).toBe(spec.facade.auth.jwt?.audience);
        expect(cfg.auth.jwt?.jwksUrl).toBe(spec.facade.auth.jwt?.jwksURL);
        if (spec.facade.handler === 'runtime') expect(cfg.runtimeAddress).toBe(RUNTIME_ADDRESS);
        expect(cfg.session.url !== undefined).toBe(spec.session.type !== 'memory');
        // spec.facade.limits, each unset one at the facade's default.
        const lim = spec.facade.limits;
        const ms = (d: string | undefined, v: { default: string }) => parseDuration(d ?? v.default);
        expect(cfg.limits).toEqual({
          maxConnections: lim.maxConnections ?? ENV.maxConnections.defaultValue,
          maxFrameBytes: lim.maxFrameBytes ?? ENV.maxFrameBytes.defaultValue,
          maxMessagesPerMinute: lim.messagesPerMinute ?? ENV.maxMessagesPerMinute.defaultValue,
          pingIntervalMs: ms(lim.pingInterval, ENV.pingInterval),
          idleTimeoutMs: ms(lim.idleTimeout, ENV.idleTimeout),
          // Not a spec field: the facade's own default.
          maxDelegationDepth: ENV.maxDelegationDepth.defaultValue,
        });
        expect(cfg.auth.peerToken).toBe(spec.agentNetwork.peerCredentialSecretRef ? 'network-token' : undefined);
      } else if (env[ENV.missingDependencies.name] !== undefined) {
        // Deployed without its PromptPack or Provider: the runtime reads its ports and what is missing, nothing else.
        const missing = readEnv(env, ENV.missingDependencies)!;
        expect(missing.length).toBeGreaterThan(0);
        expect(missingReason(env)).toContain(missing.join(' and '));
        expect([readEnv(env, ENV.runtimePort), readEnv(env, ENV.runtimeHealthPort)]).toEqual([PORTS.runtime, PORTS.runtimeHealth]);
      } else {
        const s = loadSettings(env);
        expect(s).toMatchObject({ port: PORTS.runtime, agentName: name, namespace, mode: spec.mode, configDir: MOUNTS.config });
        expect(s.packPath.startsWith(`${MOUNTS.pack}/`)).toBe(true);
        expect(s.provider.model).toBe(env[ENV.providerModel.name]);
        expect(s.frameworkVersion).toBe(spec.framework.version);
        expect(s.peers.peers.map((p) => p.name)).toEqual(spec.agentNetwork.access);
        expect(s.peers.token).toBe(spec.agentNetwork.peerCredentialSecretRef ? 'network-token' : undefined);
        expect(s.provider.defaults.temperature).toBe(env[ENV.providerTemperature.name] === undefined ? undefined : Number(env[ENV.providerTemperature.name]));
      }
    }
  });
});

describe('hook-written config files → their one parser', () => {
  const configMaps = readdirSync(fixtures).flatMap((dir) => {
    const children = (read(dir, 'response.json').children ?? []) as { kind: string; data?: Record<string, string> }[];
    // Only ConfigMaps the hook built (a failed sync hands back the observed one unchanged).
    const cm = children.find((c) => c.kind === 'ConfigMap' && c.data?.[CONFIG_FILES.agent]?.includes('"reasoningLoopMaxSteps"'));
    return cm?.data ? [[dir, cm.data] as const] : [];
  });

  it.each(configMaps)('%s', (_dir, data) => {
    const agent = JSON.parse(data[CONFIG_FILES.agent]!);
    const parsed = parseAgentJson(agent, CONFIG_FILES.agent);
    expect(parsed.maxSteps).toBe(agent.reasoningLoopMaxSteps);
    expect(parsed.instructions).toBe(agent.instructions === '' ? undefined : agent.instructions);
    expect(parsed.description).toBe(agent.description === '' ? undefined : agent.description);
    const tools = JSON.parse(data[CONFIG_FILES.tools]!);
    expect(parseToolsJson(tools, CONFIG_FILES.tools).map((t) => t.name)).toEqual(tools.tools.map((t: { name: string }) => t.name));
    const fn = data[CONFIG_FILES.function];
    expect(fn === undefined).toBe(agent.mode !== 'function');
    if (fn !== undefined) expect(parseFunctionJson(JSON.parse(fn), CONFIG_FILES.function, ['name', 'inputSchema', 'outputSchema'])).toEqual(JSON.parse(fn));
  });
});

describe('defaults agree on every side', () => {
  const schema = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../schemas/agentruntime.schema.json'), 'utf8')).definitions;
  const spec = resolveSpec({ promptPackRef: { name: 'p' } }, new SpecReader());

  it('the spec defaults that are pod-contract defaults', () => {
    expect(spec.session.ttl).toBe(ENV.sessionTtl.default);
    expect(spec.session.type).toBe(ENV.sessionType.defaultValue);
    expect(spec.facade.port).toBe(ENV.facadePort.defaultValue);
    expect(spec.facade.handler).toBe(ENV.handlerMode.defaultValue);
    expect(spec.mode).toBe(ENV.mode.defaultValue);
    expect(spec.config.memory.maxSessions).toBe(ENV.maxSessions.defaultValue);
    expect(spec.config.memory.maxSessionEvents).toBe(ENV.maxSessionEvents.defaultValue);
    expect(spec.config.reasoningLoopMaxSteps).toBe(DEFAULT_MAX_STEPS);
  });

  it('the schema (CRD) defaults', () => {
    expect(schema.Session.properties.ttl.default).toBe(ENV.sessionTtl.default);
    expect(schema.Session.properties.type.default).toBe(ENV.sessionType.default);
    expect(schema.Facade.properties.port.default).toBe(PORTS.facade);
    expect(schema.Facade.properties.handler.default).toBe(ENV.handlerMode.default);
    expect(schema.AgentRuntimeSpec.properties.mode.default).toBe(ENV.mode.default);
    expect(schema.AgentConfig.properties.memory.properties.maxSessions.default).toBe(ENV.maxSessions.defaultValue);
    expect(schema.AgentConfig.properties.memory.properties.maxSessionEvents.default).toBe(ENV.maxSessionEvents.defaultValue);
    expect(schema.AgentConfig.properties.reasoningLoopMaxSteps.default).toBe(DEFAULT_MAX_STEPS);
  });

  it('an empty env reads as the declared defaults', () => {
    const f = loadFacadeConfig({});
    expect(f).toMatchObject({
      agent: ENV.agentName.default,
      namespace: ENV.namespace.default,
      mode: ENV.mode.default,
      port: PORTS.facade,
      healthPort: PORTS.health,
      handlerMode: ENV.handlerMode.default,
      runtimeAddress: RUNTIME_ADDRESS,
      configDir: MOUNTS.config,
      session: { type: ENV.sessionType.default, ttlMs: parseDuration(ENV.sessionTtl.default), maxSessions: ENV.maxSessions.defaultValue },
    });
    const r = loadSettings({ OMNIA_PROVIDER_TYPE: 'mock' });
    expect(r).toMatchObject({ port: PORTS.runtime, configDir: MOUNTS.config, packPath: ENV.promptPackPath.default, mode: ENV.mode.default });
  });
});
