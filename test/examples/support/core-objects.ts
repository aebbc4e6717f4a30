// Core Kubernetes objects in examples, validated with the OpenAPI validators of
// kubernetes-models (and @kubernetes-models/keda), plus the two things those
// validators let through that `kubectl apply` (strict field validation) or the
// API server would refuse: unknown top-level fields of common kinds and invalid
// metadata.

import * as kedaV1alpha1 from '@kubernetes-models/keda/keda.sh/v1alpha1';
import * as appsV1 from 'kubernetes-models/apps/v1';
import * as autoscalingV2 from 'kubernetes-models/autoscaling/v2';
import * as batchV1 from 'kubernetes-models/batch/v1';
import * as networkingV1 from 'kubernetes-models/networking.k8s.io/v1';
import * as policyV1 from 'kubernetes-models/policy/v1';
import * as rbacV1 from 'kubernetes-models/rbac.authorization.k8s.io/v1';
import * as coreV1 from 'kubernetes-models/v1';
import type { Obj } from './parse.js';
import { dns1035Label, dns1123Label, dns1123Subdomain } from '../../support/k8s-names.js';

const MODULES: Record<string, Record<string, unknown>> = {
  v1: coreV1,
  'apps/v1': appsV1,
  'autoscaling/v2': autoscalingV2,
  'batch/v1': batchV1,
  'networking.k8s.io/v1': networkingV1,
  'policy/v1': policyV1,
  'rbac.authorization.k8s.io/v1': rbacV1,
  'keda.sh/v1alpha1': kedaV1alpha1,
};

type Model = new (data: unknown) => { validate(): void };

/** The kubernetes-models class for apiVersion/kind, if there is one. */
export function modelFor(apiVersion: unknown, kind: unknown): Model | undefined {
  const mod = typeof apiVersion === 'string' ? MODULES[apiVersion] : undefined;
  const cls = mod && typeof kind === 'string' ? mod[kind] : undefined;
  return typeof cls === 'function' && typeof (cls as { prototype?: { validate?: unknown } }).prototype?.validate === 'function'
    ? (cls as Model)
    : undefined;
}

/** Top-level fields of kinds examples commonly hold: a typo (`stringdata`) would be dropped or refused. */
const TOP_LEVEL: Record<string, string[]> = {
  'v1/Namespace': ['spec'],
  'v1/ConfigMap': ['data', 'binaryData', 'immutable'],
  'v1/Secret': ['type', 'data', 'stringData', 'immutable'],
  'v1/Service': ['spec'],
  'v1/ServiceAccount': ['secrets', 'imagePullSecrets', 'automountServiceAccountToken'],
  'apps/v1/Deployment': ['spec'],
  'keda.sh/v1alpha1/TriggerAuthentication': ['spec'],
};

const CLUSTER_SCOPED = new Set(['v1/Namespace', 'rbac.authorization.k8s.io/v1/ClusterRole', 'rbac.authorization.k8s.io/v1/ClusterRoleBinding', 'keda.sh/v1alpha1/ClusterTriggerAuthentication']);

/** Fields an example may set in metadata; the rest is the server's (uid, resourceVersion…) or not for apply (generateName). */
const METADATA_FIELDS = new Set(['name', 'namespace', 'labels', 'annotations']);

export function metadataProblems(o: Obj): string[] {
  const problems: string[] = [];
  const meta = o.metadata as unknown;
  if (meta === null || typeof meta !== 'object' || Array.isArray(meta)) return ['metadata is missing'];
  const m = meta as Obj;
  for (const key of Object.keys(m)) if (!METADATA_FIELDS.has(key)) problems.push(`metadata.${key} does not belong in an example`);
  const name = m.name;
  if (typeof name !== 'string' || name === '') problems.push('metadata.name is required');
  else if (dns1123Subdomain(name)) problems.push(`metadata.name "${name}" is not a DNS subdomain`);
  else if (o.kind === 'AgentRuntime' && dns1035Label(name)) {
    // Any subdomain works (children/names.ts shortens), but an example shows the conventional names.
    problems.push(`metadata.name "${name}" must be a DNS-1035 label (≤63, starts with a letter) so that it names the agent's Service as it is`);
  }
  const key = `${String(o.apiVersion)}/${String(o.kind)}`;
  if (m.namespace !== undefined) {
    if (CLUSTER_SCOPED.has(key)) problems.push(`${key} is cluster-scoped: remove metadata.namespace`);
    else if (typeof m.namespace !== 'string' || dns1123Label(m.namespace)) {
      problems.push(`metadata.namespace "${String(m.namespace)}" is not a DNS label`);
    }
  }
  for (const field of ['labels', 'annotations'] as const) {
    const map = m[field] as unknown;
    if (map === undefined) continue;
    if (map === null || typeof map !== 'object' || Array.isArray(map)) problems.push(`metadata.${field} must be a map`);
    else for (const [k, v] of Object.entries(map)) if (typeof v !== 'string') problems.push(`metadata.${field}.${k} must be a string`);
  }
  return problems;
}

/** Problems of a non-omnia object (empty when valid). */
export function coreObjectProblems(o: Obj): string[] {
  const key = `${String(o.apiVersion)}/${String(o.kind)}`;
  const Model = modelFor(o.apiVersion, o.kind);
  if (!Model) return [`no validator for ${key}: examples hold omnia kinds and core kinds known to kubernetes-models`];
  const problems = metadataProblems(o);
  const known = TOP_LEVEL[key];
  if (known) {
    for (const field of Object.keys(o)) {
      if (!['apiVersion', 'kind', 'metadata', ...known].includes(field)) problems.push(`unknown field "${field}" in ${key}`);
    }
  }
  try {
    new Model(o).validate();
  } catch (err) {
    problems.push(`${key}: ${(err as Error).message}`);
  }
  return problems;
}
