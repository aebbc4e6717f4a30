// Deployment `<name>` (stable track) and `<name>-canary`: the facade container,
// and the runtime container when the handler is `runtime`. Hardened pod: non-root,
// read-only root FS (with an emptyDir /tmp), no capabilities, RuntimeDefault seccomp,
// no service-account token (the agent never calls the Kubernetes API).

import type { KubeObject } from '../metacontroller.js';
import type { Json } from '../shared/spec-reader.js';
import type { Images } from './cluster-config.js';
import { configMapName } from './configmap.js';
import {
  ANNOTATION_CONFIG_HASH,
  ANNOTATION_PACK_VERSION,
  AUTH_DIR,
  commonLabels,
  CONFIG_DIR,
  DEFAULT_FRAMEWORK,
  HEALTH_PORT,
  JWT_DEFAULT_KEY,
  JWT_DIR,
  JWT_KEY_FILE,
  LABEL_TRACK,
  PACK_DIR,
  POD_UID,
  RUNTIME_PORT,
  trackSelector,
  type Track,
} from './constants.js';
import { facadeEnv, runtimeEnv } from './env.js';
import type { PackVersion } from './promptpack.js';
import type { ProviderPlan } from './provider.js';
import type { AgentSpec } from './spec.js';

export interface DeploymentInput {
  name: string;
  namespace: string;
  spec: AgentSpec;
  images: Images;
  /** runtime.resources, else the configuration's defaultResources. */
  resources?: Json;
  track: Track;
  pack: PackVersion;
  provider?: ProviderPlan;
  /** Under autoscaling this is the carried-over observed count (never omitted: see replicas.ts). */
  replicas: number;
  configHash: string;
}

export function deploymentName(name: string, track: Track): string {
  return track === 'stable' ? name : `${name}-canary`;
}

const FACADE_RESOURCES = { requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '256Mi' } };

const containerSecurity = {
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  runAsNonRoot: true,
  capabilities: { drop: ['ALL'] },
};

export function buildDeployment(d: DeploymentInput): KubeObject {
  const { name, spec } = d;
  const withRuntime = spec.facade.handler === 'runtime';
  const labels = { ...commonLabels(name), [LABEL_TRACK]: d.track };
  const auth = spec.facade.auth;

  const facadeMounts = [
    { name: 'config', mountPath: CONFIG_DIR, readOnly: true },
    { name: 'tmp', mountPath: '/tmp' },
  ];
  if (auth.apiKeysSecretRef) facadeMounts.push({ name: 'api-keys', mountPath: AUTH_DIR, readOnly: true });
  if (auth.jwt?.publicKeySecretRef) facadeMounts.push({ name: 'jwt-public-key', mountPath: JWT_DIR, readOnly: true });

  const facade: Json = {
    name: 'facade',
    image: d.images.facade,
    args: ['facade'],
    ports: [
      { name: 'facade', containerPort: spec.facade.port, protocol: 'TCP' },
      { name: 'health', containerPort: HEALTH_PORT, protocol: 'TCP' },
    ],
    env: facadeEnv(name, d.namespace, spec),
    readinessProbe: { httpGet: { path: '/readyz', port: 'health' }, periodSeconds: 5, failureThreshold: 3 },
    livenessProbe: { httpGet: { path: '/healthz', port: 'health' }, initialDelaySeconds: 10, periodSeconds: 10, failureThreshold: 3 },
    securityContext: containerSecurity,
    volumeMounts: facadeMounts,
  };
  const containers: Json[] = [facade];

  if (withRuntime && d.images.runtime && d.provider) {
    const runtime: Json = {
      name: 'runtime',
      image: d.images.runtime,
      ports: [{ name: 'runtime', containerPort: RUNTIME_PORT, protocol: 'TCP' }],
      env: runtimeEnv(name, d.namespace, spec, d.pack.key, d.provider),
      readinessProbe: { httpGet: { path: '/healthz', port: 'runtime' }, periodSeconds: 5, failureThreshold: 3 },
      livenessProbe: { httpGet: { path: '/healthz', port: 'runtime' }, initialDelaySeconds: 10, periodSeconds: 10, failureThreshold: 3 },
      securityContext: containerSecurity,
      volumeMounts: [
        { name: 'config', mountPath: CONFIG_DIR, readOnly: true },
        { name: 'promptpack', mountPath: PACK_DIR, readOnly: true },
        { name: 'tmp', mountPath: '/tmp' },
      ],
    };
    // Only the built-in framework runs from the omnia image's entrypoint; other
    // framework images keep their own entrypoint (docs/env.md).
    if (d.images.framework === DEFAULT_FRAMEWORK) runtime.args = ['runtime'];
    if (d.resources) runtime.resources = d.resources;
    // The facade is light; it still needs requests, or a HorizontalPodAutoscaler on
    // CPU/memory utilisation cannot compute the pod's usage (every container must have them).
    facade.resources = FACADE_RESOURCES;
    containers.push(runtime);
  } else if (d.resources) {
    // No runtime container (demo/echo): the facade is the workload the resources describe.
    facade.resources = d.resources;
  }

  const volumes: Json[] = [
    { name: 'config', configMap: { name: configMapName(name) } },
    { name: 'tmp', emptyDir: {} },
  ];
  if (withRuntime) volumes.push({ name: 'promptpack', configMap: { name: d.pack.configMapName } });
  if (auth.apiKeysSecretRef) {
    volumes.push({ name: 'api-keys', secret: { secretName: auth.apiKeysSecretRef.name, items: [{ key: 'api-keys', path: 'api-keys' }] } });
  }
  const pk = auth.jwt?.publicKeySecretRef;
  if (pk) {
    volumes.push({ name: 'jwt-public-key', secret: { secretName: pk.name, items: [{ key: pk.key ?? JWT_DEFAULT_KEY, path: JWT_KEY_FILE }] } });
  }

  const podSpec: Json = {
    automountServiceAccountToken: false,
    // Longer than the facade's default 30s drain so in-flight conversations can finish.
    terminationGracePeriodSeconds: 45,
    securityContext: {
      runAsNonRoot: true,
      runAsUser: POD_UID,
      runAsGroup: POD_UID,
      fsGroup: POD_UID,
      seccompProfile: { type: 'RuntimeDefault' },
    },
    containers,
    volumes,
  };
  if (spec.runtime.nodeSelector) podSpec.nodeSelector = spec.runtime.nodeSelector;
  if (spec.runtime.tolerations) podSpec.tolerations = spec.runtime.tolerations;
  if (spec.runtime.affinity) podSpec.affinity = spec.runtime.affinity;

  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: deploymentName(name, d.track), labels },
    spec: {
      replicas: d.replicas,
      selector: { matchLabels: trackSelector(name, d.track) },
      // Keep serving capacity during a roll: add a pod before removing one.
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
      template: {
        metadata: {
          labels,
          annotations: {
            'prometheus.io/scrape': 'true',
            'prometheus.io/port': String(HEALTH_PORT),
            'prometheus.io/path': '/metrics',
            [ANNOTATION_CONFIG_HASH]: d.configHash,
            [ANNOTATION_PACK_VERSION]: d.pack.version,
          },
        },
        spec: podSpec,
      },
    },
  };
}
