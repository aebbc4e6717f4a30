// The pod customisation as sync applies it (children/pod-custom.ts): what the
// hook states stays the hook's, precedence is template → first-class fields →
// spec.podSpec, an invalid result is Failed naming the path and never shows a
// value, and a spec that customises nothing is built as before.

import { describe, expect, it } from 'vitest';
import { customize } from '../../../../src/hooks/agentruntime/customize.js';
import { sync } from '../../../../src/hooks/agentruntime/sync.js';
import { withTag } from '../../../../src/hooks/agentruntime/resolve/cluster-config.js';
import type { KubeObject } from '../../../../src/hooks/metacontroller.js';
import { validateChild } from '../../../support/k8s-validate.js';
import { readJson } from '../../support/golden.js';
import { fixture, NOW } from '../fixtures.js';

type Json = Record<string, any>;
type Res = { status: Json; children: KubeObject[] };

function run(spec: Json, base = 'inline-provider'): Res {
  const req = readJson(fixture(base, 'request.json')) as Json;
  req.parent.spec = { ...req.parent.spec, ...spec };
  const res = sync(req, NOW) as Res;
  for (const c of res.children) validateChild(c);
  return res;
}
const deployment = (res: Res): Json => res.children.find((c) => c.kind === 'Deployment') as Json;
const podOf = (res: Res): Json => deployment(res).spec.template;
const containerOf = (res: Res, name: string): Json => podOf(res).spec.containers.find((c: Json) => c.name === name);
const ready = (res: Res): Json => res.status.conditions.find((c: Json) => c.type === 'Ready');

