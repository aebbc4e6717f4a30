// The AgentRuntime spec with docs/api.md defaults applied — the ONE place where
// defaults live. Input is read defensively: a wrong-typed field is reported in
// `errors` (→ Failed status) and replaced by its default, never thrown.

import { HANDLER_MODES, POD_MODES, SESSION_TYPES, type HandlerMode, type PodMode, type SessionType } from '../../contract/enums.js';
import { DEFAULT_CONTEXT_LIMIT, DEFAULT_MAX_STEPS, MAX_STEPS, MIN_STEPS } from '../../contract/files.js';
import { PORTS } from '../../contract/paths.js';
import { ENV } from '../../contract/pod-env.js';
import { parseDuration } from '../../shared/duration.js';
import { QUANTITY } from '../../shared/quantity.js';
import { PROVIDER_TYPES, type ProviderType } from '../../contract/vendors.js';
import type {
  AgentNetwork,
  AgentRuntimeSpec,
  GatewayRoute,
  Autoscaling,
  Facade,
  FacadeAuth,
  FacadeLimits,
  Framework,
  Keda,
  Runtime,
  Session,
} from '../../types/generated/agentruntime.js';
import type { GatewayParentRef, ProviderConfig } from '../../types/generated/common.js';
import { isObject, type Json } from '../../shared/json.js';
import { SpecReader } from '../request/spec-reader.js';
import { readGatewayNames, type GatewayNames } from '../gateway/refs.js';

export interface ObjectRef {
  name: string;
  namespace?: string;
}

export interface InlineProvider {
  type: ProviderType;
  model?: string;
  baseURL?: string;
  secretRef?: { name: string; key?: string };
  /** The model allow-list (`*`, `vendor/*`, exact); a Provider's spec.models, or the inline provider's own. */
  models?: string[];
  defaults: { temperature?: string; topP?: string; maxTokens?: number };
  pricing: { inputCostPer1K?: string; outputCostPer1K?: string };
}

export interface NamedProvider {
  name: string;
  providerRef?: ObjectRef;
  provider?: InlineProvider;
}

export interface KedaTrigger {
  type: string;
  name?: string;
  metadata: Record<string, string>;
  authenticationRef?: { name: string; kind?: string };
}

/** A container's first-class extras (children/pod-custom.ts). */
export interface ContainerExtras {
  env?: Json[];
  envFrom?: Json[];
  securityContext?: Json;
}

export interface AgentSpec {
  promptPackRef: { name: string; version?: string; track: 'stable' | 'canary' };
  providerRef?: ObjectRef;
  provider?: InlineProvider;
  providers: NamedProvider[];
  framework: { type?: string; version?: string; image?: string } & ContainerExtras;
  facade: {
    type: 'websocket' | 'grpc';
    port: number;
    handler: HandlerMode;
    image?: string;
    auth: {
      allowUnauthenticated: boolean;
      apiKeysSecretRef?: { name: string };
      jwt?: { jwksURL?: string; publicKeySecretRef?: { name: string; key?: string }; issuer?: string; audience?: string };
    };
    allowedOrigins: string[];
    limits: FacadeLimits;
  } & ContainerExtras;
  toolRegistryRef?: ObjectRef;
  session: { type: SessionType; ttl: string; storeRef?: { name: string } };
  runtime: {
    replicas: number;
    resources?: Json;
    nodeSelector?: Record<string, string>;
    tolerations?: unknown[];
    affinity?: Json;
    imagePullSecrets?: { name: string }[];
    serviceAccountName?: string;
    podLabels?: Record<string, string>;
    podAnnotations?: Record<string, string>;
    podSecurityContext?: Json;
    autoscaling: {
      enabled: boolean;
      type: 'hpa' | 'keda';
      minReplicas: number;
      maxReplicas: number;
      targetMemoryUtilizationPercentage: number;
      targetCPUUtilizationPercentage: number;
      scaleDownStabilizationSeconds: number;
      keda: { pollingInterval: number; cooldownPeriod: number; triggers: KedaTrigger[] };
    };
  };
  mode: PodMode;
  inputSchema?: Json;
  outputSchema?: Json;
  config: {
    description: string;
    instructions: string;
    reasoningLoopMaxSteps: number;
    memory: { maxSessions: number; maxSessionEvents: number; contextLimit: number };
  };
  /** The gateways named on the AgentRuntime itself (defaults are applied by resolve/gateways.ts). */
  gateways: GatewayNames;
  /** A strategic merge patch over the pod spec (children/pod-patch.ts). */
  podSpec?: Json;
  /** Hold the Deployment back until every dependency is Ready (status/dependencies.ts). */
  waitForDependencies: boolean;
  agentNetwork: {
    expose: boolean;
    /** spec.agentNetwork.access and the deprecated spec.peers, merged, sorted, duplicate-free. */
    access: string[];
    peerCredentialSecretRef?: { name: string; key?: string };
  };
  gatewayRoute?: GatewayRouteSpec;
}

