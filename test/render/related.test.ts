// Related objects as Metacontroller selects them for a customize rule:
// apiVersion + resource, the rule's namespace or the parent's, names, and
// label selectors with matchLabels and matchExpressions.

import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/hooks/metacontroller.js';
import { resourceOf } from '../../src/render/objects.js';
import { selectRelated } from '../../src/render/related.js';

const svc = (name: string, namespace: string, labels: Record<string, string> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name, namespace, labels },
});
const pool = [svc('a', 'one', { tier: 'db' }), svc('b', 'one', { tier: 'web' }), svc('c', 'two', { tier: 'db' }), svc('d', 'one')];
const names = (rules: Parameters<typeof selectRelated>[1], ns = 'one') =>
  Object.values(selectRelated(pool, rules, ns)['Service.v1'] ?? {}).map((o) => o.metadata.name).sort();

describe('selectRelated', () => {
  it("defaults to the parent's namespace; a rule's namespace overrides it", () => {
    expect(names([{ apiVersion: 'v1', resource: 'services' }])).toEqual(['a', 'b', 'd']);
    expect(names([{ apiVersion: 'v1', resource: 'services', namespace: 'two' }])).toEqual(['c']);
  });

  it('filters by names and by matchLabels', () => {
    expect(names([{ apiVersion: 'v1', resource: 'services', names: ['b', 'c'] }])).toEqual(['b']);
    expect(names([{ apiVersion: 'v1', resource: 'services', labelSelector: { matchLabels: { tier: 'db' } } }])).toEqual(['a']);
  });

  it('applies matchExpressions In, NotIn, Exists and DoesNotExist', () => {
    const sel = (e: object) => names([{ apiVersion: 'v1', resource: 'services', labelSelector: { matchExpressions: [e] } }]);
    expect(sel({ key: 'tier', operator: 'In', values: ['web', 'db'] })).toEqual(['a', 'b']);
    expect(sel({ key: 'tier', operator: 'NotIn', values: ['web'] })).toEqual(['a', 'd']);
    expect(sel({ key: 'tier', operator: 'Exists' })).toEqual(['a', 'b']);
    expect(sel({ key: 'tier', operator: 'DoesNotExist' })).toEqual(['d']);
  });

  it('matches apiVersion and resource exactly', () => {
    expect(names([{ apiVersion: 'v2', resource: 'services' }])).toEqual([]);
    expect(names([{ apiVersion: 'v1', resource: 'configmaps' }])).toEqual([]);
  });
});

describe('resourceOf', () => {
  it('pluralises the kinds omnia relates as Kubernetes does', () => {
    expect(['Secret', 'ConfigMap', 'Service', 'PromptPack', 'Provider', 'ToolRegistry', 'AgentRuntimeConfiguration', 'AgentRuntime'].map(resourceOf)).toEqual([
      'secrets', 'configmaps', 'services', 'promptpacks', 'providers', 'toolregistries', 'agentruntimeconfigurations', 'agentruntimes',
    ]);
  });
});
