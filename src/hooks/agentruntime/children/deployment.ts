// Deployment `<name>` (stable track) and `<name>-canary` (names.ts): the facade container,
// and the runtime container when the handler is `runtime`. Hardened pod: non-root,
// read-only root FS (with an emptyDir /tmp), no capabilities, RuntimeDefault seccomp,
// no service-account token (the agent never calls the Kubernetes API).

import { MOUNTS, PORTS, SECRET_FILES } from '../../../contract/paths.js';
import { sortKeys } from '../../../shared/canonical-json.js';
import { canonicalQuantity } from '../../../shared/quantity.js';
import type { KubeObject } from '../../metacontroller.js';
import { isObject, type Json } from '../../../shared/json.js';
import type { Images } from '../resolve/cluster-config.js';
import { childNames } from './names.js';
import {
  ANNOTATION_CONFIG_HASH,
  ANNOTATION_PACK_VERSION,
  commonLabels,
  DEFAULT_FRAMEWORK,
  LABEL_TRACK,
  trackSelector,
  type Track,
} from '../constants.js';
import { facadeEnv, runtimeEnv } from './env.js';
import { CONTAINER_SECURITY, POD_SECURITY } from '../../shared/pod-security.js';
import { customisePod } from './pod-custom.js';
import type { PackVersion } from '../resolve/promptpack.js';
import type { Peer } from '../resolve/peers.js';
import type { ProviderPlan } from '../resolve/provider.js';
import type { AgentSpec } from '../spec.js';

export interface DeploymentInput {
  name: string;
  namespace: string;
  spec: AgentSpec;
  images: Images;
  /** runtime.resources, else the configuration's defaultResources. */
  resources?: Json;
  track: Track;
  /** Undefined when deployed without the PromptPack (`missing` names it). */
  pack?: PackVersion;
  /** Undefined when deployed without the Provider (`missing` names it), or the handler calls none. */
  provider?: ProviderPlan;
  /** The agents it may delegate to (resolve/peers.ts). */
  peers: readonly Peer[];
  /** OMNIA_MISSING_DEPENDENCIES (dependencies.ts): what the runtime is deployed without and cannot serve without. */
  missing: string[];
  /** The ToolGateway's URL the runtime sends tool calls through (resolve/gateways.ts). */
  toolGateway?: string;
  /** Under autoscaling this is the carried-over observed count (never omitted: see replicas.ts). */
  replicas: number;
  configHash: string;
}

export function deploymentName(name: string, track: Track): string {
  const names = childNames(name);
  return track === 'stable' ? names.stable : names.canary;
}

// Object keys are written in sorted order throughout (see constants.ts).
const FACADE_RESOURCES = { limits: { memory: '256Mi' }, requests: { cpu: '50m', memory: '64Mi' } };

const port = (name: string, containerPort: number) => ({ containerPort, name, protocol: 'TCP' });
const mount = (name: string, mountPath: string, readOnly?: true) => (readOnly ? { mountPath, name, readOnly } : { mountPath, name });
const readiness = (path: string, portName: string) => ({ failureThreshold: 3, httpGet: { path, port: portName }, periodSeconds: 5 });
const liveness = (path: string, portName: string) => ({
  failureThreshold: 3,
  httpGet: { path, port: portName },
  initialDelaySeconds: 10,
  periodSeconds: 10,
});
// A runtime deployed without its PromptPack or Provider answers /healthz 503 on
// purpose (it cannot take turns; the readiness probe keeps the pod out of the
// Service): its liveness is then only "the health port answers", so the kubelet
// does not restart a process that is working as intended.
const listening = (portName: string) => ({ failureThreshold: 3, initialDelaySeconds: 10, periodSeconds: 10, tcpSocket: { port: portName } });

/**
 * Requests and limits spelled as the API server stores them ("1000m" → "1"): the
 * live Deployment comes back canonical, and any other spelling would be a
 * difference Metacontroller writes back on every sync.
 */
export function canonicalResources(resources: Json): Json {
  const out: Json = {};
  for (const [part, value] of Object.entries(resources)) {
    const quantities = (part === 'requests' || part === 'limits') && isObject(value);
    out[part] = quantities
      ? Object.fromEntries(Object.entries(value).map(([k, q]) => [k, typeof q === 'number' || typeof q === 'string' ? canonicalQuantity(q) : q]))
      : value;
  }
  return out;
}

/**
 * A toleration without its empty strings ("" key = all keys, "" effect = all
 * effects): the API server drops them, and Metacontroller replaces the list whole,
 * so an empty string would be a difference written back on every sync.
 */
function withoutEmptyStrings(toleration: unknown): unknown {
  return isObject(toleration) ? Object.fromEntries(Object.entries(toleration).filter(([, v]) => v !== '')) : toleration;
}

/** The Deployment, or why the user's pod customisation cannot apply (pod-custom.ts). */
export type BuiltDeployment = { deployment: KubeObject } | { invalid: string };