/** A Gateway reference, shaped as schemas/common.schema.json declares it (spec and configuration alike). */
export type GatewayParent = GatewayParentRef;

export interface GatewayRouteSpec {
  /** Absent: the AgentRuntimeConfiguration's default parent. */
  parentRef?: GatewayParent;
  hostnames: string[];
  timeout: string;
}

/** Gateway API's Duration (GEP-2257), as the HTTPRoute CRD validates it. */
export const GATEWAY_DURATION = /^([0-9]{1,5}(h|m|s|ms)){1,4}$/;
export const DEFAULT_ROUTE_TIMEOUT = '120s';

/** Resolve `spec`; problems are appended to `r.errors` with their field paths. */
export function resolveSpec(raw: unknown, r: SpecReader): AgentSpec {
  const spec: Json = isObject(raw) ? raw : {};
  if (!isObject(raw)) r.fail('spec', raw === undefined ? 'missing' : 'expected object');
  const p = 'spec';

  const ppr = r.object(spec, 'promptPackRef', p);
  const packName = r.string(ppr, 'name', `${p}.promptPackRef`);
  if (!packName) r.fail(`${p}.promptPackRef.name`, 'required');

  const facade = r.object(spec, 'facade', p);
  const auth = r.object(facade, 'auth', `${p}.facade`);
  const jwt = r.object(auth, 'jwt', `${p}.facade.auth`);
  const session = r.object(spec, 'session', p);
  const runtime = r.object(spec, 'runtime', p);
  const as = r.object(runtime, 'autoscaling', `${p}.runtime`);
  const keda = r.object(as, 'keda', `${p}.runtime.autoscaling`);
  const config = r.object(spec, 'config', p);
  const memory = r.object(config, 'memory', `${p}.config`);
  const framework = r.object(spec, 'framework', p);
  const network = r.object(spec, 'agentNetwork', p);

  const out: AgentSpec = {
    promptPackRef: {
      name: packName ?? '',
      version: r.string(ppr, 'version', `${p}.promptPackRef`),
      track: r.oneOf(ppr, 'track', `${p}.promptPackRef`, ['stable', 'canary'] as const, 'stable'),
    },
    providerRef: readRef(r, spec, 'providerRef', p),
    provider: readInlineProvider(r, r.object(spec, 'provider', p), `${p}.provider`),
    providers: readProviders(r, spec, p),
    framework: {
      type: r.string(framework, 'type', `${p}.framework`),
      version: r.string(framework, 'version', `${p}.framework`),
      image: nonEmpty(r.string(framework, 'image', `${p}.framework`)),
      ...readExtras(r, framework, `${p}.framework`),
    },
    facade: {
      type: r.oneOf(facade, 'type', `${p}.facade`, ['websocket', 'grpc'] as const, 'websocket'),
      port: r.int(facade, 'port', `${p}.facade`, { min: 1, max: 65535 }) ?? PORTS.facade,
      handler: r.oneOf(facade, 'handler', `${p}.facade`, HANDLER_MODES, ENV.handlerMode.defaultValue),
      image: nonEmpty(r.string(facade, 'image', `${p}.facade`)),
      auth: {
        allowUnauthenticated: r.bool(auth, 'allowUnauthenticated', `${p}.facade.auth`) ?? false,
        apiKeysSecretRef: readName(r, auth, 'apiKeysSecretRef', `${p}.facade.auth`),
        jwt: jwt
          ? {
              jwksURL: r.string(jwt, 'jwksURL', `${p}.facade.auth.jwt`),
              publicKeySecretRef: readKeyRef(r, jwt, 'publicKeySecretRef', `${p}.facade.auth.jwt`),
              issuer: r.string(jwt, 'issuer', `${p}.facade.auth.jwt`),
              audience: r.string(jwt, 'audience', `${p}.facade.auth.jwt`),
            }
          : undefined,
      },
      allowedOrigins: r.strings(facade, 'allowedOrigins', `${p}.facade`) ?? [],
      limits: readLimits(r, r.object(facade, 'limits', `${p}.facade`), `${p}.facade.limits`),
      ...readExtras(r, facade, `${p}.facade`),
    },
    toolRegistryRef: readRef(r, spec, 'toolRegistryRef', p),
    session: {
      type: r.oneOf(session, 'type', `${p}.session`, SESSION_TYPES, ENV.sessionType.defaultValue),
      ttl: r.string(session, 'ttl', `${p}.session`) ?? ENV.sessionTtl.default,
      storeRef: readName(r, session, 'storeRef', `${p}.session`),
    },
    runtime: {
      replicas: r.int(runtime, 'replicas', `${p}.runtime`, { min: 0 }) ?? 1,
      resources: r.object(runtime, 'resources', `${p}.runtime`),
      nodeSelector: r.stringMap(runtime, 'nodeSelector', `${p}.runtime`),
      tolerations: r.array(runtime, 'tolerations', `${p}.runtime`),
      affinity: r.object(runtime, 'affinity', `${p}.runtime`),
      imagePullSecrets: readNames(r, runtime, 'imagePullSecrets', `${p}.runtime`),
      serviceAccountName: nonEmpty(r.string(runtime, 'serviceAccountName', `${p}.runtime`)),
      podLabels: r.stringMap(runtime, 'podLabels', `${p}.runtime`),
      podAnnotations: r.stringMap(runtime, 'podAnnotations', `${p}.runtime`),
      podSecurityContext: r.object(runtime, 'podSecurityContext', `${p}.runtime`),
      autoscaling: {
        enabled: r.bool(as, 'enabled', `${p}.runtime.autoscaling`) ?? false,
        type: r.oneOf(as, 'type', `${p}.runtime.autoscaling`, ['hpa', 'keda'] as const, 'hpa'),
        minReplicas: r.int(as, 'minReplicas', `${p}.runtime.autoscaling`, { min: 0 }) ?? 1,
        maxReplicas: r.int(as, 'maxReplicas', `${p}.runtime.autoscaling`, { min: 1 }) ?? 10,
        targetMemoryUtilizationPercentage:
          r.int(as, 'targetMemoryUtilizationPercentage', `${p}.runtime.autoscaling`, { min: 1 }) ?? 70,
        targetCPUUtilizationPercentage:
          r.int(as, 'targetCPUUtilizationPercentage', `${p}.runtime.autoscaling`, { min: 1 }) ?? 90,
        scaleDownStabilizationSeconds:
          r.int(as, 'scaleDownStabilizationSeconds', `${p}.runtime.autoscaling`, { min: 0, max: 3600 }) ?? 300,
        keda: {
          pollingInterval: r.int(keda, 'pollingInterval', `${p}.runtime.autoscaling.keda`, { min: 1 }) ?? 30,
          cooldownPeriod: r.int(keda, 'cooldownPeriod', `${p}.runtime.autoscaling.keda`, { min: 0 }) ?? 300,
          triggers: readTriggers(r, keda, `${p}.runtime.autoscaling.keda`),
        },
      },
    },
    mode: r.oneOf(spec, 'mode', p, POD_MODES, ENV.mode.defaultValue),
    inputSchema: r.object(spec, 'inputSchema', p),
    outputSchema: r.object(spec, 'outputSchema', p),
    config: {
      description: r.string(config, 'description', `${p}.config`) ?? '',
      instructions: r.string(config, 'instructions', `${p}.config`) ?? '',
      reasoningLoopMaxSteps: r.int(config, 'reasoningLoopMaxSteps', `${p}.config`, { min: MIN_STEPS, max: MAX_STEPS }) ?? DEFAULT_MAX_STEPS,
      memory: {
        maxSessions: r.int(memory, 'maxSessions', `${p}.config.memory`, { min: 1 }) ?? ENV.maxSessions.defaultValue,
        maxSessionEvents: r.int(memory, 'maxSessionEvents', `${p}.config.memory`, { min: 1 }) ?? ENV.maxSessionEvents.defaultValue,
        contextLimit: r.int(memory, 'contextLimit', `${p}.config.memory`, { min: 0 }) ?? DEFAULT_CONTEXT_LIMIT,
      },
    },
    gateways: readGatewayNames(r, spec, p),
    podSpec: r.object(spec, 'podSpec', p),
    waitForDependencies: r.bool(spec, 'waitForDependencies', p) ?? true,
    agentNetwork: {
      expose: r.bool(network, 'expose', `${p}.agentNetwork`) ?? true,
      // spec.peers predates agentNetwork and stays an alias: both lists count.
      access: [...new Set([...(r.strings(network, 'access', `${p}.agentNetwork`) ?? []), ...(r.strings(spec, 'peers', p) ?? [])])].sort(),
      peerCredentialSecretRef: readKeyRef(r, network, 'peerCredentialSecretRef', `${p}.agentNetwork`),
    },
    gatewayRoute: readGatewayRoute(r, r.object(spec, 'gatewayRoute', p), `${p}.gatewayRoute`),
  };
  checkRules(out, spec, r);
  return out;
}

