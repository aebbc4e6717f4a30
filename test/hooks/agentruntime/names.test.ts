// Every legal AgentRuntime name (a DNS-1123 subdomain: up to 253 characters,
// dots allowed) gives children the API server accepts, whose references agree:
// the Service and PDB select the pods, the autoscalers target the stable
// Deployment, the pods mount the ConfigMap, KEDA's default query asks for the
// `agent` label the facade reports, and the status names what it looks up.

import { describe, expect, it } from 'vitest';
import { sync } from '../../../src/hooks/agentruntime/sync.js';
import type { KubeObject, ObjectMap } from '../../../src/hooks/metacontroller.js';
import { readJson } from '../support/golden.js';
import { dns1123Subdomain } from '../../support/k8s-names.js';
import { validateChild } from '../../support/k8s-validate.js';
import { fixture, NOW } from './fixtures.js';

type Json = Record<string, any>;
type Req = { parent: Json; children: ObjectMap; related: ObjectMap };
type Res = { status: Json; children: (KubeObject & Json)[] };

const x = (n: number): string => 'a'.repeat(n);
const NAMES = ['my.agent', '1agent', 'a.b.c', x(62), x(63), x(64), `${x(60)}.${x(60)}`, x(253), `agents.example.com.${x(234)}`];
const FIXTURES = ['canary-split', 'complete-example', 'keda-default-trigger', 'hpa'];

function named(from: string, name: string): Req {
  const req = readJson(fixture(from, 'request.json')) as Req;
  req.parent.metadata.name = name;
  // Observed children of another name would be kept as they are: start afresh.
  for (const type of Object.keys(req.children)) req.children[type] = {};
  return req;
}

const run = (req: Req): Res => sync(req, NOW) as unknown as Res;
const subset = (small: Json, big: Json): boolean => Object.entries(small).every(([k, v]) => big[k] === v);
const envValue = (dep: Json, env: string): string | undefined =>
  dep.spec.template.spec.containers[0].env.find((e: Json) => e.name === env)?.value;

