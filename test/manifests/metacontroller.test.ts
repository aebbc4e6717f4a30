// manifests/metacontroller/: Metacontroller's own production manifests (a data
// copy, upstream/) plus our fleet patch. What kustomize builds from it is what a
// user installs, so the checks run on `kubectl kustomize` output.

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CustomResourceDefinition } from 'kubernetes-models/apiextensions.k8s.io/v1/CustomResourceDefinition';
import { StatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import { ClusterRole } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRole';
import { ClusterRoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRoleBinding';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { get, MANIFESTS, METACONTROLLER_CRDS, ROOT, type Doc } from './load.js';

const DIR = join(MANIFESTS, 'metacontroller');
const VERSION = 'v4.17.2';

const run = spawnSync('kubectl', ['kustomize', DIR], { encoding: 'utf8' });
const built: Doc[] = run.status === 0 ? parseAllDocuments(run.stdout).map((d) => d.toJS() as Doc) : [];
const ofKind = (kind: string): any[] => built.filter((d) => d.kind === kind);
const statefulSet = ofKind('StatefulSet')[0];
const container = get(statefulSet, 'spec', 'template', 'spec', 'containers', 0) as any;

// Each kind the upstream production manifests hold, with its validator.
const VALIDATORS: Record<string, (o: any) => { validate(): void }> = {
  Namespace: (o) => new Namespace(o),
  ServiceAccount: (o) => new ServiceAccount(o),
  ClusterRole: (o) => new ClusterRole(o),
  ClusterRoleBinding: (o) => new ClusterRoleBinding(o),
  StatefulSet: (o) => new StatefulSet(o),
  CustomResourceDefinition: (o) => new CustomResourceDefinition(o),
};

describe('manifests/metacontroller (kubectl kustomize)', () => {
  it('builds', () => {
    expect(run.status, run.stderr).toBe(0);
    expect(built.length).toBeGreaterThan(0);
  });

  it('holds exactly upstream production objects, each valid against the Kubernetes schemas', () => {
    expect(built.map((d) => d.kind).sort()).toEqual([
      'ClusterRole',
      'ClusterRole',
      'ClusterRole',
      'ClusterRoleBinding',
      'CustomResourceDefinition',
      'CustomResourceDefinition',
      'CustomResourceDefinition',
      'Namespace',
      'ServiceAccount',
      'StatefulSet',
    ]);
    for (const doc of built) {
      expect(() => VALIDATORS[doc.kind as string]!(doc).validate(), `${String(doc.kind)} ${String(get(doc, 'metadata', 'name'))}`).not.toThrow();
    }
    // The validator is live: a wrong type is caught.
    expect(() => new StatefulSet({ ...statefulSet, spec: { ...statefulSet.spec, replicas: 'one' } }).validate()).toThrow();
  });

  it(`runs the pinned Metacontroller ${VERSION} image`, () => {
    expect(container.image).toBe(`ghcr.io/metacontroller/metacontroller:${VERSION}`);
    expect(readFileSync(join(DIR, 'README.md'), 'utf8')).toContain(VERSION);
    expect(readFileSync(join(DIR, 'upstream/NOTICE'), 'utf8')).toContain(VERSION);
  });

  it('keeps the upstream args and adds the fleet client rate, burst and workers', () => {
    expect(container.args).toEqual([
      '--zap-log-level=4',
      '--discovery-interval=20s',
      '--client-go-qps=200',
      '--client-go-burst=400',
      '--workers=10',
    ]);
  });

  it('gives Metacontroller requests and a memory limit', () => {
    expect(container.resources.requests.cpu).toBeDefined();
    expect(container.resources.requests.memory).toBeDefined();
    expect(container.resources.limits.memory).toBeDefined();
  });

  it('installs the same Metacontroller CRDs the controller manifests are checked against', () => {
    expect(readFileSync(join(DIR, 'upstream/metacontroller-crds-v1.yaml'), 'utf8')).toBe(readFileSync(METACONTROLLER_CRDS, 'utf8'));
  });

  it('is what the README tells users to install, before manifests/', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const first = readme.indexOf('kubectl apply -k manifests/metacontroller/');
    expect(first).toBeGreaterThan(-1);
    expect(readme.indexOf('kubectl apply -k manifests/ ', first)).toBeGreaterThan(first);
  });
});