/** The schema's CEL rules and the cross-field checks an API server would not catch. */
function checkRules(s: AgentSpec, raw: Json, r: SpecReader): void {
  const facadeType = isObject(raw.facade) ? raw.facade.type : undefined;
  if (s.mode === 'function') {
    if (!s.inputSchema || !s.outputSchema) r.fail('spec.mode', 'function requires both spec.inputSchema and spec.outputSchema');
    if (facadeType === undefined || facadeType === 'websocket') {
      r.fail('spec.facade.type', 'function mode requires grpc (the websocket facade does not serve functions)');
    }
  } else if (raw.inputSchema !== undefined || raw.outputSchema !== undefined) {
    r.fail('spec.inputSchema', 'spec.inputSchema and spec.outputSchema are only allowed when spec.mode is function');
  }
  if (s.framework.version !== undefined && !IMAGE_TAG.test(s.framework.version)) {
    r.fail('spec.framework.version', `"${s.framework.version}" cannot be an image tag (letters, digits, _ . -; at most 128)`);
  }
  // The facade refuses to start unless a session may hold two frames (OMNIA_MAX_SESSION_BYTES, left at its default here).
  const frameCap = Math.floor(ENV.maxSessionBytes.defaultValue / 2);
  if ((s.facade.limits.maxFrameBytes ?? 0) > frameCap) r.fail('spec.facade.limits.maxFrameBytes', `${s.facade.limits.maxFrameBytes} is above ${frameCap} (half the per-session byte budget)`);
  for (const key of ['idleTimeout', 'pingInterval'] as const) {
    const v = s.facade.limits[key];
    if (v !== undefined && parseDuration(v) === undefined) r.fail(`spec.facade.limits.${key}`, `"${v}" is not a duration (e.g. 30s, 5m)`);
  }
  if (s.framework.type === 'custom' && !s.framework.image) {
    r.fail('spec.framework.image', 'framework type custom requires an image');
  }
  if (s.session.type !== 'memory' && !s.session.storeRef) {
    r.fail('spec.session.storeRef', `required when session type is ${s.session.type}`);
  }
  if (parseDuration(s.session.ttl) === undefined) r.fail('spec.session.ttl', `"${s.session.ttl}" is not a duration (e.g. 30m, 24h)`);
  const reserved: number[] = s.facade.handler === 'runtime' ? [PORTS.health, PORTS.runtime, PORTS.runtimeHealth] : [PORTS.health];
  if (reserved.includes(s.facade.port)) {
    r.fail('spec.facade.port', `${s.facade.port} is reserved for the pod's ${s.facade.port === PORTS.health ? 'health' : 'runtime'} port`);
  }
  const a = s.runtime.autoscaling;
  if (a.enabled) {
    if (a.maxReplicas < a.minReplicas) r.fail('spec.runtime.autoscaling.maxReplicas', `${a.maxReplicas} is below minReplicas ${a.minReplicas}`);
    if (a.type === 'hpa' && a.minReplicas < 1) {
      r.fail('spec.runtime.autoscaling.minReplicas', 'scale to zero (0) needs type keda; a HorizontalPodAutoscaler needs at least 1');
    }
    // The schema's CEL rule: the default trigger counts open connections, and
    // with no pods there is nothing to count, so the agent would never wake up.
    if (a.type === 'keda' && a.minReplicas === 0 && a.keda.triggers.length === 0) {
      r.fail(
        'spec.runtime.autoscaling.minReplicas',
        "0 with KEDA's default trigger (open connections) could never scale up again: with no pods there are no connections to count; set minReplicas to 1 or give keda.triggers that see demand without pods",
      );
    }
  }
  if (s.runtime.resources) checkResources(s.runtime.resources, r);
  s.runtime.tolerations?.forEach((t, i) => {
    if (!isObject(t)) r.fail(`spec.runtime.tolerations[${i}]`, 'expected object');
  });
  const names = new Set<string>();
  for (const e of s.providers) {
    if (names.has(e.name)) r.fail('spec.providers', `duplicate entry name "${e.name}"`);
    names.add(e.name);
  }
}

