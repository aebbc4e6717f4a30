// Every example of manifests/examples/ applied to the real cluster: each object
// of our kinds gets a status from its controller, each self-contained agent
// reaches Running (kwok makes its pods Ready) with its Deployment, Service and
// ConfigMap owned by it, and every child the hooks build for any example is
// accepted by the API server (server-side dry-run catches names, label values
// and fields that schema checks miss).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleUnits } from '../examples/support/files.js';
import { isKustomizeConfig, parseFile, type Obj } from '../examples/support/parse.js';
import { requirements } from '../examples/support/references.js';
import { simulate } from '../examples/support/simulate.js';
import { get, kubectl, list, namespace, waitFor, type Json } from './support/cluster.js';

const OMNIA = 'omnia.altairalabs.ai/v1alpha1';
const CHILD_RESOURCES = 'deployments,services,configmaps,horizontalpodautoscalers,scaledobjects,poddisruptionbudgets';

const slug = (name: string): string => `ex-${name.replace(/\(kustomization\)/, '').replace(/\.ya?ml$/, '').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}`.slice(0, 63);

const units = exampleUnits().map((u) => {
  const parsed = u.files.map(parseFile);
  const objects = parsed.flatMap((p) => p.docs.map((d) => d.object)).filter((o) => !isKustomizeConfig(o));
  const ns = slug(u.name);
  // Objects without a namespace land in the unit's own one, as `kubectl apply -n` would put them.
  const placed = objects.map((o) => (o.kind === 'Namespace' || o.metadata.namespace ? o : { ...o, metadata: { ...o.metadata, namespace: ns } }));
  return { name: u.name, ns, objects: placed as Obj[], external: parsed.flatMap((p) => requirements(p.header).found) };
});
const agents = units.flatMap((u) => u.objects.filter((o) => o.kind === 'AgentRuntime').map((a) => ({ unit: u, agent: a })));
const ownKinds = units.flatMap((u) => u.objects.filter((o) => o.apiVersion === OMNIA).map((o) => ({ unit: u, obj: o })));
// Cluster-wide defaults would roll every later scenario's agents: applied last, removed after.
// (A namespace's own configuration goes in with its namespace: the gateways
// example's is what the admission policy reads before admitting its agent.)
const isClusterDefaults = (o: Obj): boolean => o.kind === 'AgentRuntimeConfiguration' && o.metadata.namespace === 'omnia-system';
// The admission policy reads a namespace's configuration through an informer: an
// agent applied in the same request as that configuration can be refused with
// "no params found" until the informer has seen it. Applying again is what a user
// would do, and is idempotent; any other refusal fails at once.
const PARAMS_NOT_SEEN = 'no params found for policy binding';

describe('every example on the real cluster', () => {
  beforeAll(async () => {
    for (const u of units) {
      if (u.objects.some((o) => !o.metadata.namespace && o.kind !== 'Namespace') || u.objects.some((o) => o.metadata.namespace === u.ns)) {
        await namespace(u.ns);
      }
    }
    const ordered = units.flatMap((u) => u.objects).sort((a, b) => Number(b.kind === 'Namespace') - Number(a.kind === 'Namespace') || Number(isClusterDefaults(a)) - Number(isClusterDefaults(b)));
    const input = JSON.stringify({ apiVersion: 'v1', kind: 'List', items: ordered });
    const last = await waitFor('every example applied', async () => {
      const r = await kubectl(['apply', '-f', '-'], { input, allowFailure: true });
      return r.code === 0 || !r.stderr.includes(PARAMS_NOT_SEEN) ? r : false;
    });
    expect(last.code, last.stderr).toBe(0);
  }, 180_000);

  afterAll(async () => {
    for (const o of units.flatMap((u) => u.objects).filter(isClusterDefaults)) {
      await kubectl(['delete', 'agentruntimeconfiguration', o.metadata.name, '-n', o.metadata.namespace, '--ignore-not-found']);
    }
    const namespaces = [...new Set(units.flatMap((u) => u.objects.map((o) => (o.kind === 'Namespace' ? o.metadata.name : o.metadata.namespace))))].filter((n) => n !== 'omnia-system');
    await kubectl(['delete', 'namespace', ...namespaces, '--ignore-not-found', '--wait=false']);
  });

  it('covers every example unit and agent', () => {
    expect(units.length).toBeGreaterThanOrEqual(18);
    expect(agents.length).toBeGreaterThanOrEqual(14);
  });

  it.each(ownKinds.map(({ unit, obj }) => [`${unit.name} ${obj.kind}/${obj.metadata.name}`, obj] as const))(
    '%s: its controller wrote a status',
    async (_name, obj) => {
      const live = await waitFor(`${obj.kind}/${obj.metadata.name} status`, async () => {
        const o = await get(`${obj.kind.toLowerCase()}.omnia.altairalabs.ai`, obj.metadata.name, obj.metadata.namespace);
        return (o?.status?.conditions?.length ?? 0) > 0 ? o : undefined;
      }, 90_000);
      expect(live.status.conditions.length).toBeGreaterThan(0);
    },
  );

  it.each(agents.map(({ unit, agent }) => [`${unit.name} ${agent.metadata.name}`, unit, agent] as const))(
    '%s: children owned by the agent, Running when self-contained',
    async (_name, unit, agent) => {
      const selfContained = unit.external.length === 0;
      const ns = agent.metadata.namespace;
      const live: Json = await waitFor(`AgentRuntime ${ns}/${agent.metadata.name} ${selfContained ? 'Running' : 'status'}`, async () => {
        const o = await get('agentruntime', agent.metadata.name, ns);
        return (selfContained ? o?.status?.phase === 'Running' : !!o?.status?.phase) ? o : undefined;
      }, 120_000);
      const owned = (await list(CHILD_RESOURCES, ns)).filter((c: Json) => (c.metadata.ownerReferences ?? []).some((r: Json) => r.uid === live.metadata.uid && r.controller));
      const kinds = owned.map((c: Json) => c.kind);
      if (live.status.phase !== 'Failed') expect(kinds).toEqual(expect.arrayContaining(['Deployment', 'Service', 'ConfigMap']));
      if (selfContained) {
        const deployment = owned.find((c: Json) => c.kind === 'Deployment');
        expect(deployment.status.readyReplicas ?? 0).toBeGreaterThan(0);
      }
    },
  );

  it('every child of every example, as the hooks build it, passes server-side dry-run', async () => {
    const ns = await namespace('ex-dry-run');
    const now = new Date();
    let checked = 0;
    const kinds = new Set<string>();
    for (const u of units) {
      for (const { agent, response } of simulate(u.objects, now)) {
        const items = response.children.map((child) => ({ ...child, metadata: { ...child.metadata, namespace: ns } }));
        const r = await kubectl(['create', '--dry-run=server', '-f', '-'], { input: JSON.stringify({ apiVersion: 'v1', kind: 'List', items }), allowFailure: true });
        expect(r.stderr, `${u.name} ${agent.metadata.name}`).toBe('');
        expect(r.stdout.trim().split('\n')).toHaveLength(items.length);
        for (const child of items) kinds.add(child.kind);
        checked += items.length;
      }
    }
    expect([...kinds].sort()).toEqual(expect.arrayContaining(['ConfigMap', 'Deployment', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'ScaledObject', 'Service']));
    expect(checked).toBeGreaterThan(40);
  }, 240_000);
});
