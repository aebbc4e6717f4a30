// A ToolServer's Service as a ToolRegistry finds it: the Services the
// ToolServer hook emits are handed, as Metacontroller would relate them, to
// the ToolRegistry hooks (customize for the rule, sync for the status), and the
// registry lists each server as an available tool at its in-cluster URL.

import { describe, expect, it } from 'vitest';
import type { CompositeSyncResponse, KubeObject } from '../../../src/hooks/metacontroller.js';
import { customizeToolRegistry } from '../../../src/hooks/toolregistry/customize.js';
import { syncToolRegistry } from '../../../src/hooks/toolregistry/sync.js';
import { syncToolServer } from '../../../src/hooks/toolserver/sync.js';
import { selectRelated } from '../../../src/render/related.js';

const NOW = new Date('2026-01-01T00:00:00Z');
const NS = 'tools';
const OMNIA = 'omnia.altairalabs.ai/v1alpha1';

function serverServices(name: string, spec: Record<string, unknown>): KubeObject[] {
  const parent = { apiVersion: OMNIA, kind: 'ToolServer', metadata: { name, namespace: NS }, spec };
  const res = syncToolServer({ parent, children: {}, related: {} }, NOW) as CompositeSyncResponse;
  // As the API server stores the child: in the parent's namespace.
  return res.children.filter((c) => c.kind === 'Service').map((c) => ({ ...c, metadata: { ...c.metadata, namespace: NS } }));
}

const registry = (tools: unknown[]): KubeObject => ({ apiVersion: OMNIA, kind: 'ToolRegistry', metadata: { name: 'tool-servers', namespace: NS }, spec: { tools } } as KubeObject);
const selectorEntry = (name: string, type: string, labels: Record<string, string>) => ({ name, type, timeout: '30s', retries: 0, endpoint: { selector: { matchLabels: labels } } });

/** The registry's status given these Services in the cluster, related by its own customize rules. */
function registryStatus(reg: KubeObject, pool: KubeObject[]): Record<string, any> {
  const rules = customizeToolRegistry({ parent: reg }).relatedResources;
  const related = selectRelated(pool, rules, NS);
  return syncToolRegistry({ object: reg, attachments: {}, related }, NOW).status as Record<string, any>;
}

describe('a ToolServer discovered by a ToolRegistry', () => {
  const weather = serverServices('weather', { protocol: 'mcp', transportType: 'http', image: 'ghcr.io/example/weather-mcp:1', port: 8080, description: 'Weather by city' });
  const calculator = serverServices('calculator.v1', { protocol: 'http', image: 'ghcr.io/example/calc:1', port: 8000, path: '/evaluate' });
  const other: KubeObject = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'unrelated', namespace: NS, labels: { app: 'x' } }, spec: { ports: [{ port: 80 }] } };
  const pool = [...weather, ...calculator, other];

  it('each ToolServer emits exactly one Service', () => {
    expect(weather).toHaveLength(1);
    expect(calculator).toHaveLength(1);
  });

  it('selecting every tool server by component lists both, available, at their Services\' URLs with their paths', () => {
    const status = registryStatus(registry([selectorEntry('servers', 'mcp', { 'omnia.altairalabs.ai/component': 'toolserver' })]), pool);
    expect(status.phase).toBe('Ready');
    const tools = status.discoveredTools.map((t: any) => [t.name, t.status, t.endpoint, t.description]);
    // The calculator has no description: the registry falls back to the entry's (none here).
    expect(tools).toEqual([
      ['calculator_v1', 'Available', `http://calculator-v1-14fc51e0.${NS}.svc.cluster.local:8000/evaluate`, ''],
      ['weather', 'Available', `http://weather.${NS}.svc.cluster.local:8080/mcp`, 'Weather by city'],
    ]);
  });

  it('one entry per protocol gives each server the type it speaks', () => {
    const status = registryStatus(
      registry([
        selectorEntry('mcp-servers', 'mcp', { 'omnia.altairalabs.ai/component': 'toolserver', 'omnia.altairalabs.ai/tool-protocol': 'mcp' }),
        selectorEntry('http-servers', 'http', { 'omnia.altairalabs.ai/component': 'toolserver', 'omnia.altairalabs.ai/tool-protocol': 'http' }),
      ]),
      pool,
    );
    expect(status.discoveredTools.map((t: any) => [t.name, t.type, t.source])).toEqual([
      ['calculator_v1', 'http', 'service'],
      ['weather', 'mcp', 'service'],
    ]);
    expect(status.discoveredToolsCount).toBe(2);
  });

  it('a ToolServer selected by its instance label alone is found, and the unrelated Service is not', () => {
    const status = registryStatus(registry([selectorEntry('weather-only', 'mcp', { 'app.kubernetes.io/instance': 'weather' })]), pool);
    expect(status.discoveredTools.map((t: any) => t.name)).toEqual(['weather']);
  });

  it('without the ToolServer\'s Service the registry reports the entry unavailable (the test has teeth)', () => {
    const status = registryStatus(registry([selectorEntry('servers', 'mcp', { 'omnia.altairalabs.ai/component': 'toolserver' })]), [other]);
    expect(status.phase).toBe('Failed');
    expect(status.discoveredTools[0].status).toBe('Unavailable');
  });
});
