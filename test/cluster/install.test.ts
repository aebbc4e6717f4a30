// The install on a real API server: our CRDs are accepted as structural (the API
// server refuses non-structural v1 CRDs outright, and reports NonStructuralSchema
// otherwise), their CEL rules compile (a rule that does not compile refuses the
// CRD at create time), and Metacontroller accepted the controller objects and
// calls our hooks through the loopback webhook URLs.
import { describe, expect, it } from 'vitest';
import { control, get, kubectl, waitFor } from './support/cluster.js';
import { render } from './support/overlay.js';
import { REPO_ROOT } from './support/binaries.js';
import { join } from 'node:path';

const ours = render(join(REPO_ROOT, 'manifests'));

describe('install (kubectl apply -k of the test overlay over manifests/)', () => {
  it('every CRD of manifests/crds is Established, structural, and its CEL rules are in the stored schema', async () => {
    const crds = ours.filter((o) => o.kind === 'CustomResourceDefinition');
    expect(crds.length).toBeGreaterThanOrEqual(5);
    for (const crd of crds) {
      const live = await get('crd', crd.metadata.name);
      const conds = Object.fromEntries((live.status.conditions as { type: string; status: string }[]).map((c) => [c.type, c.status]));
      expect(conds, crd.metadata.name).toMatchObject({ Established: 'True', NamesAccepted: 'True' });
      expect(conds.NonStructuralSchema, crd.metadata.name).toBeUndefined();
    }
    const withRules = JSON.stringify(crds.map((c) => c.spec)).match(/x-kubernetes-validations/g) ?? [];
    expect(withRules.length, 'the CRDs carry CEL rules for the API server to compile').toBeGreaterThan(0);
  });

  it('the controller objects are accepted and point at the loopback hook URL, and no hook-server workload was installed', async () => {
    for (const obj of ours.filter((o) => o.kind === 'CompositeController' || o.kind === 'DecoratorController')) {
      const live = await get(obj.kind.toLowerCase(), obj.metadata.name);
      expect(live, obj.metadata.name).toBeDefined();
      for (const hook of Object.values(live.spec.hooks as Record<string, { webhook: { url: string; service?: unknown } }>)) {
        expect(hook.webhook.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/hooks\//);
        expect(hook.webhook.service).toBeUndefined();
      }
    }
    expect(await get('deployment', 'omnia-hooks', 'omnia-system')).toBeUndefined();
  });

  it('a change to a CRD schema that is not structural is refused by the API server', async () => {
    const r = await kubectl(['apply', '--dry-run=server', '-f', '-'], {
      allowFailure: true,
      input: JSON.stringify({
        apiVersion: 'apiextensions.k8s.io/v1',
        kind: 'CustomResourceDefinition',
        metadata: { name: 'broken.omnia.test' },
        spec: {
          group: 'omnia.test',
          scope: 'Namespaced',
          names: { plural: 'broken', singular: 'broken', kind: 'Broken' },
          versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', properties: { spec: { 'x-kubernetes-validations': [{ rule: 'self.nope(' }] } } } } }],
        },
      }),
    });
    // Proves the checks above mean something: this API server compiles CEL and checks structure.
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/compil|structural|type: Required value/i);
  });

  it('Metacontroller calls our hooks (through the recording proxy)', async () => {
    await kubectl(['apply', '-n', 'default', '-f', '-'], {
      input: JSON.stringify({ apiVersion: 'omnia.altairalabs.ai/v1alpha1', kind: 'Provider', metadata: { name: 'install-probe' }, spec: { type: 'mock' } }),
    });
    const counts = await waitFor('a provider sync call', async () => {
      const c = (await control('GET', '/proxy/counts')) as Record<string, number>;
      return (c['/hooks/provider/sync'] ?? 0) > 0 ? c : undefined;
    });
    expect(counts['/hooks/provider/sync']).toBeGreaterThan(0);
    await kubectl(['delete', 'provider', 'install-probe', '-n', 'default', '--wait=false']);
  });
});