export function buildDeployment(d: DeploymentInput): BuiltDeployment {
  const { name, spec } = d;
  const withRuntime = spec.facade.handler === 'runtime' && d.images.runtime !== undefined;
  const labels = { ...commonLabels(name), [LABEL_TRACK]: d.track };
  const auth = spec.facade.auth;
  // User-given objects (resources, scheduling) may come in any key order.
  const resources = d.resources ? canonicalResources(sortKeys(d.resources) as Json) : undefined;

  const facadeMounts = [mount('config', MOUNTS.config, true), mount('tmp', MOUNTS.tmp)];
  if (auth.apiKeysSecretRef) facadeMounts.push(mount('api-keys', MOUNTS.auth, true));
  if (auth.jwt?.publicKeySecretRef) facadeMounts.push(mount('jwt-public-key', MOUNTS.jwt, true));
  const peerToken = spec.agentNetwork.peerCredentialSecretRef;
  if (peerToken) facadeMounts.push(mount('peer-token', MOUNTS.peer, true));

  // With a runtime container the resources describe it and the facade gets a
  // light fixed share: a HorizontalPodAutoscaler on CPU/memory utilisation needs
  // requests on every container. Without one (demo/echo) the facade is the workload.
  const facadeResources = withRuntime ? FACADE_RESOURCES : resources;
  const containers: Json[] = [
    {
      args: ['facade'],
      env: facadeEnv(name, d.namespace, spec),
      image: d.images.facade,
      livenessProbe: liveness('/healthz', 'health'),
      name: 'facade',
      ports: [port('facade', spec.facade.port), port('health', PORTS.health)],
      readinessProbe: readiness('/readyz', 'health'),
      ...(facadeResources ? { resources: facadeResources } : {}),
      securityContext: CONTAINER_SECURITY,
      volumeMounts: facadeMounts,
    },
  ];

  if (withRuntime && d.images.runtime) {
    const runtimeMounts = [
      mount('config', MOUNTS.config, true),
      ...(peerToken ? [mount('peer-token', MOUNTS.peer, true)] : []),
      ...(d.pack ? [mount('promptpack', MOUNTS.pack, true)] : []),
      mount('tmp', MOUNTS.tmp),
    ];
    containers.push({
      // Only the built-in framework runs from the omnia image's entrypoint; other
      // framework images keep their own entrypoint (docs/env.md).
      ...(d.images.framework === DEFAULT_FRAMEWORK ? { args: ['runtime'] } : {}),
      env: runtimeEnv(name, d.namespace, spec, d.pack?.key, d.provider, d.peers, d.missing, d.toolGateway),
      image: d.images.runtime,
      // The protocol listens on loopback only (the facade is its one client, and it
      // spends the provider key); the probes reach the health-only listener.
      livenessProbe: d.missing.length > 0 ? listening('runtime-health') : liveness('/healthz', 'runtime-health'),
      name: 'runtime',
      ports: [port('runtime-health', PORTS.runtimeHealth)],
      readinessProbe: readiness('/healthz', 'runtime-health'),
      ...(resources ? { resources } : {}),
      securityContext: CONTAINER_SECURITY,
      volumeMounts: runtimeMounts,
    });
  }

  const volumes: Json[] = [
    { configMap: { name: childNames(name).configMap }, name: 'config' },
    { emptyDir: {}, name: 'tmp' },
  ];
  if (spec.facade.handler === 'runtime' && d.pack) volumes.push({ configMap: { name: d.pack.configMapName }, name: 'promptpack' });
  if (auth.apiKeysSecretRef) {
    volumes.push({ name: 'api-keys', secret: { items: [{ key: SECRET_FILES.apiKeys, path: SECRET_FILES.apiKeys }], secretName: auth.apiKeysSecretRef.name } });
  }
  const pk = auth.jwt?.publicKeySecretRef;
  if (pk) {
    volumes.push({ name: 'jwt-public-key', secret: { items: [{ key: pk.key ?? SECRET_FILES.jwtPublicKey, path: SECRET_FILES.jwtPublicKey }], secretName: pk.name } });
  }

  if (peerToken) {
    volumes.push({ name: 'peer-token', secret: { items: [{ key: peerToken.key ?? SECRET_FILES.peerToken, path: SECRET_FILES.peerToken }], secretName: peerToken.name } });
  }

  const { nodeSelector, tolerations, affinity } = spec.runtime;
  const podSpec: Json = {
    ...(affinity ? { affinity: sortKeys(affinity) as Json } : {}),
    automountServiceAccountToken: false,
    containers,
    ...(nodeSelector ? { nodeSelector: sortKeys(nodeSelector) as Json } : {}),
    securityContext: POD_SECURITY,
    // Longer than the facade's default 30s drain so in-flight conversations can finish.
    terminationGracePeriodSeconds: 45,
    ...(tolerations ? { tolerations: sortKeys(tolerations.map(withoutEmptyStrings)) as Json } : {}),
    volumes,
  };

  const pod = customisePod(
    {
      metadata: {
        annotations: {
          [ANNOTATION_CONFIG_HASH]: d.configHash,
          ...(d.pack ? { [ANNOTATION_PACK_VERSION]: d.pack.version } : {}),
          'prometheus.io/path': '/metrics',
          'prometheus.io/port': String(PORTS.health),
          'prometheus.io/scrape': 'true',
        },
        labels,
      },
      spec: podSpec,
    },
    spec,
  );
  if ('invalid' in pod) return pod;

  return {
    deployment: {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { labels: { ...commonLabels(name), [LABEL_TRACK]: d.track }, name: deploymentName(name, d.track) },
      spec: {
        replicas: d.replicas,
        selector: { matchLabels: trackSelector(name, d.track) },
        // Keep serving capacity during a roll: add a pod before removing one.
        strategy: { rollingUpdate: { maxSurge: 1, maxUnavailable: 0 }, type: 'RollingUpdate' },
        template: pod.template,
      },
    },
  };
}
