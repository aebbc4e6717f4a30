// A tiny stand-in for what Metacontroller does between syncs, so rollout
// tests can feed a response back as the next request: the status becomes the
// parent's status, desired children become observed children (with the
// controller-uid label, an owner reference and the last-applied annotation),
// and the agents' Services (related by the pack label) list what their
// Deployments run: what the status of the previous sync said — the
// AgentRuntime hook has caught up by then.
import type { CompositeSyncResponse, KubeObject, ObjectMap } from '../../../src/hooks/metacontroller.js';

export const NS = 'agents';
export const UID = '0d7f3c1e-1111-4a2b-9c3d-5e6f7a8b9c0d';

export function packText(version: string, extraPrompt = false): string {
  const prompts: Record<string, unknown> = {
    support: { id: 'support', name: 'Support Agent', version, system_template: 'You help customers of {{company}}.' },
  };
  if (extraPrompt) prompts.billing = { id: 'billing', name: 'Billing', version, system_template: 'You answer billing questions.' };
  return `${JSON.stringify({ id: 'customer-support', name: 'Customer Support', version, template_engine: { version: 'v1', syntax: '{{variable}}' }, prompts }, null, 2)}\n`;
}

/** Valid JSON that the PromptPack schema rejects (no template_engine, unknown field). */
export function invalidPackText(version: string): string {
  return JSON.stringify({ id: 'customer-support', name: 'Broken', version, prompts: {}, temperature: 2 });
}

export interface World {
  spec: Record<string, unknown>;
  status?: Record<string, unknown>;
  /** The pack status the agents' Services and Deployments were last built from, when not `status` (e.g. a status lost in a restore). */
  deployedFrom?: Record<string, unknown>;
  children: KubeObject[];
  source?: Record<string, string>;
  agents: KubeObject[];
  /** The agents' Services as the AgentRuntime hook last answered them, when a test runs that hook too (else derived from `agents`). */
  services?: KubeObject[];
  /** Set while the PromptPack is being deleted: the request is then a finalize request. */
  deletionTimestamp?: string;
}

export function requestOf(world: World): unknown {
  const parent: KubeObject = {
    apiVersion: 'omnia.altairalabs.ai/v1alpha1',
    kind: 'PromptPack',
    metadata: { name: 'customer-support', namespace: NS, uid: UID, generation: 1, ...(world.deletionTimestamp ? { deletionTimestamp: world.deletionTimestamp } : {}) },
    spec: world.spec,
  };
  if (world.status) parent.status = world.status;
  const related: ObjectMap = { 'ConfigMap.v1': {}, 'Service.v1': {} };
  if (world.source) {
    related['ConfigMap.v1'] = {
      [`${NS}/support-prompts`]: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'support-prompts', namespace: NS }, data: world.source },
    };
  }
  const services = world.services ?? world.agents.flatMap((a) => serviceOf(a, world.deployedFrom ?? world.status));
  for (const s of services) related['Service.v1']![`${NS}/${s.metadata.name}`] = { ...s, metadata: { ...s.metadata, namespace: NS } };
  const children: ObjectMap = { 'ConfigMap.v1': {} };
  for (const c of world.children) children['ConfigMap.v1']![`${NS}/${c.metadata.name}`] = c;
  return { controller: {}, parent, children, related, finalizing: world.deletionTimestamp !== undefined };
}

/** Apply a response the way Metacontroller would: status replaced, children made live. */
export function apply(world: World, response: CompositeSyncResponse): World {
  const children = response.children.map((desired, i) => {
    const live = structuredClone(desired);
    live.metadata.labels = { ...(live.metadata.labels ?? {}), 'controller-uid': UID };
    live.metadata.annotations = {
      ...(live.metadata.annotations ?? {}),
      'metacontroller.k8s.io/last-applied-configuration': JSON.stringify(desired),
    };
    live.metadata.resourceVersion = String(1000 + i);
    live.metadata.ownerReferences = [
      { apiVersion: 'omnia.altairalabs.ai/v1alpha1', kind: 'PromptPack', name: 'customer-support', uid: UID, controller: true },
    ];
    return live;
  });
  return { ...world, status: response.status, deployedFrom: undefined, children };
}

/**
 * The Service the AgentRuntime hook would build for an agent of this pack, as
 * PromptPack customize relates it (by the pack label), listing the versions its
 * Deployments run: the pinned version, or status.active plus status.canary;
 * none before the pack has an active version.
 */
function serviceOf(agentRuntime: KubeObject, status: Record<string, unknown> | undefined): KubeObject[] {
  const ref = (agentRuntime.spec as { promptPackRef: { name: string; version?: string } }).promptPackRef;
  if (ref.name !== 'customer-support') return [];
  const versionOf = (field: string) => (status?.[field] as { version?: string } | undefined)?.version;
  const active = versionOf('active');
  const canary = versionOf('canary');
  const versions = ref.version ? [ref.version] : active ? [active, ...(canary ? [canary] : [])] : [];
  if (versions.length === 0) return [];
  return [
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        name: agentRuntime.metadata.name,
        namespace: NS,
        labels: { 'app.kubernetes.io/instance': agentRuntime.metadata.name, 'omnia.altairalabs.ai/promptpack': ref.name },
        annotations: { 'omnia.altairalabs.ai/promptpack-versions': [...new Set(versions)].sort().join(',') },
      },
    },
  ];
}

export function agent(name: string, version?: string): KubeObject {
  return {
    apiVersion: 'omnia.altairalabs.ai/v1alpha1',
    kind: 'AgentRuntime',
    metadata: { name, namespace: NS },
    spec: { promptPackRef: { name: 'customer-support', ...(version ? { version } : {}) } },
  };
}
