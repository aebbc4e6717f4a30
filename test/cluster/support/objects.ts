// Small builders of the objects the scenarios apply: a PromptPack with its
// source ConfigMap, a mock Provider, an agent on them; and reads of what the
// cluster made of them (ReplicaSets of a Deployment, the ConfigMaps a pod
// template mounts).
import { get, kubectl, list, type Json } from './cluster.js';

const OMNIA = 'omnia.altairalabs.ai/v1alpha1';

/** The source ConfigMap of a pack; the pack declares `version` itself. */
export function packSource(name: string, version: string, prompt: string): Json {
  const pack = {
    id: name,
    name,
    version,
    template_engine: { version: 'v1', syntax: '{{variable}}' },
    prompts: { default: { id: 'default', name: 'Default', version, system_template: prompt } },
  };
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `${name}-source` }, data: { 'pack.json': JSON.stringify(pack, null, 2) } };
}

export function promptPack(name: string, version: string, rollout: Json = { type: 'immediate' }): Json {
  return {
    apiVersion: OMNIA,
    kind: 'PromptPack',
    metadata: { name },
    spec: { version, source: { type: 'configmap', configMapRef: { name: `${name}-source`, key: 'pack.json' } }, rollout },
  };
}

export function mockProvider(name: string): Json {
  return { apiVersion: OMNIA, kind: 'Provider', metadata: { name }, spec: { type: 'mock' } };
}

export function agent(name: string, pack: string, provider: string, extra: Json = {}): Json {
  const { promptPackRef, runtime, ...rest } = extra;
  return {
    apiVersion: OMNIA,
    kind: 'AgentRuntime',
    metadata: { name },
    spec: {
      promptPackRef: { name: pack, ...promptPackRef },
      providerRef: { name: provider },
      facade: { auth: { allowUnauthenticated: true } },
      runtime: { replicas: 1, ...runtime },
      ...rest,
    },
  };
}

/** ReplicaSets the Deployment controller made for `deployment` (one per pod template it ran). */
export async function replicaSetsOf(deployment: string, namespace: string): Promise<Json[]> {
  const d = await get('deployment', deployment, namespace);
  if (!d) return [];
  return (await list('replicasets', namespace)).filter((rs: Json) => (rs.metadata.ownerReferences ?? []).some((r: Json) => r.uid === d.metadata.uid));
}

/** True once the Deployment runs its current template on every replica, all Ready. */
export function rolledOut(d: Json | undefined): boolean {
  if (!d) return false;
  const want = d.spec.replicas ?? 1;
  const s = d.status ?? {};
  return s.observedGeneration === d.metadata.generation && s.updatedReplicas === want && s.readyReplicas === want && (s.replicas ?? 0) === want;
}

/** Names of the ConfigMaps a pod template needs to start (volumes and projected sources not marked optional). */
export function mountedConfigMaps(template: Json): string[] {
  const names: string[] = [];
  for (const v of template.spec.volumes ?? []) {
    if (v.configMap && !v.configMap.optional) names.push(v.configMap.name);
    for (const s of v.projected?.sources ?? []) if (s.configMap && !s.configMap.optional) names.push(s.configMap.name);
  }
  return [...new Set(names)].sort();
}

export async function missingConfigMaps(names: string[], namespace: string): Promise<string[]> {
  const r = await kubectl(['get', 'configmaps', '-n', namespace, '-o', 'jsonpath={.items[*].metadata.name}']);
  const present = new Set(r.stdout.split(/\s+/));
  return names.filter((n) => !present.has(n));
}