function checkResources(res: Json, r: SpecReader): void {
  for (const [k, v] of Object.entries(res)) {
    if (k === 'claims') continue;
    if (k !== 'requests' && k !== 'limits') {
      r.fail(`spec.runtime.resources.${k}`, 'unknown field (requests, limits, claims)');
      continue;
    }
    if (!isObject(v)) {
      r.fail(`spec.runtime.resources.${k}`, 'expected a map of quantities');
      continue;
    }
    for (const [res2, q] of Object.entries(v)) {
      const quantity = typeof q === 'number' ? Number.isFinite(q) : typeof q === 'string' && QUANTITY.test(q.trim());
      if (!quantity) r.fail(`spec.runtime.resources.${k}.${res2}`, `expected a quantity (e.g. 500m, 1Gi), got ${JSON.stringify(q)}`);
    }
  }
}

/** An OCI image tag (the distribution spec's rule). */
const IMAGE_TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

function readLimits(r: SpecReader, o: Json | undefined, path: string): FacadeLimits {
  const limits: FacadeLimits = {
    maxConnections: r.int(o, 'maxConnections', path, { min: 1 }),
    maxFrameBytes: r.int(o, 'maxFrameBytes', path, { min: 1 }),
    messagesPerMinute: r.int(o, 'messagesPerMinute', path, { min: 1 }),
    idleTimeout: r.string(o, 'idleTimeout', path),
    pingInterval: r.string(o, 'pingInterval', path),
  };
  return limits;
}

