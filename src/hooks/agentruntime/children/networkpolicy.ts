// NetworkPolicy `<name>`, only in namespaces labelled
// omnia.altairalabs.ai/require-gateways=true: the agent pods (both tracks) may
// send only to the AI and tool gateways (each gateway's status.egress), to
// cluster DNS, to the namespaces of in-cluster tool Services (when no
// ToolGateway carries the tool calls) and to their peer agents. This holds
// whatever the containers do with our env (a custom framework image included).
// Egress only: ingress is the AgentGateway's and the Service's business.
// NetworkPolicies add up, so a platform team allows more (a session store, a
// JWKS host) with a policy of its own selecting the same pods (docs/gateways.md).

import { sortKeys } from '../../../shared/canonical-json.js';
import { NAMESPACE_NAME_LABEL } from '../../gateway/address.js';
import type { KubeObject } from '../../metacontroller.js';
import { agentSelector, commonLabels, LABEL_INSTANCE, LABEL_NAME } from '../constants.js';
import type { GatewaysPlan } from '../resolve/gateways.js';
import { childNames } from './names.js';

// Cluster DNS runs as pods (CoreDNS / kube-dns) behind the kube-dns Service;
// after the Service's translation the packets go to those pods, in any namespace.
const DNS_RULE = {
  ports: [
    { port: 53, protocol: 'TCP' },
    { port: 53, protocol: 'UDP' },
  ],
  to: [{ namespaceSelector: {} }],
};

/** The namespace of an in-cluster Service URL (`svc`, `svc.ns`, `svc.ns.svc[.cluster.local]`), else undefined. */
export function serviceNamespace(endpoint: string, namespace: string): string | undefined {
  let host: string;
  try {
    host = new URL(endpoint).hostname;
  } catch {
    return undefined;
  }
  const parts = host.split('.');
  if (parts.length === 1 && /^[a-z0-9-]+$/.test(host)) return namespace;
  const inCluster = parts.length === 2 || (parts[2] === 'svc' && (parts.length === 3 || parts.slice(3).join('.') === 'cluster.local'));
  return inCluster && /^[a-z0-9-]+$/.test(parts[1]!) ? parts[1] : undefined;
}

export interface NetworkPolicyInput {
  name: string;
  namespace: string;
  gateways: GatewaysPlan;
  /** The endpoints of the agent's tools (tools.json). */
  toolEndpoints: string[];
  peers: string[];
}

export function buildNetworkPolicy(d: NetworkPolicyInput): KubeObject {
  const rules: unknown[] = [DNS_RULE];
  const { ai, tool } = d.gateways.used;
  for (const gw of [ai, tool]) if (gw?.egress) rules.push(sortKeys(gw.egress));
  if (!tool) {
    const namespaces = [...new Set(d.toolEndpoints.map((e) => serviceNamespace(e, d.namespace)).filter((n): n is string => n !== undefined))].sort();
    if (namespaces.length > 0) rules.push({ to: namespaces.map((ns) => ({ namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: ns } } })) });
  }
  if (d.peers.length > 0) {
    const instances = [...new Set(d.peers.map((p) => childNames(p).instance))].sort();
    rules.push({
      to: [
        {
          podSelector: {
            matchExpressions: [{ key: LABEL_INSTANCE, operator: 'In', values: instances }],
            matchLabels: { [LABEL_NAME]: 'omnia-agent' },
          },
        },
      ],
    });
  }
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { labels: commonLabels(d.name), name: childNames(d.name).networkPolicy },
    spec: { egress: rules, podSelector: { matchLabels: agentSelector(d.name) }, policyTypes: ['Egress'] },
  };
}
