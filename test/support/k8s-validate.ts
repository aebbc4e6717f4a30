// Validate emitted children against the Kubernetes OpenAPI schemas shipped in
// kubernetes-models (@kubernetes-models/keda for ScaledObject,
// @kubernetes-models/gateway-api for HTTPRoute), and their
// names, labels and selectors against the API server's name rules (which the
// OpenAPI schemas do not carry; ./k8s-names.ts). Throws with the validator's
// message on the first invalid child. One model per row of the
// child-kind table (src/hooks/agentruntime/child-kinds.ts): a kind without one
// does not compile, and test/manifests/child-kinds.test.ts checks that each
// model's apiVersion/kind is its row's.

import { HTTPRoute } from '@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/HTTPRoute';
import { ScaledObject } from '@kubernetes-models/keda/keda.sh/v1alpha1/ScaledObject';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Service } from 'kubernetes-models/v1/Service';
import { CHILD_KINDS, type ChildKindName } from '../../src/hooks/agentruntime/child-kinds.js';
import { dns1035Label, dns1123Label, dns1123Subdomain, labelProblems } from './k8s-names.js';

/** A kubernetes-models class: built from a plain object, it sets apiVersion/kind and validates. */
export interface ChildModel {
  new (data?: never): { apiVersion: string; kind: string; validate(): void };
}

export const CHILD_MODELS: { [K in ChildKindName]: ChildModel } = {
  deployment: Deployment as unknown as ChildModel,
  service: Service as unknown as ChildModel,
  configMap: ConfigMap as unknown as ChildModel,
  hpa: HorizontalPodAutoscaler as unknown as ChildModel,
  scaledObject: ScaledObject as unknown as ChildModel,
  pdb: PodDisruptionBudget as unknown as ChildModel,
  httpRoute: HTTPRoute as unknown as ChildModel,
  networkPolicy: NetworkPolicy as unknown as ChildModel,
};

/**
 * The rule for each kind's metadata.name. The API server takes a DNS-1123
 * subdomain for most kinds and a DNS-1035 label for a Service. Two are held to
 * a DNS label by what is built from them: a Deployment names its ReplicaSets and
 * pods (whose host names are labels; Kubernetes recommends label names), and
 * KEDA names its HPA `keda-hpa-<ScaledObject>` and writes the ScaledObject's
 * name as a label value.
 */
const NAME_RULES: { [K in ChildKindName]: (name: string) => string | undefined } = {
  deployment: dns1123Label,
  service: dns1035Label,
  configMap: dns1123Subdomain,
  hpa: dns1123Subdomain,
  scaledObject: dns1123Label,
  pdb: dns1123Subdomain,
  httpRoute: dns1123Subdomain,
  networkPolicy: dns1123Subdomain,
};
const nameRules = new Map(Object.entries(NAME_RULES).map(([name, rule]) => [CHILD_KINDS[name as ChildKindName].key, rule]));

/** Children key (`Deployment.apps/v1`) → its model. */
const models = new Map(Object.entries(CHILD_MODELS).map(([name, model]) => [CHILD_KINDS[name as ChildKindName].key, model]));

export function validateChild(child: unknown): void {
  const c = child as { apiVersion?: string; kind?: string; metadata?: { name?: unknown; ownerReferences?: unknown } };
  const key = `${c.kind}.${c.apiVersion}`;
  const Model = models.get(key);
  if (!Model) throw new Error(`no validator for child type ${key}`);
  if (typeof c.metadata?.name !== 'string' || c.metadata.name === '') throw new Error(`${key}: metadata.name is required`);
  // Metacontroller owns ownership (generateSelector); a hook must not emit ownerReferences.
  if (c.metadata.ownerReferences !== undefined) throw new Error(`${key} ${c.metadata.name}: ownerReferences must not be emitted`);
  try {
    new Model(child as never).validate();
  } catch (err) {
    throw new Error(`${key} ${c.metadata.name}: ${(err as Error).message}`);
  }
  const problems = nameProblems(key, child as Child);
  if (problems.length > 0) throw new Error(`${key} ${c.metadata.name}: ${problems.join('; ')}`);
}

interface Child {
  metadata: { name: string; namespace?: unknown; labels?: unknown };
  spec?: {
    selector?: Record<string, unknown> & { matchLabels?: unknown };
    scaleTargetRef?: { name?: unknown };
    template?: { metadata?: { labels?: unknown }; spec?: { volumes?: { configMap?: { name?: unknown }; secret?: { secretName?: unknown } }[] } };
  };
}

/** The name rules the schemas leave out: names, namespace, labels, selectors and the names children refer to. */
function nameProblems(key: string, c: Child): string[] {
  const out: string[] = [];
  const check = (where: string, rule: (v: string) => string | undefined, value: unknown): void => {
    const problem = typeof value === 'string' ? rule(value) : `not a string`;
    if (problem) out.push(`${where}: ${problem}`);
  };
  check('metadata.name', nameRules.get(key)!, c.metadata.name);
  if (c.metadata.namespace !== undefined) check('metadata.namespace', dns1123Label, c.metadata.namespace);
  out.push(...labelProblems('metadata.labels', c.metadata.labels));
  const spec = c.spec ?? {};
  if (key === CHILD_KINDS.service.key) out.push(...labelProblems('spec.selector', spec.selector));
  else if (spec.selector) out.push(...labelProblems('spec.selector.matchLabels', spec.selector.matchLabels));
  const template = spec.template;
  if (template) {
    out.push(...labelProblems('spec.template.metadata.labels', template.metadata?.labels));
    for (const [i, vol] of (template.spec?.volumes ?? []).entries()) {
      if (vol.configMap) check(`volumes[${i}].configMap.name`, dns1123Subdomain, vol.configMap.name);
      if (vol.secret) check(`volumes[${i}].secret.secretName`, dns1123Subdomain, vol.secret.secretName);
    }
  }
  if (spec.scaleTargetRef) check('spec.scaleTargetRef.name', dns1123Label, spec.scaleTargetRef.name);
  return out;
}