/** env (each item a named object), envFrom (objects) and securityContext of one container. */
function readExtras(r: SpecReader, o: Json | undefined, path: string): ContainerExtras {
  const env = r.containerEnv(o, path);
  const securityContext = r.object(o, 'securityContext', path);
  return { ...env, ...(securityContext ? { securityContext } : {}) };
}

function readNames(r: SpecReader, parent: Json | undefined, key: string, path: string): { name: string }[] | undefined {
  if (parent?.[key] === undefined || parent[key] === null) return undefined;
  return r.keyedObjects(parent, key, path, 'name').map(({ key: name }) => ({ name }));
}

function nonEmpty(s: string | undefined): string | undefined {
  return s === undefined || s === '' ? undefined : s;
}

/**
 * An optional `{name, <extra>?}` reference object: `name` is required, the
 * extra field (a namespace, a Secret key) is left out when absent or empty.
 */
function readNamed<E extends string = never>(
  r: SpecReader,
  parent: Json | undefined,
  key: string,
  path: string,
  extra?: E,
): ({ name: string } & { [K in E]?: string }) | undefined {
  const o = r.object(parent, key, path);
  if (!o) return undefined;
  const at = `${path}.${key}`;
  const name = r.string(o, 'name', at);
  if (!name) {
    r.fail(`${at}.name`, 'required');
    return undefined;
  }
  const value = extra === undefined ? undefined : nonEmpty(r.string(o, extra, at));
  return (extra !== undefined && value !== undefined ? { name, [extra]: value } : { name }) as { name: string } & { [K in E]?: string };
}

