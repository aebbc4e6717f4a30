// The dependency gate (src/hooks/agentruntime/status/dependencies.ts) beyond
// the golden files: a running Deployment is never removed because a dependency
// went away, in either mode; under waitForDependencies false a soft dependency
// is wired in once it appears; linkedResources say what each reference
// resolved to.

import { describe, expect, it } from 'vitest';
import { gate, type Gate } from '../../../src/hooks/agentruntime/status/dependencies.js';
import type { Problem } from '../../../src/hooks/agentruntime/status/problems.js';
import type { AgentSpec } from '../../../src/hooks/agentruntime/spec.js';
import { sync } from '../../../src/hooks/agentruntime/sync.js';
import type { KubeObject, ObjectMap } from '../../../src/hooks/metacontroller.js';
import { readJson } from '../support/golden.js';
import { fixture, NOW } from './fixtures.js';

type Json = Record<string, any>;
type Req = { parent: Json; children: ObjectMap; related: ObjectMap };
type Res = { status: Json; children: KubeObject[] };

const GV = 'omnia.altairalabs.ai/v1alpha1';
const load = (name: string): Req => readJson(fixture(name, 'request.json')) as Req;
const run = (req: Req): Res => sync(req, NOW) as Res;
const kinds = (res: Res): string[] => res.children.map((c) => `${c.kind}/${c.metadata.name}`);
const cond = (res: Res, type: string): Json => res.status.conditions.find((c: Json) => c.type === type);

describe('gate', () => {
  const missing = (condition: Problem['condition']): Problem => ({ condition, reason: 'NotFound', message: `${condition} missing`, severity: 'pending' });
  const names = (g: Gate) => ({
    holding: g.holding.map((p) => p.condition),
    waitingFor: g.waitingFor.map((p) => p.condition),
    tolerated: g.tolerated.map((p) => p.condition),
    unserved: g.unserved.map((p) => p.condition),
  });
  const spec = (waitForDependencies: boolean, handler = 'runtime') => ({ waitForDependencies, facade: { handler } }) as unknown as AgentSpec;
  const all = [missing('PromptPackReady'), missing('ProviderReady'), missing('ToolRegistryReady')];

  it('true: every missing dependency holds the rollout', () => {
    expect(names(gate(all, { spec: spec(true) }))).toEqual({
      holding: ['PromptPackReady', 'ProviderReady', 'ToolRegistryReady'],
      waitingFor: ['PromptPackReady', 'ProviderReady', 'ToolRegistryReady'],
      tolerated: [],
      unserved: [],
    });
  });

  it('false, nothing running yet: deployed without every dependency; the pack and provider leave the pods unable to serve', () => {
    expect(names(gate(all, { spec: spec(false) }))).toEqual({
      holding: [],
      waitingFor: [],
      tolerated: ['PromptPackReady', 'ProviderReady', 'ToolRegistryReady'],
      unserved: ['PromptPackReady', 'ProviderReady'],
    });
  });

  it('false, a demo handler: its pods read neither the pack nor a provider, so they serve without them', () => {
    expect(names(gate(all, { spec: spec(false, 'demo') })).unserved).toEqual([]);
  });

  it('false with a running Deployment: held when the running pods have the dependency, rebuilt when they were deployed without it', () => {
    const withPack = gate(all, { spec: spec(false), running: new Set(['ProviderReady']) });
    expect(names(withPack)).toEqual({ holding: ['PromptPackReady'], waitingFor: ['PromptPackReady'], tolerated: ['ProviderReady', 'ToolRegistryReady'], unserved: ['ProviderReady'] });
    expect(withPack.waitingFor[0]!.message).toMatch(/the running pods keep what they run/);
  });

  it('refusals and missing Secrets are not dependencies waited for: they hold the rollout in both modes', () => {
    const refused: Problem = { condition: 'ProviderReady', reason: 'ModelNotAllowed', message: 'no', severity: 'failed' };
    const secret: Problem = { condition: 'ProviderReady', reason: 'CredentialKeyMissing', message: 'no key', severity: 'pending' };
    for (const wait of [true, false]) {
      expect(names(gate([refused, secret], { spec: spec(wait) }))).toEqual({ holding: ['ProviderReady', 'ProviderReady'], waitingFor: [], tolerated: [], unserved: [] });
    }
  });
});

