// The version ConfigMaps of any legal PromptPack name and any SemVer version
// are named as the API server accepts, and the status names them as emitted
// (the AgentRuntime mounts the ConfigMap the status names).

import { describe, expect, it } from 'vitest';
import { hooks } from '../../../src/hooks/promptpack/index.js';
import { versionConfigMapName } from '../../../src/hooks/promptpack/names.js';
import type { CompositeSyncResponse } from '../../../src/hooks/metacontroller.js';
import { dns1123Subdomain } from '../../support/k8s-names.js';
import { validateChild } from '../../support/k8s-validate.js';
import { packText } from './cluster-sim.js';

const sync = hooks.sync as (request: unknown, now: Date) => CompositeSyncResponse;
const NOW = new Date('2026-02-01T10:00:00Z');

function request(name: string, version: string): unknown {
  return {
    parent: {
      apiVersion: 'omnia.altairalabs.ai/v1alpha1',
      kind: 'PromptPack',
      metadata: { name, namespace: 'agents' },
      spec: { source: { configMapRef: { name: 'src' } }, version },
    },
    related: {
      'ConfigMap.v1': { 'agents/src': { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'src', namespace: 'agents' }, data: { 'pack.json': packText(version) } } },
    },
  };
}

describe('PromptPack version ConfigMap names', () => {
  const names = ['support', 'my.pack', 'a'.repeat(63), 'a'.repeat(253), `packs.example.com.${'b'.repeat(235)}`];
  const versions = ['1.0.0', '1.2.3-rc.1+build.5', '1.0.0-rc-', '1.0.0-x--', '1.0.0+BUILD'];

  it('are valid for every legal pack name and version, and the status names what is emitted', () => {
    for (const name of names) {
      for (const version of versions) {
        const at = `${name} ${version}`;
        const r = sync(request(name, version), NOW);
        expect(r.status.phase, at).toBe('Active');
        expect(r.children).toHaveLength(1);
        const child = r.children[0]!;
        validateChild(child);
        expect((r.status as { active?: { configMapName?: string } }).active?.configMapName, at).toBe(child.metadata.name);
      }
    }
  });

  it('keep the conventional name when it fits, and tell versions apart when shortened', () => {
    expect(versionConfigMapName('support', 'v1.2.0')).toBe('support-v1-2-0');
    const long = 'a'.repeat(253);
    const one = versionConfigMapName(long, '1.0.0');
    const two = versionConfigMapName(long, '1.1.0');
    expect(one).toMatch(/^a+-[0-9a-f]{8}-v1-0-0$/);
    expect(dns1123Subdomain(one)).toBeUndefined();
    expect(one).not.toBe(two);
  });
});