const readRef = (r: SpecReader, parent: Json, key: string, path: string): ObjectRef | undefined => readNamed(r, parent, key, path, 'namespace');
const readName = (r: SpecReader, parent: Json | undefined, key: string, path: string): { name: string } | undefined => readNamed(r, parent, key, path);
const readKeyRef = (r: SpecReader, parent: Json | undefined, key: string, path: string): { name: string; key?: string } | undefined =>
  readNamed(r, parent, key, path, 'key');

export function readInlineProvider(r: SpecReader, o: Json | undefined, path: string): InlineProvider | undefined {
  if (!o) return undefined;
  const type = r.string(o, 'type', path);
  if (type === undefined) r.fail(`${path}.type`, 'required');
  else if (!(PROVIDER_TYPES as readonly string[]).includes(type)) r.fail(`${path}.type`, `"${type}" is not one of ${PROVIDER_TYPES.join(', ')}`);
  const defaults = r.object(o, 'defaults', path);
  const pricing = r.object(o, 'pricing', path);
  const models = r.strings(o, 'models', path);
  return {
    type: (PROVIDER_TYPES as readonly string[]).includes(type ?? '') ? (type as ProviderType) : 'auto',
    model: nonEmpty(r.string(o, 'model', path)),
    baseURL: nonEmpty(r.string(o, 'baseURL', path)),
    secretRef: readKeyRef(r, o, 'secretRef', path),
    ...(models ? { models } : {}),
    defaults: {
      temperature: r.string(defaults, 'temperature', `${path}.defaults`),
      topP: r.string(defaults, 'topP', `${path}.defaults`),
      maxTokens: r.int(defaults, 'maxTokens', `${path}.defaults`, { min: 1 }),
    },
    pricing: {
      inputCostPer1K: r.string(pricing, 'inputCostPer1K', `${path}.pricing`),
      outputCostPer1K: r.string(pricing, 'outputCostPer1K', `${path}.pricing`),
    },
  };
}

