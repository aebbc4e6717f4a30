// The user's say over the agent pod, applied to the template the hook built, in
// this order (later wins): our template → the first-class fields
// (facade/framework env, envFrom and securityContext; runtime.imagePullSecrets,
// serviceAccountName, podLabels, podAnnotations, podSecurityContext) → the
// spec.podSpec strategic merge patch. The first-class fields are themselves
// written as a strategic merge patch, so both follow one set of rules.
//
// What the hook states stays the hook's: our label and annotation keys win (the
// labels select the pods, the annotations roll them), and the env the hook sets
// cannot be changed (it is the pod contract, and a changed OMNIA_PROVIDER_MODEL
// would step around a Provider's model allow-list). The result is validated as a
// core/v1 PodSpec; a problem is reported with the JSON path it was found at.

import { createRequire } from 'node:module';
import type { PodSpec as PodSpecModel } from 'kubernetes-models/v1/PodSpec';
import { sortKeys } from '../../../shared/canonical-json.js';
import { isObject, type Json } from '../../../shared/json.js';
import type { AgentSpec } from '../spec.js';
import { CONTAINER_FIELDS, POD_SPEC_FIELDS } from './patch-keys.js';
import { PatchError, strategicMerge } from './pod-patch.js';

// The PodSpec validator takes about as long to load as the rest of the hooks
// together, and only a spec that customises the pod needs it: it is loaded on
// first use (once per process), not at the hook server's start.
const load = createRequire(import.meta.url);
let podSpecModel: typeof PodSpecModel | undefined;
const PodSpec = (): typeof PodSpecModel => (podSpecModel ??= (load('kubernetes-models/v1/PodSpec') as { PodSpec: typeof PodSpecModel }).PodSpec);

export interface PodTemplate {
  metadata: { annotations: Record<string, string>; labels: Record<string, string> };
  spec: Json;
}

export type CustomPod = { template: PodTemplate } | { invalid: string };

/** True when the spec asks for any change to the pod (else the template is used as built, unvalidated). */
export function customises(spec: AgentSpec): boolean {
  const { facade, framework, runtime } = spec;
  return [
    spec.podSpec,
    facade.env,
    facade.envFrom,
    facade.securityContext,
    framework.env,
    framework.envFrom,
    framework.securityContext,
    runtime.imagePullSecrets,
    runtime.serviceAccountName,
    runtime.podLabels,
    runtime.podAnnotations,
    runtime.podSecurityContext,
  ].some((v) => v !== undefined);
}

export function customisePod(base: PodTemplate, spec: AgentSpec): CustomPod {
  if (!customises(spec)) return { template: base };
  const r = spec.runtime;
  const metadata = {
    annotations: sortKeys({ ...r.podAnnotations, ...base.metadata.annotations }) as Record<string, string>,
    labels: sortKeys({ ...r.podLabels, ...base.metadata.labels }) as Record<string, string>,
  };
  try {
    const ours = ourEnv(base.spec);
    let pod = strategicMerge(base.spec, firstClassPatch(base.spec, spec), 'PodSpec', 'spec');
    checkOurEnv(pod, ours, (c) => (c === 'facade' ? 'spec.facade.env' : 'spec.framework.env'));
    if (spec.podSpec) {
      pod = strategicMerge(pod, spec.podSpec, 'PodSpec', 'spec.podSpec');
      checkOurEnv(pod, ours, () => 'spec.podSpec');
    }
    const problem = podSpecProblem(pod);
    if (problem) return { invalid: `spec.podSpec: the resulting pod spec is invalid: ${problem}` };
    return { template: { metadata, spec: sortKeys(pod) as Json } };
  } catch (e) {
    if (e instanceof PatchError) return { invalid: e.message };
    throw e;
  }
}

/** The first-class fields as one patch; a container the template lacks is not addressed (no runtime → framework.* unused). */
function firstClassPatch(pod: Json, spec: AgentSpec): Json {
  const present = new Set(containersOf(pod).map((c) => c.name));
  const containers: Json[] = [];
  const container = (name: string, f: { env?: Json[]; envFrom?: Json[]; securityContext?: Json }): void => {
    if (!present.has(name) || (f.env ?? f.envFrom ?? f.securityContext) === undefined) return;
    containers.push({
      name,
      ...(f.env ? { env: f.env } : {}),
      // envFrom is atomic in the real patch strategy; the hook writes none, so ours are kept by appending.
      ...(f.envFrom ? { envFrom: [...envFromOf(pod, name), ...f.envFrom] } : {}),
      ...(f.securityContext ? { securityContext: f.securityContext } : {}),
    });
  };
  container('facade', spec.facade);
  container('runtime', spec.framework);
  const r = spec.runtime;
  return {
    ...(containers.length > 0 ? { containers } : {}),
    ...(r.imagePullSecrets ? { imagePullSecrets: r.imagePullSecrets } : {}),
    ...(r.serviceAccountName ? { serviceAccountName: r.serviceAccountName } : {}),
    ...(r.podSecurityContext ? { securityContext: r.podSecurityContext } : {}),
  };
}

