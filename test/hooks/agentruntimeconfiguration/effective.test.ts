import { describe, expect, it } from 'vitest';
import { hooks } from '../../../src/hooks/agentruntimeconfiguration/index.js';
import type { DecoratorSyncResponse } from '../../../src/hooks/metacontroller.js';

const sync = hooks.sync as (request: unknown, now: Date) => DecoratorSyncResponse;
const NOW = new Date('2026-02-01T10:00:00Z');
const TYPE = 'AgentRuntimeConfiguration.omnia.altairalabs.ai/v1alpha1';

function arc(name: string, namespace: string, spec: unknown = {}, extra: Record<string, unknown> = {}) {
  return { apiVersion: 'omnia.altairalabs.ai/v1alpha1', kind: 'AgentRuntimeConfiguration', metadata: { name, namespace, ...extra }, spec };
}
function run(self: ReturnType<typeof arc>, others: ReturnType<typeof arc>[]) {
  const group: Record<string, unknown> = {};
  for (const o of [...others, self]) group[`${o.metadata.namespace}/${o.metadata.name}`] = o;
  return sync({ object: self, related: { [TYPE]: group } }, NOW).status as {
    phase: string;
    effectiveFor: string;
    conditions: { type: string; status: string; reason: string; message: string }[];
  };
}

describe('agentruntimeconfiguration: which one is in effect', () => {
  it('omnia-system is cluster-wide, any other namespace is namespace-wide', () => {
    expect(run(arc('defaults', 'omnia-system'), [])).toMatchObject({ phase: 'Ready', effectiveFor: 'cluster' });
    expect(run(arc('defaults', 'team-a'), [])).toMatchObject({ phase: 'Ready', effectiveFor: 'namespace' });
  });

  it('the first by name wins; the others say who shadows them', () => {
    const a = arc('alpha', 'team-a');
    const b = arc('beta', 'team-a');
    expect(run(a, [b]).phase).toBe('Ready');
    const shadowed = run(b, [a]);
    expect(shadowed.phase).toBe('Invalid');
    expect(shadowed.conditions.find((c) => c.type === 'Effective')).toMatchObject({ status: 'False', reason: 'Shadowed' });
    expect(shadowed.conditions.find((c) => c.type === 'Effective')!.message).toContain('"alpha"');
  });

  it('configurations of other namespaces and ones being deleted do not shadow', () => {
    const other = arc('aaa', 'team-b');
    const leaving = arc('aab', 'team-a', {}, { deletionTimestamp: '2026-02-01T09:00:00Z' });
    expect(run(arc('zzz', 'team-a'), [other, leaving]).phase).toBe('Ready');
  });

  it('an invalid spec is Invalid with every problem listed', () => {
    const s = run(arc('x', 'team-a', { images: { facade: '', frameworks: { promptkit: 'ok/image:1', 'Bad_Key': 'ok/image:1' } } }), []);
    expect(s.phase).toBe('Invalid');
    const valid = s.conditions.find((c) => c.type === 'Valid')!;
    expect(valid).toMatchObject({ status: 'False', reason: 'InvalidSpec' });
    expect(valid.message).toContain('images.facade');
    expect(valid.message).toContain('"Bad_Key"');
    expect(valid.message).not.toContain('promptkit');
  });

  it('accepts image references with registry ports and digests, and numeric quantities', () => {
    const spec = {
      images: { facade: 'registry.local:5000/omnia/facade@sha256:' + 'a'.repeat(64), frameworks: { 'lang-chain': 'lc:1' } },
      defaultResources: { requests: { cpu: 0.5, memory: '1.5Gi' }, limits: { cpu: '2', 'nvidia.com/gpu': '1' } },
    };
    expect(run(arc('x', 'team-a', spec), []).phase).toBe('Ready');
  });
});
