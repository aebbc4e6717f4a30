// Targeted behaviour of the AgentRuntime hooks, on top of the golden files:
// each test changes one input of a fixture and checks the one thing that must follow.

import { describe, expect, it } from 'vitest';
import { CHILD_KINDS } from '../../../src/hooks/agentruntime/child-kinds.js';
import { customize } from '../../../src/hooks/agentruntime/customize.js';
import { finalize } from '../../../src/hooks/agentruntime/finalize.js';
import { sync } from '../../../src/hooks/agentruntime/sync.js';
import type { KubeObject, ObjectMap } from '../../../src/hooks/metacontroller.js';
import { HookRequestError } from '../../../src/hooks/types.js';
import { readJson } from '../support/golden.js';
import { validateChild } from '../../support/k8s-validate.js';
import { fixture, NOW } from './fixtures.js';

type Json = Record<string, any>;
type Req = { parent: Json; children: ObjectMap; related: ObjectMap; [k: string]: unknown };
type Condition = { type: string; status: string; reason: string; message: string; lastTransitionTime: string };
type Res = { status: Json & { conditions: Condition[] }; children: KubeObject[] };

const load = (name: string): Req => readJson(fixture(name, 'request.json')) as Req;
const run = (req: Req): Res => sync(req, NOW) as Res;
const cond = (res: Res, type: string): Condition => res.status.conditions.find((c) => c.type === type)!;
const child = (res: Res, kind: string, name: string): Json | undefined =>
  res.children.find((c) => c.kind === kind && c.metadata.name === name) as Json | undefined;
const containers = (dep: Json | undefined): Json[] => dep?.spec.template.spec.containers ?? [];
const envOf = (container: Json): Json[] => container.env;
const relatedOf = (req: Req, type: string): Json[] => Object.values(req.related[type] ?? {}) as Json[];
const GV = 'omnia.altairalabs.ai/v1alpha1';

describe('request envelope', () => {
  it('throws HookRequestError (→ 400) when there is no parent, a non-object parent or the wrong kind', () => {
    expect(() => sync({ children: {} }, NOW)).toThrow(HookRequestError);
    expect(() => sync({ parent: 'x' }, NOW)).toThrow(HookRequestError);
    expect(() => sync({ parent: { kind: 'PromptPack', metadata: { name: 'p' } } }, NOW)).toThrow(/AgentRuntime/);
    expect(() => customize({})).toThrow(HookRequestError);
    expect(() => finalize(null)).toThrow(HookRequestError);
  });

  it('a spec of the wrong type is an honest Failed status, not a throw', () => {
    const req = load('hpa');
    req.parent.spec = 42;
    const res = run(req);
    expect(res.status.phase).toBe('Failed');
    expect(cond(res, 'Ready').message).toContain('spec: expected object');
    expect(res.children).toEqual([]);
  });
});

describe('garbage in any field', () => {
  const junk: unknown[] = [null, 42, 'x', [], {}, true, [1, 'a'], { name: 7 }];

  it('never throws for ill-typed spec fields or related objects, and answers with a phase', () => {
    const base = load('complete-example');
    const paths: string[][] = [
      ...Object.keys(base.parent.spec).map((k) => ['spec', k]),
      ['spec', 'runtime', 'autoscaling'], ['spec', 'runtime', 'autoscaling', 'keda'], ['spec', 'runtime', 'autoscaling', 'keda', 'triggers'],
      ['spec', 'facade', 'auth'], ['spec', 'session', 'storeRef'], ['spec', 'runtime', 'resources'], ['spec', 'config'], ['spec', 'peers'],
    ];
    for (const path of paths) {
      for (const value of junk) {
        const req = load('complete-example');
        let target: Json = req.parent;
        for (const k of path.slice(0, -1)) target = (target[k] ??= {});
        target[path.at(-1)!] = value;
        const res = run(req);
        expect(['Pending', 'Running', 'Failed']).toContain(res.status.phase);
        for (const c of res.children) validateChild(c);
      }
    }
    for (const type of Object.keys(base.related)) {
      for (const value of junk) {
        const req = load('complete-example');
        for (const obj of Object.values(req.related[type]!) as Json[]) {
          obj.status = value;
          obj.spec = value;
        }
        const res = run(req);
        expect(['Pending', 'Running', 'Failed']).toContain(res.status.phase);
        for (const c of res.children) validateChild(c);
      }
    }
  });
});

