import { describe, expect, it } from 'vitest';
import { hooks } from '../../../src/hooks/promptpack/index.js';
import type { CompositeSyncResponse, CustomizeResponse } from '../../../src/hooks/metacontroller.js';
import { HookRequestError } from '../../../src/hooks/types.js';
import { packText } from './cluster-sim.js';

const sync = hooks.sync as (request: unknown, now: Date) => CompositeSyncResponse;
const customize = hooks.customize as (request: unknown, now: Date) => CustomizeResponse;
const NOW = new Date('2026-02-01T10:00:00Z');
const parent = (spec: unknown, status?: unknown) => ({
  apiVersion: 'omnia.altairalabs.ai/v1alpha1',
  kind: 'PromptPack',
  metadata: { name: 'pack', namespace: 'agents' },
  spec,
  ...(status !== undefined ? { status } : {}),
});
const source = (data: Record<string, string>, binaryData?: Record<string, string>) => ({
  'ConfigMap.v1': {
    'agents/src': { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'src', namespace: 'agents' }, data, ...(binaryData ? { binaryData } : {}) },
  },
});
const goodSpec = { source: { configMapRef: { name: 'src' } }, version: '1.0.0' };

describe('promptpack hook: bad input', () => {
  it('a request it cannot understand is a HookRequestError (→ 4xx, nothing applied)', () => {
    for (const bad of [null, 'text', 42, {}, { parent: null }, { parent: { metadata: {} } }, { parent: { metadata: { name: '' } } }]) {
      expect(() => sync(bad, NOW)).toThrow(HookRequestError);
      expect(() => customize(bad, NOW)).toThrow(HookRequestError);
    }
  });

  it('garbage spec, status and maps give an honest Failed status', () => {
    const r = sync({ parent: parent('nonsense', 'also nonsense'), children: 'x', related: { 'ConfigMap.v1': 7 } }, NOW);
    expect(r.status.phase).toBe('Failed');
    expect(r.children).toEqual([]);
    expect(customize({ parent: parent('nonsense') }, NOW).relatedResources).toEqual([
      { apiVersion: 'v1', resource: 'services', namespace: 'agents', labelSelector: { matchLabels: { 'omnia.altairalabs.ai/promptpack': 'pack' } } },
    ]);
  });

  it('reads a pack held in binaryData', () => {
    const r = sync({ parent: parent(goodSpec), related: source({}, { 'pack.json': Buffer.from(packText('1.0.0')).toString('base64') }) }, NOW);
    expect(r.status.phase).toBe('Active');
    expect((r.children[0]!.data as Record<string, string>)['pack.json']).toBe(packText('1.0.0'));
  });

  it('prefers pack.json over other keys, and an explicit key over pack.json', () => {
    const data = { 'pack.json': packText('1.0.0'), 'other.json': packText('1.0.0', true) };
    const implicit = sync({ parent: parent(goodSpec), related: source(data) }, NOW);
    expect((implicit.children[0]!.data as Record<string, string>)['pack.json']).toBe(data['pack.json']);
    const explicit = sync({ parent: parent({ ...goodSpec, source: { configMapRef: { name: 'src', key: 'other.json' } } }), related: source(data) }, NOW);
    expect((explicit.children[0]!.data as Record<string, string>)['pack.json']).toBe(data['other.json']);
  });

  it('a pre-release version maps to a DNS-safe ConfigMap name', () => {
    const r = sync({ parent: parent({ ...goodSpec, version: '1.2.0-rc.1+build.7' }), related: source({ 'pack.json': packText('1.2.0-rc.1+build.7') }) }, NOW);
    expect(r.status.active).toMatchObject({ version: '1.2.0-rc.1+build.7', configMapName: 'pack-v1-2-0-rc-1-build-7' });
  });

  it('refuses a source ConfigMap whose name collides with a version ConfigMap', () => {
    const spec = { source: { configMapRef: { name: 'pack-v1-0-0' } }, version: '1.0.0' };
    const related = { 'ConfigMap.v1': { 'agents/pack-v1-0-0': { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'pack-v1-0-0', namespace: 'agents' }, data: { 'pack.json': packText('1.0.0') } } } };
    const r = sync({ parent: parent(spec), related }, NOW);
    expect(r.status.phase).toBe('Failed');
    const source = (r.status.conditions as { type: string; reason: string }[]).find((c) => c.type === 'SourceValid');
    expect(source?.reason).toBe('ConfigMapNameConflict');
  });

  it('with nothing valid to serve it keeps the ConfigMaps that exist instead of deleting them', () => {
    const child = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'pack-v0-9-0', namespace: 'agents', labels: { 'controller-uid': 'u' } },
      data: { 'pack.json': packText('0.9.0') },
    };
    const r = sync({ parent: parent(goodSpec), children: { 'ConfigMap.v1': { 'agents/pack-v0-9-0': child } }, related: source({ 'pack.json': '{' }) }, NOW);
    expect(r.status.phase).toBe('Failed');
    expect(r.children.map((c) => c.metadata.name)).toEqual(['pack-v0-9-0']);
    expect(r.children[0]!.data).toEqual(child.data);
  });
});