describe('every legal AgentRuntime name gives valid, consistent children', () => {
  it('the test names are legal AgentRuntime names', () => {
    for (const name of NAMES) expect(dns1123Subdomain(name), name).toBeUndefined();
  });

  for (const from of FIXTURES) {
    it(`${from}: with each name`, () => {
      for (const name of NAMES) {
        const req = named(from, name);
        const res = run(req);
        const at = `${from} ${name}`;
        expect(res.children.length, at).toBeGreaterThan(0);
        for (const c of res.children) validateChild(c);
        const of = (kind: string) => res.children.filter((c) => c.kind === kind);
        const deployments = of('Deployment');
        const [service] = of('Service');
        const [configMap] = of('ConfigMap');
        expect(res.status.serviceEndpoint, at).toBe(`${service!.metadata.name}.agents.svc.cluster.local:${service!.spec.ports[0].port}`);
        for (const d of deployments) {
          const pods = d.spec.template.metadata.labels;
          expect(subset(d.spec.selector.matchLabels, pods), at).toBe(true);
          expect(subset(service!.spec.selector, pods), at).toBe(true);
          for (const pdb of of('PodDisruptionBudget')) expect(subset(pdb.spec.selector.matchLabels, pods), at).toBe(true);
          expect(d.spec.template.spec.volumes.find((v: Json) => v.name === 'config').configMap.name, at).toBe(configMap!.metadata.name);
          // The facade labels its metrics with the agent's own name, in full.
          expect(envValue(d, 'OMNIA_AGENT_NAME'), at).toBe(name);
        }
        const stable = deployments.find((d) => d.spec.template.metadata.labels['omnia.altairalabs.ai/track'] === 'stable')!;
        for (const a of [...of('HorizontalPodAutoscaler'), ...of('ScaledObject')]) expect(a.spec.scaleTargetRef.name, at).toBe(stable.metadata.name);
        // The default trigger (the spec gives none) asks for the `agent` label the facade reports.
        if (!req.parent.spec.runtime?.autoscaling?.keda?.triggers?.length) {
          for (const so of of('ScaledObject')) expect(so.spec.triggers[0].metadata.query, at).toContain(`{agent="${name}",`);
        }
        // Every name the status reports is one of this answer's children.
        const reported = Object.entries(res.status.childNames ?? {}).filter(([k]) => k !== 'instanceLabel');
        for (const [, n] of reported) expect(res.children.some((c) => c.metadata.name === n), `${at}: ${n}`).toBe(true);
        const renamed = res.children.some((c) => c.metadata.name !== name && c.metadata.name !== `${name}-config` && c.metadata.name !== `${name}-canary`);
        expect(res.status.childNames !== undefined, at).toBe(renamed);
      }
    });
  }

  it('a name that fits keeps the conventional names and reports none', () => {
    const res = run(named('canary-split', 'canary-agent'));
    expect(res.children.map((c) => c.metadata.name).sort()).toEqual(['canary-agent', 'canary-agent', 'canary-agent', 'canary-agent-canary', 'canary-agent-config']);
    expect(res.status.childNames).toBeUndefined();
  });

  it('finds the observed Service and stable Deployment under their derived names', () => {
    const req = named('hpa', 'my.agent');
    const first = run(req);
    const svc = first.children.find((c) => c.kind === 'Service')!;
    const dep = first.children.find((c) => c.kind === 'Deployment')!;
    expect(svc.metadata.name).toMatch(/^my-agent-[0-9a-f]{8}$/);
    expect(first.status.childNames).toMatchObject({ deployment: dep.metadata.name, service: svc.metadata.name });
    // Observed as created, the autoscaler having scaled the Deployment to 5.
    const observed = { ...dep, spec: { ...dep.spec, replicas: 5 }, status: { readyReplicas: 5, availableReplicas: 5, updatedReplicas: 5 } };
    req.children['Service.v1'] = { [`agents/${svc.metadata.name}`]: svc };
    req.children['Deployment.apps/v1'] = { [`agents/${dep.metadata.name}`]: observed };
    const res = run(req);
    expect(res.children.find((c) => c.kind === 'Deployment')!.spec.replicas).toBe(5);
    const cond = (t: string) => res.status.conditions.find((c: Json) => c.type === t);
    expect(cond('ServiceReady').status).toBe('True');
    expect(cond('DeploymentReady').status).toBe('True');
    expect(res.status.phase).toBe('Running');
  });

  it('a peer with a dotted name is reached through its derived Service', () => {
    const req = named('hpa', 'writer');
    req.parent.spec.peers = ['my.peer'];
    req.parent.spec.waitForDependencies = false; // the peer does not exist here: deployed without it
    const cm = run(req).children.find((c) => c.kind === 'ConfigMap')!;
    const peers = JSON.parse(cm.data['agent.json']).peers;
    expect(peers).toEqual([
      {
        cardUrl: expect.stringMatching(/^http:\/\/my-peer-[0-9a-f]{8}\.agents\.svc\.cluster\.local:8080\/\.well-known\/agent-card\.json$/),
        name: 'my.peer',
        url: expect.stringMatching(/^http:\/\/my-peer-[0-9a-f]{8}\.agents\.svc\.cluster\.local:8080$/),
      },
    ]);
  });

  it('a PromptPack status naming a ConfigMap Kubernetes would refuse is not mounted', () => {
    const req = named('canary-split', 'writer');
    const pack = Object.values(req.related['PromptPack.omnia.altairalabs.ai/v1alpha1']!)[0] as Json;
    pack.status.active.configMapName = 'Not_A.Name-';
    delete pack.status.canary;
    const res = run(req);
    expect(res.children).toEqual([]);
    expect(res.status.conditions.find((c: Json) => c.type === 'PromptPackReady')).toMatchObject({ status: 'False', reason: 'NotReady' });
  });
});