describe('PromptPack versions and canary', () => {
  it('a pinned version the pack does not serve → Waiting VersionNotAvailable, nothing created', () => {
    const req = load('hpa');
    req.parent.spec.promptPackRef.version = '9.9.9';
    const res = run(req);
    expect(res.status.phase).toBe('Waiting');
    expect(cond(res, 'PromptPackReady')).toMatchObject({ status: 'False', reason: 'VersionNotAvailable' });
    expect(res.children).toEqual([]);
  });

  it('track canary runs only the canary version; a pinned version runs no canary Deployment', () => {
    const req = load('canary-split');
    req.parent.spec.promptPackRef.track = 'canary';
    const res = run(req);
    expect(child(res, 'Deployment', 'canary-agent-canary')).toBeUndefined();
    expect(res.status.activeVersion).toBe('1.1.0');
    const pinned = load('canary-split');
    pinned.parent.spec.promptPackRef.version = '1.0.0';
    const res2 = run(pinned);
    expect(child(res2, 'Deployment', 'canary-agent-canary')).toBeUndefined();
    expect(child(res2, 'Deployment', 'canary-agent')!.spec.replicas).toBe(5);
  });

  it('splits replicas by weight with at least one canary pod and one stable pod', () => {
    const split = (replicas: number, weight: number): [number, number] => {
      const req = load('canary-split');
      req.parent.spec.runtime.replicas = replicas;
      relatedOf(req, `PromptPack.${GV}`)[0]!.status.canary.weight = weight;
      const res = run(req);
      return [child(res, 'Deployment', 'canary-agent')!.spec.replicas, child(res, 'Deployment', 'canary-agent-canary')!.spec.replicas];
    };
    expect(split(5, 20)).toEqual([4, 1]);
    expect(split(10, 30)).toEqual([7, 3]);
    expect(split(10, 1)).toEqual([9, 1]);
    expect(split(1, 10)).toEqual([1, 1]);
    expect(split(4, 90)).toEqual([1, 3]);
  });

  it('under autoscaling the stable count is carried over and the canary gets its share of it', () => {
    const req = load('canary-split');
    req.parent.spec.runtime = { autoscaling: { enabled: true, type: 'hpa', minReplicas: 2, maxReplicas: 20 } };
    req.children['Deployment.apps/v1'] = {
      'agents/canary-agent': { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'canary-agent', namespace: 'agents' }, spec: { replicas: 10 } } as KubeObject,
    };
    const res = run(req);
    expect(child(res, 'Deployment', 'canary-agent')!.spec.replicas).toBe(10);
    expect(child(res, 'Deployment', 'canary-agent-canary')!.spec.replicas).toBe(2);
    expect(child(res, 'HorizontalPodAutoscaler', 'canary-agent')!.spec.scaleTargetRef.name).toBe('canary-agent');
  });

  it('stable and canary Deployments have distinct selectors; the Service selects both', () => {
    const res = run(load('canary-split'));
    const stable = child(res, 'Deployment', 'canary-agent')!;
    const canary = child(res, 'Deployment', 'canary-agent-canary')!;
    expect(stable.spec.selector.matchLabels['omnia.altairalabs.ai/track']).toBe('stable');
    expect(canary.spec.selector.matchLabels['omnia.altairalabs.ai/track']).toBe('canary');
    const svcSelector = child(res, 'Service', 'canary-agent')!.spec.selector as Record<string, string>;
    for (const dep of [stable, canary]) {
      const podLabels = dep.spec.template.metadata.labels as Record<string, string>;
      expect(Object.entries(svcSelector).every(([k, v]) => podLabels[k] === v)).toBe(true);
    }
  });
});

