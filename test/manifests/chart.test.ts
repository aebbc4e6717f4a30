// charts/omnia-hooks is the kustomize install in another wrapping: rendered by
// the real `helm template` (scripts/install-helm.sh finds or builds Helm 4), it
// must give exactly the objects `kubectl kustomize` gives for manifests/ — and
// for manifests/overlays/without-<option> when that option is off — while its
// values change what they say they change.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { optionGroups } from '../../scripts/generate/children.js';
import { optionValue } from '../../scripts/generate/chart.js';
import { crdValidator } from '../crds/support/ajv.js';
import { crdForKind } from '../crds/support/crds.js';
import { ROOT, type Doc } from './load.js';

const CHART = join(ROOT, 'charts/omnia-hooks');
let helm: string;
let scratch: string;

beforeAll(() => {
  const found = process.env.OMNIA_HELM ?? spawnSync('bash', [join(ROOT, 'scripts/install-helm.sh')], { encoding: 'utf8', timeout: 900_000 }).stdout.trim();
  expect(found, 'helm (scripts/install-helm.sh)').not.toBe('');
  helm = found;
  scratch = mkdtempSync(join(tmpdir(), 'omnia-chart-'));
}, 900_000);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function docs(text: string): Doc[] {
  // YAML 1.1, as Kubernetes reads it (0440 is octal).
  return parseAllDocuments(text, { version: '1.1' }).flatMap((d) => {
    if (d.errors.length > 0) throw new Error(d.errors.map((e) => e.message).join('; '));
    const v = d.toJS() as unknown;
    return v && typeof v === 'object' ? [v as Doc] : [];
  });
}

const key = (o: Doc): string => {
  const m = o.metadata as { name: string; namespace?: string };
  return `${String(o.kind)} ${m.namespace ?? ''}/${m.name}`;
};
const byKey = (objects: Doc[]): Map<string, Doc> => new Map(objects.map((o) => [key(o), o]));

function render(values: Record<string, unknown> = {}): Doc[] {
  const file = join(scratch, `values-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, JSON.stringify(values));
  const run = spawnSync(helm, ['template', 'omnia-hooks', CHART, '--namespace', 'omnia-system', '--include-crds', '-f', file], { encoding: 'utf8' });
  expect(run.status, run.stderr).toBe(0);
  return docs(run.stdout);
}

function kustomize(dir: string): Doc[] {
  const run = spawnSync('kubectl', ['kustomize', join(ROOT, dir)], { encoding: 'utf8' });
  expect(run.status, run.stderr).toBe(0);
  return docs(run.stdout);
}

function expectSameObjects(chart: Doc[], kustomized: Doc[]): void {
  const a = byKey(chart);
  const b = byKey(kustomized);
  expect([...a.keys()].sort()).toEqual([...b.keys()].sort());
  for (const [k, o] of b) expect(a.get(k), k).toEqual(o);
}

describe('the Helm chart', () => {
  it('renders, by default and with the namespace created, the objects of `kubectl apply -k manifests/`', () => {
    expectSameObjects(render({ createNamespace: true }), kustomize('manifests'));
    // Without createNamespace (helm --create-namespace made it) the Namespace alone is left out.
    const keys = [...byKey(render()).keys()];
    expect(keys).not.toContain('Namespace /omnia-system');
    expect(keys).toHaveLength(kustomize('manifests').length - 1);
  });

  it.each([...optionGroups()].map(([option]) => [option, option]))('with %s off, renders manifests/overlays/without-%s', (option: string) => {
    expectSameObjects(render({ createNamespace: true, [optionValue(option)]: { enabled: false } }), kustomize(`manifests/overlays/without-${option}`));
  });

  it('takes the image, replicas and resources from values', () => {
    const objects = render({ image: { repository: 'registry.example.com/team/omnia', tag: '1.2.3', pullPolicy: 'Always' }, replicas: 3, resources: { requests: { cpu: '1' } } });
    const deployment = objects.find((o) => o.kind === 'Deployment') as any;
    expect(deployment.spec.replicas).toBe(3);
    expect(deployment.spec.template.spec.containers[0]).toMatchObject({
      image: 'registry.example.com/team/omnia:1.2.3',
      imagePullPolicy: 'Always',
      resources: { requests: { cpu: '1' } },
    });
  });

  it('leaves cert-manager objects out when certManager.enabled is false', () => {
    const kinds = render({ certManager: { enabled: false } }).map((o) => o.kind);
    expect(kinds).not.toContain('Certificate');
    expect(kinds).not.toContain('Issuer');
    expect(kinds).toContain('Deployment');
  });

  it('in another namespace, points every webhook and name at it', () => {
    const run = spawnSync(helm, ['template', 'x', CHART, '--namespace', 'platform'], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).not.toContain('omnia-system');
    const controllers = docs(run.stdout).filter((o) => String(o.kind).endsWith('Controller')) as any[];
    expect(controllers.length).toBeGreaterThan(0);
    for (const c of controllers) for (const h of Object.values(c.spec.hooks) as any[]) expect(h.webhook.service.namespace).toBe('platform');
  });

  it('passes `helm lint` (the Metacontroller subchart and its dependency entry included)', () => {
    const run = spawnSync(helm, ['lint', CHART], { encoding: 'utf8' });
    expect(run.status, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain('0 chart(s) failed');
  });

  it('with metacontroller.enabled, also renders the objects of `kubectl apply -k manifests/metacontroller/`', () => {
    expect(render().some((o) => o.kind === 'StatefulSet')).toBe(false);
    expectSameObjects(render({ createNamespace: true, metacontroller: { enabled: true } }), [...kustomize('manifests'), ...kustomize('manifests/metacontroller')]);
  });

  it("takes Metacontroller's rate limit, workers and resources from values", () => {
    const objects = render({ metacontroller: { enabled: true, clientGoQps: 50, clientGoBurst: 100, workers: 4, resources: { requests: { cpu: '1' } } } });
    const container = (objects.find((o) => o.kind === 'StatefulSet') as any).spec.template.spec.containers[0];
    expect(container.args).toEqual(['--zap-log-level=4', '--discovery-interval=20s', '--client-go-qps=50', '--client-go-burst=100', '--workers=4']);
    // Helm merges values maps: the CPU request replaced, the rest of the defaults kept.
    expect(container.resources).toEqual({ requests: { cpu: '1', memory: '256Mi' }, limits: { memory: '1Gi' } });
  });

  it('creates a cluster-wide AgentRuntimeConfiguration from values, valid against its CRD', () => {
    expect(render().some((o) => o.kind === 'AgentRuntimeConfiguration')).toBe(false);
    const spec = { images: { facade: 'registry.example.com/team/omnia:1.2.3' } };
    const arc = render({ agentRuntimeConfiguration: spec }).find((o) => o.kind === 'AgentRuntimeConfiguration')!;
    expect(arc).toMatchObject({ metadata: { name: 'default', namespace: 'omnia-system' }, spec });
    const validate = crdValidator(crdForKind('AgentRuntimeConfiguration').schema);
    expect(validate(arc), JSON.stringify(validate.errors)).toBe(true);
  });
});
