// Validate emitted children against the Kubernetes OpenAPI schemas shipped in
// kubernetes-models (and @kubernetes-models/keda for ScaledObject). Throws with
// the validator's message on the first invalid child.

import { ScaledObject } from '@kubernetes-models/keda/keda.sh/v1alpha1/ScaledObject';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Service } from 'kubernetes-models/v1/Service';

type Validator = (obj: unknown) => void;

const validators: Record<string, Validator> = {
  'apps/v1/Deployment': (o) => new Deployment(o as never).validate(),
  'v1/Service': (o) => new Service(o as never).validate(),
  'v1/ConfigMap': (o) => new ConfigMap(o as never).validate(),
  'autoscaling/v2/HorizontalPodAutoscaler': (o) => new HorizontalPodAutoscaler(o as never).validate(),
  'policy/v1/PodDisruptionBudget': (o) => new PodDisruptionBudget(o as never).validate(),
  'keda.sh/v1alpha1/ScaledObject': (o) => new ScaledObject(o as never).validate(),
};

export function validateChild(child: unknown): void {
  const c = child as { apiVersion?: string; kind?: string; metadata?: { name?: unknown; ownerReferences?: unknown } };
  const key = `${c.apiVersion}/${c.kind}`;
  const validate = validators[key];
  if (!validate) throw new Error(`no validator for child type ${key}`);
  if (typeof c.metadata?.name !== 'string' || c.metadata.name === '') throw new Error(`${key}: metadata.name is required`);
  // Metacontroller owns ownership (generateSelector); a hook must not emit ownerReferences.
  if (c.metadata.ownerReferences !== undefined) throw new Error(`${key} ${c.metadata.name}: ownerReferences must not be emitted`);
  try {
    validate(child);
  } catch (err) {
    throw new Error(`${key} ${c.metadata.name}: ${(err as Error).message}`);
  }
}
