// customize: the related objects sync needs, named from the parent's spec only
// (Metacontroller caches the answer per parent generation). Rules always carry
// names — an empty names list would relate every object of the type — except
// AgentRuntimeConfigurations and gateways, which are wanted all of them per
// namespace (a configuration may name the gateways).

import type { CustomizeResponse, RelatedResourceRule } from '../metacontroller.js';
import { SpecReader } from '../request/spec-reader.js';
import { CONTROLLER_NAMESPACE, GROUP_VERSION } from './constants.js';
import { readAgentRequest } from './request.js';
import { resolveSpec, type ObjectRef } from './spec.js';
import { CREDENTIAL_COPY_LABEL } from './resolve/provider.js';
import { secretNeeds } from './resolve/secrets.js';
import { gatewayNamespaces } from './resolve/gateways.js';
import { GATEWAY_KINDS, GATEWAY_ROLES } from '../gateway/kinds.js';

function byNamespace(apiVersion: string, resource: string, refs: ObjectRef[], namespace: string): RelatedResourceRule[] {
  const groups = new Map<string, Set<string>>();
  for (const ref of refs) {
    const ns = ref.namespace ?? namespace;
    if (!groups.has(ns)) groups.set(ns, new Set());
    groups.get(ns)!.add(ref.name);
  }
  return [...groups.keys()].sort().map((ns) => ({ apiVersion, resource, namespace: ns, names: [...groups.get(ns)!].sort() }));
}

export function customize(body: unknown): CustomizeResponse {
  const { subject: parent, namespace } = readAgentRequest(body, 'customize');
  // Spec problems are reported by sync; customize relates whatever is readable.
  const spec = resolveSpec(parent.spec, new SpecReader());
  const rules: RelatedResourceRule[] = [];
  if (spec.promptPackRef.name) rules.push(...byNamespace(GROUP_VERSION, 'promptpacks', [{ name: spec.promptPackRef.name }], namespace));

  const providerRefs: ObjectRef[] = [];
  const secretNames: ObjectRef[] = [];
  if (spec.providerRef) providerRefs.push(spec.providerRef);
  if (spec.provider?.secretRef) secretNames.push({ name: spec.provider.secretRef.name });
  for (const entry of spec.providers) {
    if (entry.providerRef) providerRefs.push(entry.providerRef);
    if (entry.provider?.secretRef) secretNames.push({ name: entry.provider.secretRef.name });
  }
  for (const need of secretNeeds(spec)) secretNames.push({ name: need.name });

  rules.push(...byNamespace(GROUP_VERSION, 'providers', providerRefs, namespace));
  if (spec.toolRegistryRef) rules.push(...byNamespace(GROUP_VERSION, 'toolregistries', [spec.toolRegistryRef], namespace));
  rules.push(...byNamespace('v1', 'secrets', secretNames, namespace));
  // A Provider in another namespace: the pods read a copy of its credential here (resolve/provider.ts).
  if (providerRefs.some((ref) => ref.namespace !== undefined && ref.namespace !== namespace)) {
    rules.push({ apiVersion: 'v1', resource: 'secrets', namespace, labelSelector: { matchLabels: { [CREDENTIAL_COPY_LABEL]: 'true' } } });
  }
  // Every configuration in the controller's namespace and in the agent's (first by name wins in sync).
  for (const ns of [...new Set([CONTROLLER_NAMESPACE, namespace])].sort()) {
    rules.push({ apiVersion: GROUP_VERSION, resource: 'agentruntimeconfigurations', namespace: ns });
  }
  rules.push(...byNamespace(GROUP_VERSION, 'agentruntimes', spec.agentNetwork.access.map((name) => ({ name })), namespace));
  // Gateways: like the configurations, all of them in the agent's and the
  // controller's namespace, since the names may be defaults from a configuration
  // (resolve/gateways.ts); and the agent's Namespace, whose label says whether
  // gateways are required (a cluster-scoped object: no namespace in the rule).
  for (const g of GATEWAY_ROLES.map((role) => GATEWAY_KINDS[role])) {
    for (const ns of [...gatewayNamespaces(namespace)].sort()) rules.push({ apiVersion: GROUP_VERSION, resource: g.resource, namespace: ns });
  }
  rules.push({ apiVersion: 'v1', resource: 'namespaces', names: [namespace] });
  return { relatedResources: rules };
}