function containersOf(pod: Json): Json[] {
  return Array.isArray(pod.containers) ? pod.containers.filter(isObject) : [];
}

function envFromOf(pod: Json, name: string): unknown[] {
  const c = containersOf(pod).find((x) => x.name === name);
  return Array.isArray(c?.envFrom) ? c.envFrom : [];
}

/** container name → (env name → the entry as the hook wrote it). */
function ourEnv(pod: Json): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  for (const c of containersOf(pod)) {
    const env = Array.isArray(c.env) ? c.env.filter(isObject) : [];
    out.set(String(c.name), new Map(env.map((e) => [String(e.name), JSON.stringify(sortKeys(e))])));
  }
  return out;
}

function checkOurEnv(pod: Json, ours: Map<string, Map<string, string>>, source: (container: string) => string): void {
  for (const c of containersOf(pod)) {
    const theirs = ourEnv({ containers: [c] }).get(String(c.name));
    for (const [name, entry] of ours.get(String(c.name)) ?? []) {
      if (theirs?.get(name) !== entry) {
        throw new PatchError(source(String(c.name)), `container ${String(c.name)}: ${name} is set by the hook and cannot be changed or removed (set it through its spec field; docs/env.md)`);
      }
    }
  }
}

/** The first problem of a pod spec: the API's schema, then the cross-field rules the API server checks. */
export function podSpecProblem(pod: Json): string | undefined {
  const unknown = Object.keys(pod).find((k) => !POD_SPEC_FIELDS.has(k));
  if (unknown) return `${unknown}: not a PodSpec field${unknown === 'replicas' ? ' (replicas are spec.runtime.replicas)' : ''}`;
  try {
    new (PodSpec())(pod as never).validate();
  } catch (e) {
    const errors = (e as { errors?: { instancePath?: string; message?: string }[] }).errors;
    const first = errors?.[0];
    // The path and the rule only: a value could be a secret.
    if (first) return `${jsonPath(pod, first.instancePath ?? '')} ${first.message ?? 'is invalid'}`;
    return 'does not validate as a core/v1 PodSpec';
  }
  const all = ['initContainers', 'containers', 'ephemeralContainers'].flatMap((k) =>
    (Array.isArray(pod[k]) ? (pod[k] as unknown[]) : []).map((c, i) => ({ c: c as Json, at: `${k}${item(c, i)}` })),
  );
  if (!Array.isArray(pod.containers) || pod.containers.length === 0) return 'containers must hold at least one container';
  const names = new Set<unknown>();
  const volumes = new Set((Array.isArray(pod.volumes) ? pod.volumes : []).map((v) => (v as Json).name));
  if (volumes.size !== (Array.isArray(pod.volumes) ? pod.volumes.length : 0)) return 'volumes: two volumes have the same name';
  for (const { c, at } of all) {
    const field = Object.keys(c).find((k) => !CONTAINER_FIELDS.has(k));
    if (field) return `${at}.${field}: not a Container field`;
    // The API server requires an image of every container of a pod template.
    if (typeof c.image !== 'string' || c.image === '') return `${at}.image: required`;
    if (names.has(c.name)) return `${at}.name: two containers are named ${String(c.name)}`;
    names.add(c.name);
    const mounts = Array.isArray(c.volumeMounts) ? (c.volumeMounts as Json[]) : [];
    const bad = mounts.findIndex((m) => !volumes.has(m.name));
    if (bad >= 0) return `${at}.volumeMounts[${bad}].name: no volume named ${String(mounts[bad]!.name)}`;
  }
  return undefined;
}

/**
 * A list item as the patch addresses it: `[name=facade]` for an item with a
 * name (containers, volumes and env merge by name), else its index.
 */
function item(value: unknown, index: number | string): string {
  return isObject(value) && typeof value.name === 'string' && value.name !== '' ? `[name=${value.name}]` : `[${index}]`;
}

/** `/containers/0/env/1/name` → `containers[name=facade].env[name=TOKEN].name`, read against the pod spec it points into. */
function jsonPath(pod: Json, pointer: string): string {
  const parts = pointer.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (parts.length === 0) return '(the pod spec)';
  let at: unknown = pod;
  let out = '';
  for (const part of parts) {
    const next = Array.isArray(at) && /^\d+$/.test(part) ? at[Number(part)] : isObject(at) ? at[part] : undefined;
    out += Array.isArray(at) ? item(next, part) : `${out === '' ? '' : '.'}${part}`;
    at = next;
  }
  return out;
}
