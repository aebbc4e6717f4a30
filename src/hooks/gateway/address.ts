// Where agents reach a gateway: its URL and the NetworkPolicy egress rule that
// lets an agent pod send to it. From spec.url as given, or from the one
// Service the spec names or selects (the implementation's), in the gateway's
// namespace. Pure: the Services come from the related objects.

import { digArray, digStringMap, isObject } from '../../shared/json.js';
import type { KubeObject } from '../metacontroller.js';
import type { GatewaySpecView, PortRef } from './spec.js';

/** networking.k8s.io/v1 NetworkPolicyEgressRule, keys in sorted order. */
export interface EgressRule {
  ports: { port: number | string; protocol: string }[];
  to: Record<string, unknown>[];
}

export type Address =
  | { ready: true; url: string; egress?: EgressRule; reason: string; message: string }
  | { ready: false; reason: string; message: string };

/** The label every namespace carries with its own name (Kubernetes ≥ 1.21). */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

const matches = (labels: Record<string, string> | undefined, wanted: Record<string, string>): boolean =>
  Object.entries(wanted).every(([k, v]) => labels?.[k] === v);

export function gatewayAddress(spec: GatewaySpecView, namespace: string, services: KubeObject[]): Address {
  if (spec.errors.length > 0) return { ready: false, reason: 'InvalidSpec', message: `invalid spec: ${spec.errors.join('; ')}` };
  if (spec.url) return fromUrl(spec.url, spec.egressCIDRs);
  const inNamespace = services.filter((s) => s.metadata.namespace === namespace);
  if (spec.service) {
    const svc = inNamespace.find((s) => s.metadata.name === spec.service!.name);
    if (!svc) return { ready: false, reason: 'ServiceNotFound', message: `Service "${spec.service.name}" not found in namespace ${namespace}` };
    return fromService(svc, namespace, spec.service.port);
  }
  if (spec.serviceSelector) {
    const wanted = spec.serviceSelector.matchLabels;
    const found = inNamespace.filter((s) => matches(s.metadata.labels, wanted));
    const labels = Object.entries(wanted)
      .map(([k, v]) => `${k}=${v}`)
      .join(',');
    if (found.length === 0) return { ready: false, reason: 'ServiceNotFound', message: `no Service labelled ${labels} in namespace ${namespace}` };
    if (found.length > 1) {
      const names = found.map((s) => s.metadata.name).join(', ');
      return { ready: false, reason: 'ServiceAmbiguous', message: `${found.length} Services labelled ${labels} (${names}): agents need exactly one` };
    }
    return fromService(found[0]!, namespace, spec.serviceSelector.port);
  }
  return { ready: false, reason: 'NoURL', message: 'set spec.url, spec.service or spec.serviceSelector: the gateway has no address agents could use' };
}

function fromUrl(url: string, cidrs: string[]): Address {
  const parsed = new URL(url);
  const port = parsed.port ? Number(parsed.port) : parsed.protocol === 'https:' ? 443 : 80;
  const base = { ready: true as const, url, reason: 'URLFromSpec' };
  if (cidrs.length === 0) {
    return { ...base, message: `agents use ${url} (no spec.egressCIDRs: agents in namespaces that require gateways cannot reach it)` };
  }
  const egress: EgressRule = { ports: [{ port, protocol: 'TCP' }], to: [...cidrs].sort().map((cidr) => ({ ipBlock: { cidr } })) };
  return { ...base, egress, message: `agents use ${url}` };
}

interface ServicePort {
  name?: string;
  port: number;
  protocol: string;
  targetPort: number | string;
}

function servicePorts(svc: KubeObject): ServicePort[] {
  return (digArray(svc.spec, 'ports') ?? []).filter(isObject).flatMap((p) => {
    if (typeof p.port !== 'number') return [];
    const targetPort = typeof p.targetPort === 'number' || (typeof p.targetPort === 'string' && p.targetPort !== '') ? p.targetPort : p.port;
    return [{ ...(typeof p.name === 'string' ? { name: p.name } : {}), port: p.port, protocol: typeof p.protocol === 'string' ? p.protocol : 'TCP', targetPort }];
  });
}

function fromService(svc: KubeObject, namespace: string, wanted: PortRef | undefined): Address {
  const name = svc.metadata.name;
  const ports = servicePorts(svc);
  const port = wanted === undefined ? ports[0] : ports.find((p) => p.name === wanted || p.port === wanted);
  if (!port) {
    const message = wanted === undefined ? `Service "${name}" has no ports` : `Service "${name}" has no port ${wanted}`;
    return { ready: false, reason: 'PortNotFound', message };
  }
  const url = `http://${name}.${namespace}.svc.cluster.local:${port.port}`;
  const selector = digStringMap(svc.spec, 'selector');
  // Traffic to a Service is allowed or refused at its pods (after the Service's
  // address translation): the rule names those pods and their target port. A
  // Service without a selector (ExternalName, hand-made endpoints) has no pods
  // to name, so agents whose egress is limited cannot be let through to it.
  if (!selector || Object.keys(selector).length === 0) {
    return { ready: true, url, reason: 'ServiceFound', message: `agents use ${url} (Service "${name}" selects no pods: agents in namespaces that require gateways cannot reach it)` };
  }
  const egress: EgressRule = {
    ports: [{ port: port.targetPort, protocol: port.protocol }],
    to: [{ namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: namespace } }, podSelector: { matchLabels: selector } }],
  };
  return { ready: true, url, egress, reason: 'ServiceFound', message: `agents use ${url} (Service "${name}")` };
}
