// The Omnia-style samples in manifests/examples/{promptpack,toolregistry,provider,
// agentruntimeconfiguration}: each custom resource satisfies its CRD schema and,
// run through its hook with the objects it would find in a cluster, comes out
// healthy.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { ConfigMap, Service } from 'kubernetes-models/v1';
import { hooks as promptpack } from '../../../src/hooks/promptpack/index.js';
import { hooks as provider } from '../../../src/hooks/provider/index.js';
import { hooks as toolregistry } from '../../../src/hooks/toolregistry/index.js';
import { hooks as arc } from '../../../src/hooks/agentruntimeconfiguration/index.js';
import type { CompositeSyncResponse, CustomizeResponse, DecoratorSyncResponse, KubeObject } from '../../../src/hooks/metacontroller.js';
import { validateChild } from '../../support/k8s-validate.js';
import { ROOT, crdErrors } from '../support/golden.js';

const NOW = new Date('2026-02-01T10:00:00Z');

function load(dir: string, file: string, namespace = 'default'): KubeObject[] {
  const text = readFileSync(join(ROOT, 'manifests/examples', dir, file), 'utf8');
  return parseAllDocuments(text)
    .map((d) => d.toJS() as KubeObject)
    .filter(Boolean)
    .map((o) => ({ ...o, metadata: { namespace, ...o.metadata } }));
}
const mapOf = (objs: KubeObject[]) => Object.fromEntries(objs.map((o) => [`${o.metadata.namespace}/${o.metadata.name}`, o]));

describe('examples', () => {
  it('promptpack: single promptpack.json key, valid pack, goes Active with its version ConfigMap', () => {
    const [cm] = load('promptpack', 'configmap.yaml');
    const [pack] = load('promptpack', 'promptpack.yaml');
    new ConfigMap(cm as never).validate();
    expect(Object.keys(cm!.data as object)).toEqual(['promptpack.json']);
    expect(crdErrors('promptpack.schema.json', pack)).toEqual([]);
    // The schema check has teeth: a pack without a version is refused.
    expect(crdErrors('promptpack.schema.json', { ...pack, spec: { source: { configMapRef: { name: 'x' } } } })).not.toEqual([]);

    const related = (promptpack.customize!({ parent: pack }, NOW) as CustomizeResponse).relatedResources;
    expect(related[0]).toMatchObject({ resource: 'configmaps', names: ['customer-support-prompts'] });
    const r = promptpack.sync!({ parent: pack, children: { 'ConfigMap.v1': {} }, related: { 'ConfigMap.v1': mapOf([cm!]) } }, NOW) as CompositeSyncResponse;
    expect(r.status).toMatchObject({ phase: 'Active', activeVersion: '1.0.0', active: { configMapName: 'customer-support-v1-0-0', key: 'pack.json' } });
    expect(r.children).toHaveLength(1);
    validateChild(r.children[0]);
    expect((r.children[0]!.data as Record<string, string>)['pack.json']).toBe((cm!.data as Record<string, string>)['promptpack.json']);
  });

  it('toolregistry: URL and selector tools together; the other-namespace selector is asked for by namespace', () => {
    const services = load('toolregistry', 'services.yaml');
    const [registry] = load('toolregistry', 'toolregistry.yaml');
    for (const s of services) new Service(s as never).validate();
    expect(crdErrors('toolregistry.schema.json', registry)).toEqual([]);
    const related = (toolregistry.customize!({ parent: registry }, NOW) as CustomizeResponse).relatedResources;
    expect(related).toEqual([
      { apiVersion: 'v1', resource: 'services', labelSelector: { matchLabels: { 'omnia.altairalabs.ai/tool': 'true' } } },
      { apiVersion: 'v1', resource: 'services', namespace: 'platform-tools' },
    ]);
    const mcp: KubeObject = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'kb', namespace: 'platform-tools', labels: { 'app.kubernetes.io/name': 'knowledge-mcp' }, annotations: { 'omnia.altairalabs.ai/tool-path': '/mcp' } },
      spec: { ports: [{ name: 'mcp', port: 3000 }] },
    };
    const r = toolregistry.sync!({ object: registry, related: { 'Service.v1': mapOf([...services, mcp]) } }, NOW) as DecoratorSyncResponse;
    const status = r.status as { phase: string; discoveredTools: { name: string; endpoint: string; source: string }[] };
    expect(status.phase).toBe('Ready');
    expect(status.discoveredTools.map((t) => [t.name, t.source, t.endpoint])).toEqual([
      ['knowledge-kb', 'service', 'http://kb.platform-tools.svc.cluster.local:3000/mcp'],
      ['order_lookup', 'service', 'http://order-lookup.default.svc.cluster.local:8080/v1/orders/lookup'],
      ['support-refund-status', 'service', 'http://refund-status.default.svc.cluster.local:8081/refunds/status'],
      ['weather', 'inline', 'https://weather.example.com/api/current'],
    ]);
  });

  it('provider: shared from another namespace; Error until its Secret exists, then Ready', () => {
    const providers = load('provider', 'provider.yaml');
    const claude = providers.find((p) => p.metadata.name === 'claude-shared')!;
    expect(claude.metadata.namespace).toBe('shared-providers');
    expect(claude.spec).toMatchObject({ allowedNamespaces: ['team-a', 'team-b'] });
    for (const p of providers) expect(crdErrors('provider.schema.json', p)).toEqual([]);

    const without = provider.sync!({ object: claude, related: { 'Secret.v1': {} } }, NOW) as DecoratorSyncResponse;
    expect(without.status).toMatchObject({ phase: 'Error' });
    const secret: KubeObject = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'anthropic-credentials', namespace: 'shared-providers', resourceVersion: '31' },
      data: { ANTHROPIC_API_KEY: Buffer.from('example').toString('base64') },
    };
    const withSecret = provider.sync!({ object: claude, related: { 'Secret.v1': mapOf([secret]) } }, NOW) as DecoratorSyncResponse;
    expect(withSecret.status).toMatchObject({ phase: 'Ready', credentialRevision: '31' });
    const mock = provider.sync!({ object: providers.find((p) => p.metadata.name === 'mock') }, NOW) as DecoratorSyncResponse;
    expect(mock.status).toMatchObject({ phase: 'Ready' });
  });

  it('agentruntimeconfiguration: the omnia-system sample is valid and cluster-wide', () => {
    const [config] = load('agentruntimeconfiguration', 'agentruntimeconfiguration.yaml');
    expect(crdErrors('agentruntimeconfiguration.schema.json', config)).toEqual([]);
    const r = arc.sync!({ object: config, related: {} }, NOW) as DecoratorSyncResponse;
    expect(r.status).toMatchObject({ phase: 'Ready', effectiveFor: 'cluster' });
  });
});