describe('provider resolution', () => {
  it('a Provider whose allow-list excludes its model → Failed ModelNotAllowed', () => {
    const req = load('cross-namespace-provider-allowed');
    relatedOf(req, `Provider.${GV}`)[0]!.spec.models = ['openai/*', 'gemini-2.5-pro'];
    const res = run(req);
    expect(res.status.phase).toBe('Failed');
    expect(cond(res, 'ProviderReady')).toMatchObject({ status: 'False', reason: 'ModelNotAllowed' });
  });

  it('allow-list patterns: *, vendor/*, exact', () => {
    for (const models of [['*'], ['anthropic/*'], ['claude-sonnet-4-20250514'], ['anthropic/claude-sonnet-4-20250514']]) {
      const req = load('cross-namespace-provider-allowed');
      relatedOf(req, `Provider.${GV}`)[0]!.spec.models = models;
      expect(cond(run(req), 'ProviderReady').status).toBe('True');
    }
  });

  it('the same allow-list applies to an inline provider and to a providers[] entry, naming its own field', () => {
    for (const models of [['*'], ['anthropic/*'], ['claude-sonnet-4-20250514']]) {
      const req = load('inline-provider');
      req.parent.spec.provider.models = models;
      expect(cond(run(req), 'ProviderReady').status).toBe('True');
    }
    const req = load('inline-provider');
    req.parent.spec.providers = [{ name: 'default', provider: { ...req.parent.spec.provider, models: ['gemini/*'] } }];
    const res = run(req);
    expect(res.status.phase).toBe('Failed');
    expect(cond(res, 'ProviderReady')).toMatchObject({ status: 'False', reason: 'ModelNotAllowed' });
    expect(cond(res, 'ProviderReady').message).toContain('spec.providers[default].provider.models: gemini/*');
  });

  it('the allow-list is not part of the config hash: widening it rolls no pods', () => {
    const hash = (models?: string[]) => {
      const req = load('inline-provider');
      if (models) req.parent.spec.provider.models = models;
      return child(run(req), 'Deployment', 'inline-agent')!.spec.template.metadata.annotations['omnia.altairalabs.ai/config-hash'];
    };
    expect(hash(['anthropic/*'])).toBe(hash());
    expect(hash(['*'])).toBe(hash());
  });

  it('allowedNamespaces "*" admits every namespace', () => {
    const req = load('cross-namespace-provider-refused');
    relatedOf(req, `Provider.${GV}`)[0]!.spec.allowedNamespaces = ['*'];
    // The copy of its credential the pods read in the agent's namespace.
    const copy = { name: 'anthropic-credentials', namespace: 'agents' };
    req.related['Secret.v1'] = { 'agents/anthropic-credentials': { apiVersion: 'v1', kind: 'Secret', metadata: copy, data: { ANTHROPIC_API_KEY: 'eA==' } } };
    expect(cond(run(req), 'ProviderReady').status).toBe('True');
  });

  it('a Provider in phase Error → ProviderReady False with its condition message, nothing created', () => {
    const req = load('hpa');
    const provider = relatedOf(req, `Provider.${GV}`)[0]!;
    provider.status.phase = 'Error';
    provider.status.conditions[0] = { type: 'SecretFound', status: 'False', reason: 'NotFound', message: 'Secret anthropic-credentials not found' };
    const res = run(req);
    expect(cond(res, 'ProviderReady')).toMatchObject({ status: 'False', reason: 'ProviderError' });
    expect(cond(res, 'ProviderReady').message).toContain('Secret anthropic-credentials not found');
    expect(res.status.phase).toBe('Waiting');
    expect(res.children).toEqual([]);
  });

  it('an inline provider whose Secret lacks the key → Pending CredentialKeyMissing', () => {
    const req = load('inline-provider');
    req.parent.spec.provider.secretRef.key = 'CLAUDE_KEY';
    const res = run(req);
    expect(cond(res, 'ProviderReady')).toMatchObject({ status: 'False', reason: 'CredentialKeyMissing' });
  });

  it('a providers[] entry named default is primary regardless of position', () => {
    const req = load('providers-list-first');
    req.parent.spec.providers[1].name = 'default';
    const runtime = containers(child(run(req), 'Deployment', 'multi-agent')).find((c) => c.name === 'runtime')!;
    expect(envOf(runtime).map((e) => e.name)).toContain('ANTHROPIC_API_KEY');
    expect(envOf(runtime).map((e) => e.name)).not.toContain('GEMINI_API_KEY');
  });

  it('handler runtime without any provider → Failed NotConfigured', () => {
    const req = load('hpa');
    delete req.parent.spec.providerRef;
    const res = run(req);
    expect(res.status.phase).toBe('Failed');
    expect(cond(res, 'ProviderReady').reason).toBe('NotConfigured');
  });

  it('the credential revision rolls the pods (config hash) without ever exposing the key', () => {
    const hash = (rev: string): string => {
      const req = load('inline-provider');
      relatedOf(req, 'Secret.v1')[0]!.metadata.resourceVersion = rev;
      return child(run(req), 'Deployment', 'inline-agent')!.spec.template.metadata.annotations['omnia.altairalabs.ai/config-hash'];
    };
    expect(hash('1')).not.toBe(hash('2'));
    expect(hash('1')).toBe(hash('1'));
  });

  it('the config hash moves with everything the pods read at start, and with nothing else', () => {
    const hashOf = (name: string, agent: string, change: (req: Req) => void = () => undefined): string => {
      const req = load(name);
      change(req);
      return child(run(req), 'Deployment', agent)!.spec.template.metadata.annotations['omnia.altairalabs.ai/config-hash'];
    };
    const complete = (change?: (req: Req) => void): string => hashOf('complete-example', 'production-agent', change);
    const base = complete();
    const pack = (req: Req): Json => relatedOf(req, `PromptPack.${GV}`)[0]!;
    const provider = (req: Req): Json => relatedOf(req, `Provider.${GV}`)[0]!;
    const moves: Record<string, (req: Req) => void> = {
      'pack content': (req) => (pack(req).status.active.contentHash = 'sha256:bbbbbbbb210'),
      'provider model': (req) => (provider(req).spec.model = 'claude-opus-4'),
      'provider pricing': (req) => (provider(req).spec.pricing.inputCostPer1K = '0.004'),
      'a tool schema (tools.json)': (req) => (relatedOf(req, `ToolRegistry.${GV}`)[0]!.status.discoveredTools[0].inputSchema.required = []),
      'the session store Secret revision': (req) => (relatedOf(req, 'Secret.v1').find((o) => o.metadata.name === 'redis-credentials')!.metadata.resourceVersion = '999'),
      'reasoning steps (agent.json)': (req) => (req.parent.spec.config = { reasoningLoopMaxSteps: 7 }),
    };
    for (const [what, change] of Object.entries(moves)) expect(complete(change), what).not.toBe(base);
    // Key order of the inputs and fields the pods never read leave it alone.
    expect(complete((req) => (provider(req).spec = Object.fromEntries(Object.entries(provider(req).spec).reverse())))).toBe(base);
    expect(complete((req) => (req.parent.metadata.labels = { team: 'support' }))).toBe(base);
    // Function schemas count through function.json.
    const fn = hashOf('function-mode', 'summarizer');
    expect(hashOf('function-mode', 'summarizer', (req) => (req.parent.spec.outputSchema.required = ['summary', 'words']))).not.toBe(fn);
  });
});

