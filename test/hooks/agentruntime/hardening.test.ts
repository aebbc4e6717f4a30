// Defects hostile testing found in the AgentRuntime hook (issue 16), each
// checked on a fixture changed in the one way that exposed it.
import { describe, expect, it } from 'vitest';
import { sync } from '../../../src/hooks/agentruntime/sync.js';
import type { KubeObject, ObjectMap } from '../../../src/hooks/metacontroller.js';
import { readJson } from '../support/golden.js';
import { fixture, NOW } from './fixtures.js';

type Json = Record<string, any>;
type Req = { parent: Json; children: ObjectMap; related: ObjectMap; [k: string]: unknown };
type Condition = { type: string; status: string; reason: string; message: string };
type Res = { status: Json & { conditions: Condition[] }; children: KubeObject[] };

const LAST_APPLIED = 'metacontroller.k8s.io/last-applied-configuration';
const load = (name: string): Req => readJson(fixture(name, 'request.json')) as Req;
const run = (req: Req): Res => sync(req, NOW) as Res;
const cond = (res: Res, type: string): Condition => res.status.conditions.find((c) => c.type === type)!;
const identities = (children: KubeObject[]): string[] => children.map((c) => `${c.kind}.${c.apiVersion}/${c.metadata.namespace ?? ''}/${c.metadata.name}`).sort();
const observedIdentities = (req: Req): string[] =>
  identities(Object.values(req.children).flatMap((g) => Object.values(g) as KubeObject[])).map((id) => id.replace(/\/agents\//, '//'));

describe('kept children are the observed ones, whatever their last-applied annotation says', () => {
  const rewrites: [string, (record: Json) => void][] = [
    ['another name', (r) => (r.metadata.name = 'evil-other')],
    ['another namespace', (r) => (r.metadata.namespace = 'kube-system')],
    ['another kind', (r) => (r.kind = 'Secret')],
    ['another apiVersion', (r) => (r.apiVersion = 'evil.example.com/v1')],
  ];
  it.each(rewrites)('a record rewritten to name %s is not trusted', (_what, rewrite) => {
    const req = load('deleted-promptpack-running');
    const intact = run(load('deleted-promptpack-running'));
    for (const group of Object.values(req.children)) {
      for (const child of Object.values(group) as KubeObject[]) {
        const record = JSON.parse(child.metadata.annotations![LAST_APPLIED]!) as Json;
        rewrite(record);
        child.metadata.annotations![LAST_APPLIED] = JSON.stringify(record);
      }
    }
    const res = run(req);
    expect(identities(res.children).map((id) => id.replace(/\/agents\//, '//'))).toEqual(observedIdentities(req));
    expect(JSON.stringify(res.children)).not.toMatch(/evil|kube-system/);
    // The observed objects themselves are kept, stripped of server fields.
    expect(res.children.every((c) => c.metadata.uid === undefined && c.metadata.resourceVersion === undefined)).toBe(true);
    expect(identities(res.children)).toHaveLength(identities(intact.children).length);
  });
});

describe('an invalid spec says each thing once', () => {
  it('a missing promptPackRef.name is reported once, as InvalidSpec', () => {
    const req = load('complete-example');
    delete req.parent.spec.promptPackRef.name;
    const res = run(req);
    const ready = cond(res, 'Ready');
    expect(ready.reason).toBe('InvalidSpec');
    expect(ready.message.match(/promptPackRef\.name/g)).toHaveLength(1);
    expect(cond(res, 'PromptPackReady')).toMatchObject({ status: 'Unknown', reason: 'NotEvaluated' });
  });
});

describe("a cross-namespace Provider's credential copy", () => {
  const hashOf = (res: Res): string =>
    (res.children.find((c) => c.kind === 'Deployment') as Json).spec.template.metadata.annotations['omnia.altairalabs.ai/config-hash'];
  const copyOf = (req: Req): Json => (req.related['Secret.v1'] as Record<string, Json>)['agents/anthropic-credentials']!;

  it('rolls the pods when the copy is rotated', () => {
    const req = load('cross-namespace-provider-allowed');
    const before = hashOf(run(req));
    copyOf(req).metadata.resourceVersion = '901';
    expect(hashOf(run(req))).not.toBe(before);
  });

  it('without the key the pods read is pending, not rolled out', () => {
    const req = load('cross-namespace-provider-allowed');
    copyOf(req).data = { OTHER: 'eA==' };
    const res = run(req);
    expect(cond(res, 'ProviderReady')).toMatchObject({ status: 'False', reason: 'CredentialKeyMissing' });
    expect(res.status.phase).toBe('Pending');
  });
});
