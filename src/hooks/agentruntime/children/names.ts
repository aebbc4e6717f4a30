// What each child of AgentRuntime `<name>` is called, and the value of its
// instance label: the conventional name when Kubernetes accepts it, else the
// shortened form of ../../shared/names.ts. Every builder, the status and sync's
// look-ups of observed children take their names from here.

import { DNS_1035_LABEL, DNS_LABEL, DNS_SUBDOMAIN, fitName, LABEL_VALUE } from '../../shared/names.js';
import type { AgentRuntimeChildNames } from '../../../types/generated/agentruntime.js';
import type { KubeObject } from '../../metacontroller.js';

export interface ChildNames {
  /** ConfigMap `<name>-config`: a DNS-1123 subdomain. */
  configMap: string;
  /** Service `<name>`: a DNS-1035 label (≤ 63, starts with a letter, no dots). */
  service: string;
  /**
   * Deployments `<name>` and `<name>-canary`. The API server takes any DNS-1123
   * subdomain, but the ReplicaSet is named `<deployment>-<hash>` and the pods
   * after it, and a pod's host name is a DNS label: Kubernetes recommends DNS
   * label names for Deployments, so these are kept to one (≤ 63, no dots).
   */
  stable: string;
  canary: string;
  /** HorizontalPodAutoscaler and PodDisruptionBudget `<name>`: DNS-1123 subdomains. */
  hpa: string;
  pdb: string;
  /** NetworkPolicy `<name>` (namespaces that require gateways): a DNS-1123 subdomain, so never shortened. */
  networkPolicy: string;
  /**
   * ScaledObject `<name>`: KEDA names its HPA `keda-hpa-<name>` and writes the
   * name as the HPA's `scaledobject.keda.sh/name` label, so a DNS-1123 label.
   */
  scaledObject: string;
  /** HTTPRoute `<name>`: a DNS-1123 subdomain. */
  httpRoute: string;
  /** The value of `app.kubernetes.io/instance` on every child and in the selectors. */
  instance: string;
}

/** The Service of AgentRuntime `agent` (its own, or a peer's). */
export function serviceName(agent: string): string {
  return fitName(DNS_1035_LABEL, agent);
}

// Every builder of one sync asks for the same parent: keep the last answer.
let last: { parent: string; names: ChildNames; renamed: Renamed[] } | undefined;

export function childNames(parent: string): ChildNames {
  return entry(parent).names;
}

/** A child name (or the instance label value) that differs from the conventional one. */
interface Renamed {
  key: keyof AgentRuntimeChildNames;
  /** The child's kind; none for the instance label, which every child carries. */
  kind?: string;
  name: string;
}

/**
 * status.childNames: of the children this answer asks for, the names (and the
 * instance label value) that differ from the conventional ones, so that
 * `kubectl get svc <name>` finding nothing is explained. Undefined when none does.
 */
export function renamedChildren(parent: string, children: KubeObject[]): AgentRuntimeChildNames | undefined {
  const { renamed } = entry(parent);
  if (renamed.length === 0 || children.length === 0) return undefined;
  const out: AgentRuntimeChildNames = {};
  for (const r of renamed) {
    if (!r.kind || children.some((c) => c.kind === r.kind && c.metadata.name === r.name)) out[r.key] = r.name;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function entry(parent: string): NonNullable<typeof last> {
  if (last?.parent === parent) return last;
  const names: ChildNames = {
    configMap: fitName(DNS_SUBDOMAIN, parent, '-config'),
    service: serviceName(parent),
    stable: fitName(DNS_LABEL, parent),
    canary: fitName(DNS_LABEL, parent, '-canary'),
    hpa: fitName(DNS_SUBDOMAIN, parent),
    pdb: fitName(DNS_SUBDOMAIN, parent),
    httpRoute: fitName(DNS_SUBDOMAIN, parent),
    networkPolicy: fitName(DNS_SUBDOMAIN, parent),
    scaledObject: fitName(DNS_LABEL, parent),
    instance: fitName(LABEL_VALUE, parent),
  };
  // In sorted order of the keys: hook answers are canonical JSON.
  const all: (Renamed & { conventional: string })[] = [
    { key: 'canaryDeployment', kind: 'Deployment', name: names.canary, conventional: `${parent}-canary` },
    { key: 'configMap', kind: 'ConfigMap', name: names.configMap, conventional: `${parent}-config` },
    { key: 'deployment', kind: 'Deployment', name: names.stable, conventional: parent },
    { key: 'horizontalPodAutoscaler', kind: 'HorizontalPodAutoscaler', name: names.hpa, conventional: parent },
    { key: 'httpRoute', kind: 'HTTPRoute', name: names.httpRoute, conventional: parent },
    { key: 'instanceLabel', name: names.instance, conventional: parent },
    { key: 'podDisruptionBudget', kind: 'PodDisruptionBudget', name: names.pdb, conventional: parent },
    { key: 'scaledObject', kind: 'ScaledObject', name: names.scaledObject, conventional: parent },
    { key: 'service', kind: 'Service', name: names.service, conventional: parent },
  ];
  last = { parent, names, renamed: all.filter((r) => r.name !== r.conventional) };
  return last;
}