describe('images and frameworks', () => {
  it('a framework type the configuration maps is accepted; an unmapped one without image → Failed', () => {
    const req = load('hpa');
    req.parent.spec.framework = { type: 'langchain' };
    const ok = run(req);
    expect(containers(child(ok, 'Deployment', 'support-agent')).find((c) => c.name === 'runtime')!.image).toBe('example.com/omnia-langchain:1.2.0');
    req.parent.spec.framework = { type: 'crewai' };
    const bad = run(req);
    expect(bad.status.phase).toBe('Failed');
    expect(cond(bad, 'Ready').reason).toBe('FrameworkImageMissing');
    req.parent.spec.framework = { type: 'crewai', image: 'example.com/crew:1' };
    expect(run(req).status.phase).toBe('Pending');
  });

  it('facade.image and framework.image override every configuration', () => {
    const req = load('arc-namespace-override');
    req.parent.spec.facade = { image: 'mine.example.com/facade:1' };
    req.parent.spec.framework = { image: 'mine.example.com/runtime:1' };
    const [facade, runtime] = containers(child(run(req), 'Deployment', 'lc-agent'));
    expect(facade!.image).toBe('mine.example.com/facade:1');
    expect(runtime!.image).toBe('mine.example.com/runtime:1');
  });
});

describe('AgentRuntimeConfiguration precedence', () => {
  const arcs = (req: Req): Record<string, Json> => req.related[`AgentRuntimeConfiguration.${GV}`] as Record<string, Json>;
  const images = (req: Req): string[] => containers(child(run(req), 'Deployment', 'lc-agent')).map((c) => c.image as string);

  it('the first by name in the agent namespace refines the cluster one; later ones are shadowed', () => {
    expect(images(load('arc-namespace-override'))).toEqual([
      'registry.team.example.com/omnia:0.1.0-team',
      'registry.team.example.com/langchain-runtime:2.0.0',
    ]);
  });

  it('an invalid first-by-name configuration applies nothing (as its status says) and does not unshadow the next', () => {
    const req = load('arc-namespace-override');
    arcs(req)['agents/team-defaults']!.spec.keda = { prometheusServerAddress: 'not a url' };
    // Cluster defaults stay in force: framework promptkit, the cluster facade image; zz-ignored is not used.
    expect(images(req)).toEqual(['ghcr.io/omnia-hooks/omnia:0.1.0', 'ghcr.io/omnia-hooks/omnia:0.1.0']);
  });
});