describe('a running Deployment is never removed because a dependency went away', () => {
  for (const wait of [true, false]) {
    it(`PromptPack deleted under a running agent (waitForDependencies ${wait}): children kept, Running while pods serve`, () => {
      const req = load('complete-example');
      req.parent.spec.waitForDependencies = wait;
      delete req.related[`PromptPack.${GV}`];
      const res = run(req);
      expect(kinds(res)).toContain('Deployment/production-agent');
      expect(res.status.phase).toBe('Running');
      expect(res.status.ready).toBe(true);
      expect(cond(res, 'Degraded')).toMatchObject({ status: 'True', reason: 'NotFound' });
      expect(res.status.message).toMatch(/^waiting for dependencies: PromptPack customer-service-prompts not found/);
    });
  }

  it('ToolRegistry deleted under a running agent: kept as last applied (true); rebuilt without its tools (false)', () => {
    const req = load('complete-example');
    delete req.related[`ToolRegistry.${GV}`];
    const held = run(req);
    expect(held.status.phase).toBe('Running');
    expect(kinds(held)).toContain('Deployment/production-agent');
    req.parent.spec.waitForDependencies = false;
    const degraded = run(req);
    expect(kinds(degraded)).toContain('Deployment/production-agent');
    const configMap = degraded.children.find((c) => c.kind === 'ConfigMap') as Json;
    expect(JSON.parse(configMap.data['tools.json'])).toEqual({ tools: [] });
    expect(cond(degraded, 'ToolRegistryReady')).toMatchObject({ status: 'False', reason: 'NotFound' });
    expect(cond(degraded, 'Degraded')).toMatchObject({ status: 'True', reason: 'NotFound' });
  });
});

/** The answer's children as the API server returns them (the observed children of the next sync). */
function observed(res: Res): ObjectMap {
  const out: ObjectMap = {};
  for (const c of res.children) (out[`${c.kind}.${c.apiVersion}`] ??= {})[`agents/${c.metadata.name}`] = { ...c, metadata: { ...c.metadata, namespace: 'agents' } };
  return out;
}
const deployment = (res: Res): Json => res.children.find((c) => c.kind === 'Deployment') as Json;
const runtimeEnv = (res: Res, name: string): string | undefined =>
  deployment(res).spec.template.spec.containers.find((c: Json) => c.name === 'runtime').env.find((e: Json) => e.name === name)?.value;

describe('waitForDependencies false, a PromptPack or Provider missing', () => {
  it('a new agent is deployed without it: the runtime is told what is missing, its liveness only checks the port', () => {
    const res = run(load('nowait-promptpack-missing'));
    expect(runtimeEnv(res, 'OMNIA_MISSING_DEPENDENCIES')).toBe('PromptPack agents/assistant-prompts');
    const runtime = deployment(res).spec.template.spec.containers.find((c: Json) => c.name === 'runtime');
    expect(runtime.livenessProbe.tcpSocket).toEqual({ port: 'runtime-health' });
    expect(runtime.readinessProbe.httpGet.path).toBe('/healthz');
    expect(deployment(res).spec.template.spec.volumes.map((v: Json) => v.name)).not.toContain('promptpack');
    expect(res.status.phase).toBe('Pending');
  });

  it('several replicas: no PodDisruptionBudget while the pods cannot turn Ready (it would block node drains)', () => {
    const req = load('nowait-promptpack-missing');
    req.parent.spec.runtime = { replicas: 3 };
    expect(kinds(run(req)).some((k) => k.startsWith('PodDisruptionBudget/'))).toBe(false);
    req.related[`PromptPack.${GV}`] = load('nowait-provider-missing').related[`PromptPack.${GV}`]!;
    expect(kinds(run(req)).some((k) => k.startsWith('PodDisruptionBudget/'))).toBe(true);
  });

  it('both missing: both named, one Deployment', () => {
    const req = load('nowait-promptpack-missing');
    delete req.related[`Provider.${GV}`];
    const res = run(req);
    expect(runtimeEnv(res, 'OMNIA_MISSING_DEPENDENCIES')).toBe('PromptPack agents/assistant-prompts,Provider agents/claude-production');
    expect(runtimeEnv(res, 'OMNIA_PROVIDER_TYPE')).toBeUndefined();
    expect(res.status.message).toMatch(/^deployed without its PromptPack and Provider \(waitForDependencies is false\)/);
  });

  it('while still missing, a spec change reaches the pods deployed without it (they are rebuilt, not held)', () => {
    const req = load('nowait-promptpack-missing');
    const first = run(req);
    req.children = observed(first);
    req.parent.spec.config = { instructions: 'Be brief.' };
    const second = run(req);
    expect(runtimeEnv(second, 'OMNIA_MISSING_DEPENDENCIES')).toBe('PromptPack agents/assistant-prompts');
    expect(JSON.parse((second.children.find((c) => c.kind === 'ConfigMap') as Json).data['agent.json']).instructions).toBe('Be brief.');
  });

  it('the Provider appears: the pods roll onto it', () => {
    const req = load('nowait-provider-missing');
    const without = run(req);
    req.children = observed(without);
    req.related[`Provider.${GV}`] = load('nowait-promptpack-missing').related[`Provider.${GV}`]!;
    const withIt = run(req);
    expect(runtimeEnv(withIt, 'OMNIA_MISSING_DEPENDENCIES')).toBeUndefined();
    expect(runtimeEnv(withIt, 'OMNIA_PROVIDER_TYPE')).toBe('claude');
    expect(deployment(withIt).spec.template.metadata.annotations['omnia.altairalabs.ai/config-hash']).not.toBe(
      deployment(without).spec.template.metadata.annotations['omnia.altairalabs.ai/config-hash'],
    );
    expect(cond(withIt, 'ProviderReady')).toMatchObject({ status: 'True' });
  });

  it('with waitForDependencies true nothing changes: no Deployment, Waiting', () => {
    const req = load('nowait-promptpack-missing');
    req.parent.spec.waitForDependencies = true;
    const res = run(req);
    expect(res.children).toEqual([]);
    expect(res.status.phase).toBe('Waiting');
  });
});

