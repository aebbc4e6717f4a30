// The strategic merge patch against the behaviour Kubernetes documents for
// `kubectl patch --type strategic` (api-machinery's strategic-merge-patch.md)
// on core/v1 PodSpec, one rule per test.

import { describe, expect, it } from 'vitest';
import { PatchError, strategicMerge } from '../../../../src/hooks/agentruntime/children/pod-patch.js';
import type { Json } from '../../../../src/shared/json.js';

const pod = (): Json => ({
  containers: [
    {
      name: 'facade',
      image: 'omnia:1',
      env: [
        { name: 'A', value: '1' },
        { name: 'B', value: '2' },
      ],
      ports: [
        { containerPort: 8080, name: 'facade' },
        { containerPort: 8081, name: 'health' },
      ],
      volumeMounts: [
        { mountPath: '/tmp', name: 'tmp' },
        { mountPath: '/etc/omnia/config', name: 'config' },
      ],
      securityContext: { readOnlyRootFilesystem: true, runAsNonRoot: true },
      args: ['facade', '--x'],
    },
    { name: 'runtime', image: 'omnia:1' },
  ],
  volumes: [
    { name: 'tmp', emptyDir: {} },
    { name: 'config', configMap: { name: 'c' } },
  ],
  tolerations: [{ key: 'a', operator: 'Exists' }],
  nodeSelector: { pool: 'general', zone: 'a' },
  securityContext: { runAsNonRoot: true, runAsUser: 65532 },
});

const merge = (patch: unknown): Json => strategicMerge(pod(), patch, 'PodSpec', 'spec.podSpec');
const container = (p: Json, name: string): Json => (p.containers as Json[]).find((c) => c.name === name)!;

