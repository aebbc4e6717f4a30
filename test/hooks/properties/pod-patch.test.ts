// Issue 13's property of spec.podSpec: whatever the patch, the hook answers
// (no 500), the Deployment's replicas are never the patch's, our containers
// (facade, runtime) stay unless a `$patch: delete` item names them, every child
// is valid, and a refused patch keeps the running children as they run.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sync } from '../../../src/hooks/agentruntime/sync.js';
import type { KubeObject } from '../../../src/hooks/metacontroller.js';
import { validateChild } from '../../support/k8s-validate.js';
import { readJson } from '../support/golden.js';
import { fixture } from '../agentruntime/fixtures.js';
import { NOW, RUN } from './support.js';

type Json = Record<string, any>;

// An agent at 2 replicas whose Deployment, Service and ConfigMap already run.
const base = readJson(fixture('podspec-invalid', 'request.json')) as Json;
const running = Object.values(base.children['Deployment.apps/v1'] as Json)[0] as Json;
const runningSpec = JSON.parse(running.metadata.annotations['metacontroller.k8s.io/last-applied-configuration']).spec;

const directive = fc.option(fc.constantFrom('delete', 'replace', 'merge'), { nil: undefined });
const withDirective = <T extends Json>(arb: fc.Arbitrary<T>): fc.Arbitrary<Json> =>
  fc.tuple(arb, directive).map(([o, d]) => (d ? { ...o, $patch: d } : o));
const env = withDirective(fc.record({ name: fc.constantFrom('A', 'B', 'OMNIA_MODE', 'ANTHROPIC_API_KEY'), value: fc.option(fc.string({ maxLength: 4 }), { nil: undefined }) }, { requiredKeys: ['name'] }));
const container = withDirective(
  fc.record(
    {
      name: fc.constantFrom('facade', 'runtime', 'sidecar', 'x'),
      image: fc.option(fc.constantFrom('busybox:1', ''), { nil: undefined }),
      env: fc.array(env, { maxLength: 3 }),
      ports: fc.array(fc.record({ containerPort: fc.integer({ min: 1, max: 65535 }) }), { maxLength: 2 }),
      volumeMounts: fc.array(withDirective(fc.record({ mountPath: fc.constantFrom('/tmp', '/etc/omnia/config', '/data'), name: fc.constantFrom('tmp', 'config', 'data') })), { maxLength: 2 }),
      args: fc.array(fc.string({ maxLength: 3 }), { maxLength: 2 }),
    },
    { requiredKeys: ['name'] },
  ),
);
const patch: fc.Arbitrary<Json> = fc.record(
  {
    containers: fc.array(container, { maxLength: 3 }),
    volumes: fc.array(withDirective(fc.record({ name: fc.constantFrom('tmp', 'config', 'data'), emptyDir: fc.constant({}) })), { maxLength: 2 }),
    tolerations: fc.array(fc.record({ key: fc.constantFrom('a', 'b'), operator: fc.constant('Exists') }), { maxLength: 2 }),
    nodeSelector: fc.oneof(fc.dictionary(fc.constantFrom('zone', 'arch'), fc.constantFrom('a', 'b')), fc.constant(null)),
    replicas: fc.integer({ min: 0, max: 50 }),
    securityContext: withDirective(fc.record({ runAsUser: fc.integer({ min: 0, max: 70000 }) })),
    priorityClassName: fc.string({ maxLength: 5 }),
  },
  { requiredKeys: [] },
);

/** Our containers a `$patch: delete` item of the patch names. */
function deletedByName(p: Json): Set<string> {
  return new Set(((p.containers ?? []) as Json[]).filter((c) => c.$patch === 'delete').map((c) => c.name as string));
}

describe('property: spec.podSpec never sets replicas nor drops our containers unasked', () => {
  it('random strategic merge patches over a running agent', () => {
    fc.assert(
      fc.property(patch, (p) => {
        const req = structuredClone(base);
        req.parent.spec.podSpec = p;
        const res = sync(req, NOW) as { children: KubeObject[]; status: Json };
        for (const c of res.children) validateChild(c);
        const dep = res.children.find((c) => c.kind === 'Deployment') as Json;
        // Replicas are the hook's, never the patch's (a patch with replicas is refused).
        expect(dep.spec.replicas).toBe(2);
        const ready = (res.status.conditions as Json[]).find((c) => c.type === 'Ready')!;
        if (ready.reason === 'InvalidPodSpec') {
          // Refused: the running Deployment is re-emitted as last applied.
          expect(dep.spec).toEqual(runningSpec);
          return;
        }
        const names = (dep.spec.template.spec.containers as Json[]).map((c) => c.name);
        const deleted = deletedByName(p);
        for (const ours of ['facade', 'runtime']) if (!deleted.has(ours)) expect(names).toContain(ours);
      }),
      RUN,
    );
  });
});