describe('autoscaling', () => {
  it('emits exactly one of HPA and ScaledObject, and none when disabled', () => {
    const kinds = (spec: Json): string[] => {
      const req = load('hpa');
      req.parent.spec.runtime = spec;
      return run(req).children.map((c) => c.kind).filter((k) => k === 'HorizontalPodAutoscaler' || k === 'ScaledObject');
    };
    expect(kinds({ autoscaling: { enabled: true, type: 'hpa' } })).toEqual(['HorizontalPodAutoscaler']);
    expect(kinds({ autoscaling: { enabled: true, type: 'keda' } })).toEqual(['ScaledObject']);
    expect(kinds({ autoscaling: { enabled: false, type: 'keda' } })).toEqual([]);
  });

  it('without autoscaling, a single replica gets no PodDisruptionBudget and replicas come from the spec', () => {
    const req = load('hpa');
    req.parent.spec.runtime = { replicas: 1 };
    const res = run(req);
    expect(child(res, 'PodDisruptionBudget', 'support-agent')).toBeUndefined();
    expect(child(res, 'Deployment', 'support-agent')!.spec.replicas).toBe(1);
  });

  it('KEDA asked for while the controller has no ScaledObject children and nothing runs → Failed, nothing created', () => {
    const req = load('keda-default-trigger');
    delete req.children[CHILD_KINDS.scaledObject.key];
    const res = run(req);
    expect(res.status.phase).toBe('Failed');
    expect(cond(res, 'Ready').message).toContain("KEDA isn't enabled for the controller");
    expect(res.children).toEqual([]);
  });

  it('the default KEDA trigger uses the AgentRuntimeConfiguration Prometheus address', () => {
    const req = load('keda-default-trigger');
    req.related[`AgentRuntimeConfiguration.${GV}`] = {
      'omnia-system/default': { apiVersion: GV, kind: 'AgentRuntimeConfiguration', metadata: { name: 'default', namespace: 'omnia-system' }, spec: { keda: { prometheusServerAddress: 'http://prom.monitoring:9090' } } } as KubeObject,
    };
    const so = child(run(req), 'ScaledObject', 'chat-agent')!;
    expect(so.spec.triggers).toEqual([
      { type: 'prometheus', metadata: { serverAddress: 'http://prom.monitoring:9090', query: 'sum(omnia_agent_connections_active{agent="chat-agent",namespace="agents"}) or vector(0)', threshold: '10' } },
    ]);
  });
});

