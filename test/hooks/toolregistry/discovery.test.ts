import { describe, expect, it } from 'vitest';
import { hooks } from '../../../src/hooks/toolregistry/index.js';
import type { CustomizeResponse, DecoratorSyncResponse, KubeObject } from '../../../src/hooks/metacontroller.js';
import { HookRequestError } from '../../../src/hooks/types.js';

const sync = hooks.sync as (request: unknown, now: Date) => DecoratorSyncResponse;
const customize = hooks.customize as (request: unknown, now: Date) => CustomizeResponse;
const NOW = new Date('2026-02-01T10:00:00Z');

interface Tool {
  name: string;
  endpoint: string;
  status: string;
  source: string;
  error?: string;
}

function registry(tools: unknown[], namespace = 'agents') {
  return { apiVersion: 'omnia.altairalabs.ai/v1alpha1', kind: 'ToolRegistry', metadata: { name: 'tools', namespace }, spec: { tools } };
}
function svc(name: string, namespace: string, labels: Record<string, string>, ports: unknown[], annotations?: Record<string, string>): KubeObject {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace, labels, ...(annotations ? { annotations } : {}) }, spec: { ports } };
}
function run(tools: unknown[], services: KubeObject[]) {
  const group: Record<string, KubeObject> = {};
  for (const s of services) group[`${s.metadata.namespace}/${s.metadata.name}`] = s;
  const r = sync({ object: registry(tools), related: { 'Service.v1': group } }, NOW);
  return { status: r.status as { phase: string; discoveredTools: Tool[]; discoveredToolsCount: number }, response: r };
}

describe('toolregistry discovery', () => {
  const selector = (extra: Record<string, unknown> = {}) => ({
    name: 'lookup',
    endpoint: { selector: { matchLabels: { tool: 'yes' }, ...extra } },
  });

  it('one tool per matching Service, sorted by name, with annotation name/path and a fallback name', () => {
    const { status } = run(
      [{ name: 'z_inline', endpoint: { url: 'https://z.example.com' } }, selector()],
      [
        svc('orders', 'agents', { tool: 'yes' }, [{ name: 'http', port: 8080 }], { 'omnia.altairalabs.ai/tool-path': 'v1/orders' }),
        svc('accounts', 'agents', { tool: 'yes' }, [{ port: 7000 }], { 'omnia.altairalabs.ai/tool-name': 'accounts_api' }),
        svc('web', 'agents', { tool: 'no' }, [{ port: 80 }]),
      ],
    );
    expect(status.discoveredTools.map((t) => [t.name, t.endpoint])).toEqual([
      ['accounts_api', 'http://accounts.agents.svc.cluster.local:7000'],
      ['lookup-orders', 'http://orders.agents.svc.cluster.local:8080/v1/orders'],
      ['z_inline', 'https://z.example.com'],
    ]);
    expect(status.phase).toBe('Ready');
    expect(status.discoveredToolsCount).toBe(3);
  });

  it('the answer does not depend on the order of the related map', () => {
    const services = [
      svc('b', 'agents', { tool: 'yes' }, [{ port: 1 }]),
      svc('a', 'agents', { tool: 'yes' }, [{ port: 2 }]),
      svc('c', 'agents', { tool: 'yes' }, [{ port: 3 }]),
    ];
    const one = JSON.stringify(run([selector()], services).response);
    const two = JSON.stringify(run([selector()], [...services].reverse()).response);
    expect(one).toBe(two);
  });

  it('picks a port by name, by number, by numeric string; reports a missing one', () => {
    const s = svc('multi', 'agents', { tool: 'yes' }, [{ name: 'grpc', port: 9090 }, { name: 'http', port: 8080 }]);
    const endpoint = (port: unknown) => run([selector({ port })], [s]).status.discoveredTools[0]!;
    expect(endpoint('http').endpoint).toBe('http://multi.agents.svc.cluster.local:8080');
    expect(endpoint(9090).endpoint).toBe('http://multi.agents.svc.cluster.local:9090');
    expect(endpoint('8080').endpoint).toBe('http://multi.agents.svc.cluster.local:8080');
    expect(endpoint(undefined).endpoint).toBe('http://multi.agents.svc.cluster.local:9090');
    expect(endpoint('admin')).toMatchObject({ status: 'Unavailable', endpoint: '', error: 'Service agents/multi has no port "admin"' });
  });

  it('a selector in another namespace only takes Services of that namespace that carry the labels', () => {
    const { status } = run(
      [selector({ namespace: 'shared-tools' })],
      [
        svc('match', 'shared-tools', { tool: 'yes' }, [{ port: 80 }]),
        svc('nolabel', 'shared-tools', { tool: 'no' }, [{ port: 80 }]),
        svc('samelabel-wrong-ns', 'agents', { tool: 'yes' }, [{ port: 80 }]),
      ],
    );
    expect(status.discoveredTools.map((t) => t.endpoint)).toEqual(['http://match.shared-tools.svc.cluster.local:80']);
  });

  it('Degraded when some tools are unavailable, Failed when none are', () => {
    expect(run([selector(), { name: 'ok', endpoint: { url: 'http://ok.example.com' } }], []).status.phase).toBe('Degraded');
    expect(run([selector()], []).status).toMatchObject({
      phase: 'Failed',
      discoveredTools: [{ name: 'lookup', status: 'Unavailable', error: 'no Service in namespace agents matches tool=yes' }],
    });
  });

  it('duplicate names: the available tool wins over an unavailable inline one; the loser is reported', () => {
    const { status } = run(
      [
        { name: 'lookup-orders', endpoint: { url: 'not a url' } },
        selector(),
      ],
      [svc('orders', 'agents', { tool: 'yes' }, [{ port: 8080 }])],
    );
    expect(status.discoveredTools).toMatchObject([
      { name: 'lookup-orders', source: 'service', status: 'Available' },
      { name: 'lookup-orders', source: 'inline', status: 'Unavailable' },
    ]);
    expect(status.discoveredTools[1]!.error).toContain('duplicate tool name');
  });

  it('spec.tools that is not a list is a Failed status', () => {
    const r = sync({ object: { ...registry([]), spec: { tools: { a: 1 } } } }, NOW);
    expect(r.status).toMatchObject({ phase: 'Failed', discoveredTools: [], discoveredToolsCount: 0 });
  });

  it('customize: same-namespace selectors as labelSelector, other namespaces by namespace, invalid ones skipped', () => {
    const r = customize(
      {
        parent: registry([
          selector(),
          selector({ namespace: 'shared-tools' }),
          { name: 'empty', endpoint: { selector: { matchLabels: {} } } },
          { name: 'url', endpoint: { url: 'https://x.example.com' } },
        ]),
      },
      NOW,
    );
    expect(r.relatedResources).toEqual([
      { apiVersion: 'v1', resource: 'services', labelSelector: { matchLabels: { tool: 'yes' } } },
      { apiVersion: 'v1', resource: 'services', namespace: 'shared-tools' },
    ]);
    // Metacontroller rejects a rule that has both a labelSelector and a namespace.
    for (const rule of r.relatedResources) expect(rule.labelSelector && rule.namespace).toBeFalsy();
  });

  it('a request without an object is a request error', () => {
    expect(() => sync({ parent: registry([]) }, NOW)).toThrow(HookRequestError);
  });
});