describe('pod customisation', () => {
  it('a spec without customisation builds the template as before (same bytes as the golden)', () => {
    const golden = readJson(fixture('inline-provider', 'response.json')) as Res;
    expect(JSON.stringify(deployment(run({})))).toBe(JSON.stringify(deployment(golden)));
  });

  it('precedence: the podSpec patch wins over the first-class env, which wins over nothing of ours', () => {
    const res = run({
      facade: { env: [{ name: 'LOG_LEVEL', value: 'info' }] },
      podSpec: { containers: [{ name: 'facade', env: [{ name: 'LOG_LEVEL', value: 'debug' }] }] },
    });
    expect(containerOf(res, 'facade').env.filter((e: Json) => e.name === 'LOG_LEVEL')).toEqual([{ name: 'LOG_LEVEL', value: 'debug' }]);
  });

  it.each([
    ['a first-class env', { framework: { env: [{ name: 'OMNIA_PROVIDER_MODEL', value: 'gpt-4o' }] } }, 'spec.framework.env', 'OMNIA_PROVIDER_MODEL'],
    ['the podSpec patch', { podSpec: { containers: [{ name: 'facade', env: [{ name: 'OMNIA_MAX_SESSIONS', value: '9' }] }] } }, 'spec.podSpec', 'OMNIA_MAX_SESSIONS'],
    ['a $patch: delete', { podSpec: { containers: [{ name: 'runtime', env: [{ name: 'ANTHROPIC_API_KEY', $patch: 'delete' }] }] } }, 'spec.podSpec', 'ANTHROPIC_API_KEY'],
  ])('the env the hook sets cannot be changed through %s', (_what, spec, path, name) => {
    const res = run(spec);
    expect(res.status.phase).toBe('Failed');
    expect(ready(res).reason).toBe('InvalidPodSpec');
    expect(ready(res).message).toContain(`${path}: container`);
    expect(ready(res).message).toContain(name);
    expect(res.children).toEqual([]);
  });

  it('our labels and annotations win on our keys; the others are added', () => {
    const res = run({
      runtime: { podLabels: { 'app.kubernetes.io/instance': 'x', team: 'a' }, podAnnotations: { 'omnia.altairalabs.ai/config-hash': 'x', note: 'n' } },
    });
    const { metadata } = podOf(res);
    expect(metadata.labels['app.kubernetes.io/instance']).toBe('inline-agent');
    expect(metadata.labels.team).toBe('a');
    expect(metadata.annotations['omnia.altairalabs.ai/config-hash']).not.toBe('x');
    expect(metadata.annotations.note).toBe('n');
    // The selector still selects the pods.
    expect(metadata.labels).toMatchObject(deployment(res).spec.selector.matchLabels);
  });

  it('securityContext overrides merge over the hardened defaults', () => {
    const res = run({ facade: { securityContext: { runAsUser: 1234 } }, runtime: { podSecurityContext: { fsGroup: 2000 } } });
    expect(containerOf(res, 'facade').securityContext).toEqual({
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      runAsUser: 1234,
    });
    expect(podOf(res).spec.securityContext).toMatchObject({ fsGroup: 2000, runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
  });

  it('framework.* addresses no container when there is no runtime container (demo handler)', () => {
    const res = run({ facade: { handler: 'demo' }, framework: { env: [{ name: 'X', value: '1' }] } }, 'demo-handler');
    expect(podOf(res).spec.containers.map((c: Json) => c.name)).toEqual(['facade']);
  });

  it('an invalid result names the path and never a value (a value could be a secret)', () => {
    const secret = 'sk-ant-very-secret-value';
    const res = run({ podSpec: { containers: [{ name: 'facade', env: [{ name: 'TOKEN', value: { nested: secret } }] }] } });
    expect(ready(res).reason).toBe('InvalidPodSpec');
    expect(ready(res).message).toContain('containers[name=facade].env[name=TOKEN].value');
    expect(JSON.stringify(res)).not.toContain(secret);
  });

  it('serviceAccountName leaves the token unmounted unless the patch says otherwise', () => {
    expect(podOf(run({ runtime: { serviceAccountName: 'sa' } })).spec).toMatchObject({ serviceAccountName: 'sa', automountServiceAccountToken: false });
    expect(podOf(run({ runtime: { serviceAccountName: 'sa' }, podSpec: { automountServiceAccountToken: true } })).spec.automountServiceAccountToken).toBe(true);
  });

  it.each([
    [{ replicas: 7 }, 'replicas: not a PodSpec field (replicas are spec.runtime.replicas)'],
    [{ strategy: { type: 'Recreate' } }, 'strategy: not a PodSpec field'],
    [{ containers: [{ name: 'facade', imagePullPolcy: 'Always' }] }, 'containers[name=facade].imagePullPolcy: not a Container field'],
  ])('a field the pod spec does not have is refused, not dropped: %j', (podSpec, message) => {
    const res = run({ podSpec });
    expect(ready(res).reason).toBe('InvalidPodSpec');
    expect(ready(res).message).toContain(message);
  });
});

describe('Secrets named by the first-class env', () => {
  const env = [
    { name: 'TOKEN', valueFrom: { secretKeyRef: { name: 'team-token', key: 'token' } } },
    { name: 'MAYBE', valueFrom: { secretKeyRef: { name: 'not-there', key: 'x', optional: true } } },
  ];

  it('a missing one blocks the rollout (Pending, naming the field) instead of leaving pods in CreateContainerConfigError', () => {
    const res = run({ facade: { env }, framework: { envFrom: [{ secretRef: { name: 'runtime-extra' } }] } });
    expect(res.status.phase).toBe('Pending');
    const deploymentReady = res.status.conditions.find((c: Json) => c.type === 'DeploymentReady');
    expect(deploymentReady).toMatchObject({ status: 'False', reason: 'SecretNotFound' });
    expect(deploymentReady.message).toContain('Secret team-token (spec.facade.env[0]) not found');
    expect(res.children).toEqual([]);
  });

  it('customize relates them (not the optional one), and with them present the pods roll out', () => {
    const req = readJson(fixture('inline-provider', 'request.json')) as Json;
    req.parent.spec = { ...req.parent.spec, facade: { env }, framework: { envFrom: [{ secretRef: { name: 'runtime-extra' } }] } };
    const rules = customize({ parent: req.parent }).relatedResources as Json[];
    expect(rules.find((r) => r.resource === 'secrets')?.names).toEqual(['llm-credentials', 'runtime-extra', 'team-token']);
    const secret = (name: string, data: Json) => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace: 'agents', resourceVersion: '1' }, data });
    req.related['Secret.v1']['agents/team-token'] = secret('team-token', { token: 'dA==' });
    req.related['Secret.v1']['agents/runtime-extra'] = secret('runtime-extra', { A: 'YQ==' });
    const res = sync(req, NOW) as Res;
    expect(res.status.conditions.find((c: Json) => c.type === 'DeploymentReady').reason).not.toBe('SecretNotFound');
    expect(containerOf(res, 'facade').env).toContainEqual(env[0]);
  });
});

describe('framework.version picks the image tag', () => {
  it.each([
    ['ghcr.io/a/omnia:0.1.0', 'ghcr.io/a/omnia:0.9.1'],
    ['ghcr.io/a/omnia', 'ghcr.io/a/omnia:0.9.1'],
    ['registry:5000/omnia', 'registry:5000/omnia:0.9.1'],
    ['registry:5000/omnia:1@sha256:abcd', 'registry:5000/omnia:0.9.1'],
  ])('%s → %s', (image, tagged) => expect(withTag(image, '0.9.1')).toBe(tagged));

  it('an explicit framework.image wins over the version; a version that cannot be a tag is InvalidSpec', () => {
    const res = run({ framework: { version: '2.0', image: 'example.com/rt:1' } });
    expect(containerOf(res, 'runtime').image).toBe('example.com/rt:1');
    expect(containerOf(res, 'runtime').env).toContainEqual({ name: 'OMNIA_FRAMEWORK_VERSION', value: '2.0' });
    expect(ready(run({ framework: { version: '../x' } })).message).toContain('spec.framework.version');
  });
});