describe('dependencies missing while running', () => {
  it('a deleted Provider keeps every running child exactly as last applied', () => {
    const req = load('deleted-promptpack-running');
    req.related = { ...load('hpa').related };
    delete req.related[`Provider.${GV}`];
    const res = run(req);
    const lastApplied = Object.values(req.children)
      .flatMap((g) => Object.values(g))
      .map((o) => JSON.parse(o.metadata.annotations!['metacontroller.k8s.io/last-applied-configuration']!));
    expect(res.children).toHaveLength(lastApplied.length);
    for (const la of lastApplied) expect(res.children).toContainEqual(la);
    expect(cond(res, 'ProviderReady')).toMatchObject({ status: 'False', reason: 'NotFound' });
    expect(cond(res, 'Ready').message).toContain('kept as last applied');
  });

  it('a missing session store Secret blocks creation with a SecretNotFound reason', () => {
    const req = load('redis-session');
    delete req.related['Secret.v1']!['agents/redis-url'];
    const res = run(req);
    expect(res.children).toEqual([]);
    expect(cond(res, 'DeploymentReady')).toMatchObject({ status: 'False', reason: 'SecretNotFound' });
    expect(res.status.phase).toBe('Pending');
  });

  it('a Deployment past its progress deadline → Failed when no pod serves, Running and Degraded while some do', () => {
    const req = load('complete-example');
    const dep = req.children['Deployment.apps/v1']!['agents/production-agent'] as Json;
    dep.status.readyReplicas = 0;
    dep.status.availableReplicas = 0;
    dep.status.conditions = [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded', message: 'ReplicaSet has timed out progressing.' }];
    const res = run(req);
    expect(res.status.phase).toBe('Failed');
    expect(cond(res, 'DeploymentReady').reason).toBe('ProgressDeadlineExceeded');
    expect(res.children.length).toBeGreaterThan(0);
    dep.status.readyReplicas = 1;
    dep.status.availableReplicas = 1;
    const serving = run(req);
    expect(serving.status.phase).toBe('Running');
    expect(cond(serving, 'Degraded')).toMatchObject({ status: 'True', reason: 'ProgressDeadlineExceeded' });
  });

  it('a change the Deployment controller has not observed yet: DeploymentReady False Progressing, still Running while pods serve', () => {
    const req = load('complete-example');
    const dep = req.children['Deployment.apps/v1']!['agents/production-agent'] as Json;
    dep.metadata.generation = 4;
    const res = run(req);
    expect(res.status.phase).toBe('Running');
    expect(cond(res, 'DeploymentReady')).toMatchObject({ status: 'False', reason: 'Progressing' });
    expect(cond(res, 'DeploymentReady').lastTransitionTime).toBe('2026-01-01T00:00:00Z');
  });
});

describe('kept children and peers', () => {
  it('an observed child without a last-applied annotation is kept without server-owned fields', () => {
    const req = load('complete-example');
    delete req.related[`PromptPack.${GV}`];
    const res = run(req);
    const dep = child(res, 'Deployment', 'production-agent')!;
    expect(dep.status).toBeUndefined();
    expect(dep.metadata.uid).toBeUndefined();
    expect(dep.metadata.resourceVersion).toBeUndefined();
    expect(dep.spec.replicas).toBe(4);
    expect(res.children.map((c) => `${c.kind}/${c.metadata.name}`)).toEqual(['Service/production-agent', 'Deployment/production-agent']);
  });

  it('peers are rendered into agent.json with their service URL and port', () => {
    const req = load('hpa');
    req.parent.spec.peers = ['writer', 'researcher', 'writer'];
    // writer does not exist: deployed without it, so agent.json shows how a peer created later is listed.
    req.parent.spec.waitForDependencies = false;
    req.related[`AgentRuntime.${GV}`] = {
      'agents/researcher': { apiVersion: GV, kind: 'AgentRuntime', metadata: { name: 'researcher', namespace: 'agents' }, spec: { facade: { port: 9090 } } } as KubeObject,
    };
    const agent = JSON.parse(child(run(req), 'ConfigMap', 'support-agent-config')!.data['agent.json']);
    expect(agent.peers).toEqual([
      {
        cardUrl: 'http://researcher.agents.svc.cluster.local:9090/.well-known/agent-card.json',
        name: 'researcher',
        url: 'http://researcher.agents.svc.cluster.local:9090',
      },
      { cardUrl: 'http://writer.agents.svc.cluster.local:8080/.well-known/agent-card.json', name: 'writer', url: 'http://writer.agents.svc.cluster.local:8080' },
    ]);
  });
});

describe('pod contract', () => {
  const syncFixtures = ['complete-example', 'hpa', 'inline-provider', 'demo-handler', 'function-mode', 'redis-session', 'canary-split', 'arc-namespace-override'];

  it('env lists are sorted, duplicate-free, and hold exactly one API-key env (runtime only)', () => {
    for (const name of syncFixtures) {
      for (const dep of run(load(name)).children.filter((c) => c.kind === 'Deployment')) {
        for (const c of containers(dep)) {
          const names = envOf(c).map((e) => e.name as string);
          expect(names).toEqual([...new Set(names)].sort());
          const keys = names.filter((n) => n.endsWith('_API_KEY'));
          expect(keys.length).toBe(c.name === 'runtime' ? 1 : 0);
        }
      }
    }
  });

  it('pods are hardened: non-root, read-only root FS with /tmp, no capabilities, RuntimeDefault seccomp', () => {
    for (const name of syncFixtures) {
      for (const dep of run(load(name)).children.filter((c) => c.kind === 'Deployment') as Json[]) {
        const pod = dep.spec.template.spec;
        expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
        for (const c of pod.containers as Json[]) {
          expect(c.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
          expect(c.volumeMounts).toContainEqual({ name: 'tmp', mountPath: '/tmp' });
        }
      }
    }
  });

  it('no secret value appears anywhere in a response', () => {
    for (const name of ['complete-example', 'inline-provider', 'providers-list-first', 'redis-session', 'providerref-precedence']) {
      const req = load(name);
      const text = JSON.stringify(run(req));
      for (const secret of relatedOf(req, 'Secret.v1')) {
        for (const value of Object.values(secret.data as Record<string, string>)) {
          expect(text).not.toContain(value);
          expect(text).not.toContain(Buffer.from(value, 'base64').toString());
        }
      }
    }
  });

  it('demo and echo handlers run no runtime container and ask for no provider', () => {
    for (const handler of ['demo', 'echo']) {
      const req = load('demo-handler');
      req.parent.spec.facade.handler = handler;
      const dep = child(run(req), 'Deployment', 'demo-agent');
      expect(containers(dep).map((c) => c.name)).toEqual(['facade']);
      validateChild(dep);
    }
  });

  it('JWT public key: mounted file and env; tools.json only lists Available tools sorted by name', () => {
    const req = load('redis-session');
    req.parent.spec.facade.auth.jwt = { publicKeySecretRef: { name: 'jwt-key', key: 'tls.pub' } };
    req.related['Secret.v1']!['agents/jwt-key'] = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'jwt-key', namespace: 'agents' }, data: { 'tls.pub': 'cGVt' } } as KubeObject;
    const dep = child(run(req), 'Deployment', 'session-agent')!;
    const facade = containers(dep)[0]!;
    expect(envOf(facade)).toContainEqual({ name: 'OMNIA_JWT_PUBLIC_KEY_FILE', value: '/etc/omnia/jwt/public-key.pem' });
    expect(dep.spec.template.spec.volumes).toContainEqual({ name: 'jwt-public-key', secret: { secretName: 'jwt-key', items: [{ key: 'tls.pub', path: 'public-key.pem' }] } });
    const tools = JSON.parse(child(run(load('complete-example')), 'ConfigMap', 'production-agent-config')!.data['tools.json']).tools;
    expect(tools.map((t: Json) => t.name)).toEqual(['order-lookup', 'weather']);
  });
});