function readProviders(r: SpecReader, spec: Json, path: string): NamedProvider[] {
  return r.keyedObjects(spec, 'providers', path, 'name').map(({ item, key: name, path: ip }) => {
    const providerRef = readRef(r, item, 'providerRef', ip);
    const provider = readInlineProvider(r, r.object(item, 'provider', ip), `${ip}.provider`);
    if (!providerRef && !provider) r.fail(ip, 'needs providerRef or provider');
    return { name, providerRef, provider };
  });
}

/** A Gateway parent reference ({name, namespace?, sectionName?}); also the AgentRuntimeConfiguration's default. */
export function readGatewayParent(r: SpecReader, parent: Json | undefined, path: string): GatewayParent | undefined {
  const ref = readNamed(r, parent, 'parentRef', path, 'namespace');
  if (!ref) return undefined;
  // readNamed has checked that parentRef is an object.
  const sectionName = nonEmpty(r.string(parent?.parentRef as Json, 'sectionName', `${path}.parentRef`));
  return sectionName ? { ...ref, sectionName } : ref;
}

function readGatewayRoute(r: SpecReader, o: Json | undefined, path: string): GatewayRouteSpec | undefined {
  if (!o) return undefined;
  const timeout = r.string(o, 'timeout', path) ?? DEFAULT_ROUTE_TIMEOUT;
  if (!GATEWAY_DURATION.test(timeout)) r.fail(`${path}.timeout`, `"${timeout}" is not a Gateway API duration (e.g. 120s, 5m, 0s)`);
  const parentRef = readGatewayParent(r, o, path);
  return {
    ...(parentRef ? { parentRef } : {}),
    // As written (duplicates dropped): the first one names status.externalURL.
    hostnames: [...new Set(r.strings(o, 'hostnames', path) ?? [])],
    timeout,
  };
}

function readTriggers(r: SpecReader, keda: Json | undefined, path: string): KedaTrigger[] {
  return r.keyedObjects(keda, 'triggers', path, 'type').map(({ item, key: type, path: ip }) => {
    const authObj = r.object(item, 'authenticationRef', ip);
    const authName = r.string(authObj, 'name', `${ip}.authenticationRef`);
    const authKind = r.string(authObj, 'kind', `${ip}.authenticationRef`);
    if (authObj && !authName) r.fail(`${ip}.authenticationRef.name`, 'required');
    const trigger: KedaTrigger = { type, metadata: r.stringMap(item, 'metadata', ip) ?? {} };
    const name = r.string(item, 'name', ip);
    if (name) trigger.name = name;
    if (authName) trigger.authenticationRef = authKind ? { name: authName, kind: authKind } : { name: authName };
    return trigger;
  });
}

// Compile-time guard: every field the resolved spec carries exists in the CRD's
// generated types (src/types/generated, from schemas/), so a renamed schema field
// breaks the build here instead of being silently ignored.
type KeysWithin<A, B> = Exclude<keyof A, keyof B> extends never ? true : Exclude<keyof A, keyof B>;
const fieldsExist: [
  KeysWithin<AgentSpec, AgentRuntimeSpec>,
  KeysWithin<AgentSpec['facade'], Facade>,
  KeysWithin<AgentSpec['framework'], Framework>,
  KeysWithin<InlineProvider, ProviderConfig>,
  KeysWithin<AgentSpec['facade']['auth'], FacadeAuth>,
  KeysWithin<AgentSpec['session'], Session>,
  KeysWithin<AgentSpec['runtime'], Runtime>,
  KeysWithin<AgentSpec['runtime']['autoscaling'], Autoscaling>,
  KeysWithin<AgentSpec['runtime']['autoscaling']['keda'], Keda>,
  KeysWithin<AgentSpec['agentNetwork'], AgentNetwork>,
  KeysWithin<GatewayRouteSpec, GatewayRoute>,
] = [true, true, true, true, true, true, true, true, true, true, true];
void fieldsExist;
