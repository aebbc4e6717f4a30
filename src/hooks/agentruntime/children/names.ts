// What each child of AgentRuntime `<name>` is called, and the value of its
// instance label: the conventional name when Kubernetes accepts it, else the
// shortened form of ../../shared/names.ts. Every builder, the status and sync's
// look-ups of observed children take their names from here.

import { DNS_1035_LABEL, DNS_LABEL, DNS_SUBDOMAIN, fitName, LABEL_VALUE } from '../../shared/names.js';
import type { AgentRuntimeChildNames } from '../../../types/generated/agentruntime.js';

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
  /**
   * ScaledObject `<name>`: KEDA names its HPA `keda-hpa-<name>` and writes the
   * name as the HPA's `scaledobject.keda.sh/name` label, so a DNS-1123 label.
   */
  scaledObject: string;
  /** The value of `app.kubernetes.io/instance` on every child and in the selectors. */
  instance: string;
}

/** The Service of AgentRuntime `agent` (its own, or a peer's). */
export function serviceName(agent: string): string {
  return fitName(DNS_1035_LABEL, agent);
}

// Every builder of one sync asks for the same parent: keep the last answer.
let last: { parent: string; names: ChildNames; renamed: AgentRuntimeChildNames | undefined } | undefined;

export function childNames(parent: string): ChildNames {
  return entry(parent).names;
}

/**
 * status.childNames: the names (and instance label value) that differ from the
 * conventional ones, so that `kubectl get svc <name>` finding nothing is
 * explained. Undefined when every name is the conventional one.
 */
export function renamedChildren(parent: string): AgentRuntimeChildNames | undefined {
  const { renamed } = entry(parent);
  // A copy: the answer is the caller's, the memo stays ours.
  return renamed && { ...renamed };
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
    scaledObject: fitName(DNS_LABEL, parent),
    instance: fitName(LABEL_VALUE, parent),
  };
  last = { parent, names, renamed: renamed(parent, names) };
  return last;
}

function renamed(parent: string, n: ChildNames): AgentRuntimeChildNames | undefined {
  // Keys in sorted order: hook answers are canonical JSON.
  const all: [keyof AgentRuntimeChildNames, string, string][] = [
    ['canaryDeployment', n.canary, `${parent}-canary`],
    ['configMap', n.configMap, `${parent}-config`],
    ['deployment', n.stable, parent],
    ['horizontalPodAutoscaler', n.hpa, parent],
    ['instanceLabel', n.instance, parent],
    ['podDisruptionBudget', n.pdb, parent],
    ['scaledObject', n.scaledObject, parent],
    ['service', n.service, parent],
  ];
  const out: AgentRuntimeChildNames = {};
  for (const [key, name, conventional] of all) if (name !== conventional) out[key] = name;
  return Object.keys(out).length > 0 ? out : undefined;
}