describe('finalize and customize', () => {
  it('finalize asks for no children, says Deleting, and is finalized on the second look', () => {
    // First look: children observed, status not yet Deleting → Metacontroller deletes them in this sync.
    const left = finalize(load('finalize-children-left')) as Json;
    expect(left).toMatchObject({ children: [], finalized: false, resyncAfterSeconds: 5 });
    expect(left.status).toMatchObject({ phase: 'Deleting', message: 'being deleted: 2 children to delete' });
    expect(left.status.conditions).toEqual(load('finalize-children-left').parent.status.conditions);
    // Second look: the status it wrote says the DELETEs went out, so a child the informer still
    // shows does not hold the agent (the garbage collector finishes it through its owner reference).
    const second = load('finalize-second-look');
    expect(Object.values(second.children).flatMap((byName) => Object.keys(byName as object))).toHaveLength(1);
    const again = finalize(second) as Json;
    expect(again).toMatchObject({ children: [], finalized: true });
    expect(again.status).toEqual(second.parent.status);
    // Nothing observed: finalized at once, status as it was.
    const done = finalize(load('finalize-done')) as Json;
    expect(done).toMatchObject({ children: [], finalized: true });
    expect(done.status).toEqual(load('finalize-done').parent.status);
  });

  it('customize never emits an empty names list (which would relate every object of the type)', () => {
    const res = customize({ parent: { kind: 'AgentRuntime', metadata: { name: 'a', namespace: 'ns' }, spec: { promptPackRef: { name: 'p' }, peers: [] } } });
    for (const rule of res.relatedResources) if (rule.names) expect(rule.names.length).toBeGreaterThan(0);
    expect(res.relatedResources.map((r) => r.resource)).toEqual([
      'promptpacks',
      'agentruntimeconfigurations',
      'agentruntimeconfigurations',
      'aigateways',
      'aigateways',
      'toolgateways',
      'toolgateways',
      'agentgateways',
      'agentgateways',
      'namespaces',
    ]);
  });
});