describe('strategic merge patch over a PodSpec', () => {
  it('merges a container by name, field by field, keeping its other fields and the other containers', () => {
    const out = merge({ containers: [{ name: 'facade', image: 'omnia:2' }] });
    expect(container(out, 'facade')).toEqual({ ...container(pod(), 'facade'), image: 'omnia:2' });
    expect(container(out, 'runtime')).toEqual({ name: 'runtime', image: 'omnia:1' });
  });

  it('appends a container of another name (a sidecar) after ours', () => {
    const out = merge({ containers: [{ name: 'shipper', image: 'fluent-bit:3' }] });
    expect((out.containers as Json[]).map((c) => c.name)).toEqual(['facade', 'runtime', 'shipper']);
  });

  it('merges env by name: a match is replaced in place, a new name appended', () => {
    const out = merge({ containers: [{ name: 'facade', env: [{ name: 'C', value: '3' }, { name: 'A', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }] }] });
    expect(container(out, 'facade').env).toEqual([
      // The matched entry is merged: value stays unless nulled (as in Kubernetes).
      { name: 'A', value: '1', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } },
      { name: 'B', value: '2' },
      { name: 'C', value: '3' },
    ]);
  });

  it('merges ports by containerPort and volumeMounts by mountPath', () => {
    const out = merge({
      containers: [{ name: 'facade', ports: [{ containerPort: 8081, protocol: 'TCP' }, { containerPort: 9090 }], volumeMounts: [{ mountPath: '/tmp', readOnly: true }] }],
    });
    expect(container(out, 'facade').ports).toEqual([
      { containerPort: 8080, name: 'facade' },
      { containerPort: 8081, name: 'health', protocol: 'TCP' },
      { containerPort: 9090 },
    ]);
    expect((container(out, 'facade').volumeMounts as Json[])[0]).toEqual({ mountPath: '/tmp', name: 'tmp', readOnly: true });
  });

  it('merges volumes by name; a new volume is added', () => {
    const out = merge({ volumes: [{ name: 'tmp', emptyDir: { medium: 'Memory' } }, { name: 'cache', emptyDir: {} }] });
    expect(out.volumes).toEqual([
      { name: 'tmp', emptyDir: { medium: 'Memory' } },
      { name: 'config', configMap: { name: 'c' } },
      { name: 'cache', emptyDir: {} },
    ]);
  });

  it('honours $retainKeys: a volume switched to another source loses the old one', () => {
    const out = merge({ volumes: [{ name: 'tmp', $retainKeys: ['name', 'hostPath'], hostPath: { path: '/x' } }] });
    expect((out.volumes as Json[])[0]).toEqual({ name: 'tmp', hostPath: { path: '/x' } });
  });

  it('replaces tolerations, args and other lists without a merge key whole', () => {
    const out = merge({ tolerations: [{ key: 'b', operator: 'Exists' }], containers: [{ name: 'facade', args: ['facade'] }] });
    expect(out.tolerations).toEqual([{ key: 'b', operator: 'Exists' }]);
    expect(container(out, 'facade').args).toEqual(['facade']);
  });

  it('merges maps key by key; null deletes a key', () => {
    const out = merge({ nodeSelector: { zone: null, arch: 'arm64' }, securityContext: { runAsUser: 1000 } });
    expect(out.nodeSelector).toEqual({ pool: 'general', arch: 'arm64' });
    expect(out.securityContext).toEqual({ runAsNonRoot: true, runAsUser: 1000 });
  });

  it('$patch: replace on a map makes it the patch', () => {
    const out = merge({ nodeSelector: { $patch: 'replace', arch: 'arm64' } });
    expect(out.nodeSelector).toEqual({ arch: 'arm64' });
  });

  it('$patch: delete on a map removes it', () => {
    const out = merge({ securityContext: { $patch: 'delete' } });
    expect(out).not.toHaveProperty('securityContext');
  });

  it('$patch: delete on a list item removes the item its merge key names (and nothing when none matches)', () => {
    const out = merge({
      containers: [{ name: 'runtime', $patch: 'delete' }, { name: 'facade', env: [{ name: 'A', $patch: 'delete' }], volumeMounts: [{ mountPath: '/nope', $patch: 'delete' }] }],
    });
    expect((out.containers as Json[]).map((c) => c.name)).toEqual(['facade']);
    expect(container(out, 'facade').env).toEqual([{ name: 'B', value: '2' }]);
    expect(container(out, 'facade').volumeMounts).toEqual(container(pod(), 'facade').volumeMounts);
  });

  it('a list item {$patch: replace} makes the list the patch\'s other items', () => {
    const out = merge({ volumes: [{ $patch: 'replace' }, { name: 'only', emptyDir: {} }] });
    expect(out.volumes).toEqual([{ name: 'only', emptyDir: {} }]);
  });

  it('leaves no directive in the result and modifies neither input', () => {
    const original = pod();
    const patch = { tolerations: [{ key: 'x', $patch: 'merge' }], affinity: { $patch: 'replace', nodeAffinity: {} }, '$setElementOrder/containers': [{ name: 'facade' }] };
    const before = JSON.stringify([original, patch]);
    const out = strategicMerge(original, patch, 'PodSpec', 'spec.podSpec');
    expect(JSON.stringify(out)).not.toContain('$');
    expect(JSON.stringify([original, patch])).toBe(before);
  });

  it.each([
    [{ containers: { name: 'facade' } }, 'spec.podSpec.containers: expected a list'],
    [{ containers: [{ image: 'x' }] }, 'spec.podSpec.containers[0]: missing the merge key name'],
    [{ containers: ['facade'] }, 'spec.podSpec.containers[0]: expected an object'],
    [{ containers: [{ name: 'facade', env: [{ value: 'x' }] }] }, 'spec.podSpec.containers[name=facade].env[0]: missing the merge key name'],
    [{ nodeSelector: { $patch: 'remove' } }, 'spec.podSpec.nodeSelector.$patch: unknown directive "remove" (replace, merge or delete)'],
    [{ volumes: [{ name: 'tmp', $retainKeys: 'name' }] }, 'spec.podSpec.volumes[name=tmp].$retainKeys: expected a list of field names'],
    ['containers', 'spec.podSpec: expected an object'],
    [JSON.parse('{"nodeSelector": {"__proto__": {"polluted": "yes"}}}'), 'spec.podSpec.nodeSelector.__proto__: not a field'],
  ])('refuses an ill-formed patch, naming its path: %j', (patch, message) => {
    expect(() => merge(patch)).toThrow(PatchError);
    expect(() => merge(patch)).toThrow(message);
  });
});
