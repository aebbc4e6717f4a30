// Validate emitted children against the Kubernetes OpenAPI schemas shipped in
// kubernetes-models (and @kubernetes-models/keda for ScaledObject). Throws with
// the validator's message on the first invalid child. One model per row of the
// child-kind table (src/hooks/agentruntime/child-kinds.ts): a kind without one
// does not compile, and test/manifests/child-kinds.test.ts checks that each
// model's apiVersion/kind is its row's.

import { ScaledObject } from '@kubernetes-models/keda/keda.sh/v1alpha1/ScaledObject';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Service } from 'kubernetes-models/v1/Service';
import { CHILD_KINDS, type ChildKindName } from '../../src/hooks/agentruntime/child-kinds.js';

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
};

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
}
