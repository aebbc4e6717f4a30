// The kinds of object an AgentRuntime owns, declared once. From this table come
// the children keys (`T`), the order of the children in a response, the KEDA-
// style "not enabled" check in sync.ts, the CompositeController's
// childResources and one kustomize component per optional kind (both written by
// `npm run generate`), and the test validators (test/support/k8s-validate.ts).
//
// Adding a child kind: a row here, its builder (called from sync.ts), a
// validator in test/support/k8s-validate.ts, then `npm run generate`. An
// optional kind (its CRDs may be missing from a cluster) gets a component under
// manifests/components/<option>/ that the default install includes.
//
// No runtime imports: constants.ts derives `T` from this file and the builders
// import constants.ts, so builders are named here, not imported.

import type { AgentSpec } from './spec.js';

/** Metacontroller's update strategies for a child resource. */
export type UpdateMethod = 'OnDelete' | 'Recreate' | 'InPlace' | 'RollingRecreate' | 'RollingInPlace';

/** A child kind that only exists where the cluster has the CRDs behind it. */
export interface OptionalKind {
  /** Name of the option: the kustomize component manifests/components/<option>/ declares the kind. */
  option: string;
  /** What the cluster needs, as the status names it (`KEDA`). */
  needs: string;
  /** Condition reason when an agent asks for the kind and the controller does not declare it. */
  reason: string;
  /** What the agent asked for, as the status names it. */
  asked: string;
  /** Whether this spec asks for a child of this kind. */
  wanted(spec: AgentSpec): boolean;
}

export interface ChildKind {
  /** `<kind>.<apiVersion>`: the key of Metacontroller's children map. */
  key: string;
  apiVersion: string;
  kind: string;
  /** Plural resource name, as the CompositeController's childResources name it. */
  resource: string;
  updateStrategy: UpdateMethod;
  /** Rank in a response's children (then by name), so responses are byte-identical. */
  order: number;
  /** Which function in this folder builds it: `<file>#<export>`. */
  builder: string;
  optional?: OptionalKind;
}

type Row = Omit<ChildKind, 'key'>;
const row = <R extends Row>(r: R): R & { key: string } => ({ key: `${r.kind}.${r.apiVersion}`, ...r });

// InPlace everywhere: the default (OnDelete) would never roll a changed
// PromptPack, provider or image into running Deployments. Rows are in the order
// the CompositeController declares them.
export const CHILD_KINDS = {
  deployment: row({ apiVersion: 'apps/v1', kind: 'Deployment', resource: 'deployments', updateStrategy: 'InPlace', order: 2, builder: 'children/deployment.ts#buildDeployment' }),
  service: row({ apiVersion: 'v1', kind: 'Service', resource: 'services', updateStrategy: 'InPlace', order: 1, builder: 'children/service.ts#buildService' }),
  configMap: row({ apiVersion: 'v1', kind: 'ConfigMap', resource: 'configmaps', updateStrategy: 'InPlace', order: 0, builder: 'children/configmap.ts#buildConfigMap' }),
  hpa: row({ apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', resource: 'horizontalpodautoscalers', updateStrategy: 'InPlace', order: 3, builder: 'children/autoscaling.ts#buildHpa' }),
  scaledObject: row({
    apiVersion: 'keda.sh/v1alpha1',
    kind: 'ScaledObject',
    resource: 'scaledobjects',
    updateStrategy: 'InPlace',
    order: 4,
    builder: 'children/autoscaling.ts#buildScaledObject',
    // Metacontroller cannot watch a resource whose CRD is missing (the whole
    // controller would stall), so clusters without KEDA leave this kind out and
    // agents asking for it get a Failed status instead.
    optional: {
      option: 'keda',
      needs: 'KEDA',
      reason: 'KedaNotEnabled',
      asked: 'autoscaling type keda',
      wanted: (spec) => spec.runtime.autoscaling.enabled && spec.runtime.autoscaling.type === 'keda',
    },
  }),
  pdb: row({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', resource: 'poddisruptionbudgets', updateStrategy: 'InPlace', order: 5, builder: 'children/pdb.ts#buildPdb' }),
  httpRoute: row({
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    resource: 'httproutes',
    updateStrategy: 'InPlace',
    order: 6,
    builder: 'children/httproute.ts#buildHttpRoute',
    // Like KEDA: clusters without the Gateway API CRDs leave this kind out.
    // An agent that is not exposed has no Service to route to, so it asks for no route.
    optional: {
      option: 'gateway-api',
      needs: 'the Gateway API',
      reason: 'GatewayApiNotEnabled',
      asked: 'spec.gatewayRoute',
      wanted: (spec) => spec.gatewayRoute !== undefined && spec.agentNetwork.expose,
    },
  }),
  // Only in namespaces that require gateways (resolve/gateways.ts). Not an
  // `optional` kind: the NetworkPolicy API is in every cluster (enforcing it
  // needs a network plugin that implements NetworkPolicy).
  networkPolicy: row({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    resource: 'networkpolicies',
    updateStrategy: 'InPlace',
    order: 7,
    builder: 'children/networkpolicy.ts#buildNetworkPolicy',
  }),
};

export type ChildKindName = keyof typeof CHILD_KINDS;

/** Every child kind, in the order the CompositeController declares them. */
export const childKinds: readonly ChildKind[] = Object.values(CHILD_KINDS);

/** The kinds that need something the cluster may lack. */
export const optionalKinds: readonly (ChildKind & { optional: OptionalKind })[] = childKinds.filter(
  (k): k is ChildKind & { optional: OptionalKind } => k.optional !== undefined,
);

/** Child kind name → its children key (`T.deployment`…). */
export const CHILD_KEYS = Object.fromEntries(Object.entries(CHILD_KINDS).map(([name, k]) => [name, k.key])) as Record<ChildKindName, string>;

/** Children keys in response order. */
export const CHILD_ORDER: readonly string[] = [...childKinds].sort((a, b) => a.order - b.order).map((k) => k.key);

/** Children key → rank in a response; kinds not in the table rank last. */
export const CHILD_RANK: ReadonlyMap<string, number> = new Map(CHILD_ORDER.map((key, i) => [key, i]));

/** The status message when a spec asks for an optional kind the controller does not declare. */
export function notEnabledMessage(k: ChildKind & { optional: OptionalKind }): string {
  const o = k.optional;
  return `${o.asked} asked for, but ${o.needs} isn't enabled for the controller (its child resources do not include ${k.key}; install ${o.needs} and enable it in the CompositeController)`;
}
