// Deployment `<name>` (its DNS-label form when the name is not one): the tool
// server's image in one container, hardened like the agent pod
// (../../shared/pod-security.ts) with a writable emptyDir /tmp, no
// service-account token (a tool server has no business with the Kubernetes
// API), and TCP probes on its port: MCP and plain HTTP tool servers share no
// health path, but both accept connections once they serve.

import { MOUNTS } from '../../../contract/paths.js';
import { sortKeys } from '../../../shared/canonical-json.js';
import type { Json } from '../../../shared/json.js';
import { canonicalResources } from '../../agentruntime/children/deployment.js';
import { podSpecProblem } from '../../agentruntime/children/pod-custom.js';
import type { KubeObject } from '../../metacontroller.js';
import { CONTAINER_SECURITY, POD_SECURITY } from '../../shared/pod-security.js';
import { toolServerLabels, toolServerNames, toolServerSelector } from '../names.js';
import type { ToolServerSpec } from '../spec.js';

export const CONTAINER_NAME = 'toolserver';

/** The Deployment, or why the spec's env/envFrom/resources do not make a valid pod. */
export function buildToolServerDeployment(name: string, spec: ToolServerSpec): { deployment: KubeObject } | { invalid: string } {
  const port = spec.protocol;
  const container: Json = {
    ...(spec.args ? { args: spec.args } : {}),
    ...(spec.command ? { command: spec.command } : {}),
    // User-given objects may come in any key order; list order is kept ($(VAR) references depend on it).
    ...(spec.env ? { env: spec.env.map((e) => sortKeys(e)) } : {}),
    ...(spec.envFrom ? { envFrom: spec.envFrom.map((e) => sortKeys(e)) } : {}),
    image: spec.image,
    livenessProbe: { failureThreshold: 3, initialDelaySeconds: 10, periodSeconds: 10, tcpSocket: { port } },
    name: CONTAINER_NAME,
    ports: [{ containerPort: spec.port, name: port, protocol: 'TCP' }],
    readinessProbe: { failureThreshold: 3, periodSeconds: 5, tcpSocket: { port } },
    ...(spec.resources ? { resources: canonicalResources(sortKeys(spec.resources) as Json) } : {}),
    securityContext: CONTAINER_SECURITY,
    volumeMounts: [{ mountPath: MOUNTS.tmp, name: 'tmp' }],
  };
  const pod: Json = {
    automountServiceAccountToken: false,
    containers: [container],
    securityContext: POD_SECURITY,
    volumes: [{ emptyDir: {}, name: 'tmp' }],
  };
  // Only user-given objects can make the pod invalid; the rest is ours and known good.
  if (spec.env || spec.envFrom || spec.resources) {
    const problem = podSpecProblem(pod);
    if (problem) return { invalid: `the tool server's pod spec is invalid: ${problem}` };
  }
  return {
    deployment: {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { labels: toolServerLabels(name), name: toolServerNames(name).deployment },
      spec: {
        replicas: spec.replicas,
        selector: { matchLabels: toolServerSelector(name) },
        // Keep serving while a change rolls out: add a pod before removing one.
        strategy: { rollingUpdate: { maxSurge: 1, maxUnavailable: 0 }, type: 'RollingUpdate' },
        template: { metadata: { labels: toolServerLabels(name) }, spec: pod },
      },
    },
  };
}