describe('waitForDependencies false', () => {
  it('wires the ToolRegistry in once it appears: its tools reach tools.json and the pods roll', () => {
    const without = load('nowait-toolregistry-missing');
    const withIt = load('tool-registry');
    withIt.parent.spec.waitForDependencies = false;
    withIt.parent.metadata.name = without.parent.metadata.name;
    const before = run(without);
    const after = run(withIt);
    const tools = (res: Res) => JSON.parse((res.children.find((c) => c.kind === 'ConfigMap') as Json).data['tools.json']).tools.map((t: Json) => t.name);
    const hash = (res: Res) => (res.children.find((c) => c.kind === 'Deployment') as Json).spec.template.metadata.annotations['omnia.altairalabs.ai/config-hash'];
    expect(tools(before)).toEqual([]);
    expect(tools(after).length).toBeGreaterThan(0);
    expect(hash(after)).not.toBe(hash(before));
    expect(cond(after, 'Degraded')).toMatchObject({ status: 'False' });
  });
});

describe('linkedResources', () => {
  it('lists each reference with what it resolved to, NotFound when missing', () => {
    const res = run(load('wait-toolregistry-missing'));
    expect(res.status.linkedResources).toEqual([
      { kind: 'PromptPack', name: 'assistant-prompts', namespace: 'agents', phase: 'Active', version: '1.0.0' },
      { kind: 'Provider', name: 'claude-production', namespace: 'agents', phase: 'Ready' },
      { kind: 'ToolRegistry', name: 'platform-tools', namespace: 'tools', phase: 'NotFound' },
    ]);
  });
});

describe('memory sessions across pods', () => {
  it('more than one pod with memory sessions → ClientIP affinity for the session TTL (capped at a day); one pod → none', () => {
    const req = load('tool-registry');
    const service = (r: Req) => run(r).children.find((c) => c.kind === 'Service') as Json;
    expect(service(req).spec.sessionAffinity).toBeUndefined();
    req.parent.spec.runtime = { replicas: 3 };
    req.parent.spec.session = { type: 'memory', ttl: '30m' };
    expect(service(req).spec).toMatchObject({ sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 1800 } } });
    req.parent.spec.session = { ttl: '72h' };
    expect(service(req).spec.sessionAffinityConfig.clientIP.timeoutSeconds).toBe(86400);
    req.parent.spec.runtime = { replicas: 1, autoscaling: { enabled: true, type: 'hpa', minReplicas: 1, maxReplicas: 4 } };
    expect(service(req).spec.sessionAffinity).toBe('ClientIP');
  });
});
