// The AgentRuntime child-kind table (src/hooks/agentruntime/child-kinds.ts)
// against everything derived from it or checked by it: the builders it names,
// the test validators, the generated controller and components, and what
// kustomize actually installs.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { childOutputs, COMPONENTS_DIR, CONTROLLER_FILE } from '../../scripts/generate/children.js';
import { findDrift } from '../../scripts/generate/fsync.js';
import { CHILD_KINDS, CHILD_ORDER, childKinds, type ChildKind, type ChildKindName } from '../../src/hooks/agentruntime/child-kinds.js';
import { T } from '../../src/hooks/agentruntime/constants.js';
import { CHILD_MODELS, validateChild } from '../support/k8s-validate.js';
import { childResourceKeys } from './controller-build.js';
import { get, MANIFESTS, ROOT, type Doc } from './load.js';

const names = Object.keys(CHILD_KINDS) as ChildKindName[];
const key = (k: { resource: string; apiVersion: string }) => `${k.resource}.${k.apiVersion}`;

describe('the child-kind table', () => {
  it('has one key, one resource and one rank per kind; ranks 0..n-1', () => {
    expect(new Set(childKinds.map((k) => k.key)).size).toBe(childKinds.length);
    expect(new Set(childKinds.map(key)).size).toBe(childKinds.length);
    expect(childKinds.map((k) => k.order).sort((a, b) => a - b)).toEqual(childKinds.map((_, i) => i));
    for (const k of childKinds) expect(k.key).toBe(`${k.kind}.${k.apiVersion}`);
  });

  it('gives T its child keys and the response order', () => {
    for (const n of names) expect(T[n]).toBe(CHILD_KINDS[n].key);
    expect(CHILD_ORDER).toEqual([...childKinds].sort((a, b) => a.order - b.order).map((k) => k.key));
  });

  it.each(childKinds.map((k) => [k.kind, k] as const))('%s: its builder is exported from the file it names', async (_kind, k) => {
    const [file, name] = k.builder.split('#') as [string, string];
    const module = (await import(join(ROOT, 'src/hooks/agentruntime', file.replace(/\.ts$/, '.js')))) as Record<string, unknown>;
    expect(typeof module[name], k.builder).toBe('function');
  });
});

describe('test validators keyed by the table', () => {
  it.each(names)('%s: its kubernetes-models class builds the same apiVersion and kind', (n) => {
    const model = new CHILD_MODELS[n]();
    expect({ apiVersion: model.apiVersion, kind: model.kind }).toEqual({ apiVersion: CHILD_KINDS[n].apiVersion, kind: CHILD_KINDS[n].kind });
  });

  it('has a validator for exactly the table kinds', () => {
    expect(Object.keys(CHILD_MODELS).sort()).toEqual([...names].sort());
    expect(() => validateChild({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'x' } })).toThrow(/no validator/);
  });
});

describe('manifests generated from the table', () => {
  const controllerText = readFileSync(join(ROOT, CONTROLLER_FILE), 'utf8');

  it('are up to date (`npm run generate`)', () => {
    expect(findDrift(ROOT, childOutputs(controllerText), [COMPONENTS_DIR])).toEqual({ missing: [], stale: [], orphaned: [] });
  });

  it('a component folder no option produces any more is orphaned, so write mode removes it', () => {
    const root = mkdtempSync(join(tmpdir(), 'omnia-children-'));
    try {
      cpSync(join(ROOT, COMPONENTS_DIR), join(root, COMPONENTS_DIR), { recursive: true });
      mkdirSync(join(root, COMPONENTS_DIR, 'retired'));
      writeFileSync(join(root, COMPONENTS_DIR, 'retired/kustomization.yaml'), 'kind: Component\n');
      writeFileSync(join(root, COMPONENTS_DIR, 'keda/notes.txt'), 'x\n');
      expect(findDrift(root, childOutputs(controllerText), [COMPONENTS_DIR]).orphaned).toEqual([
        `${COMPONENTS_DIR}/keda/notes.txt`,
        `${COMPONENTS_DIR}/retired`,
      ]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('regenerating is a no-op, and the rest of the controller file is left as written', () => {
    const out = childOutputs(controllerText);
    expect(childOutputs(out.get(CONTROLLER_FILE) as string)).toEqual(out);
    const outside = (t: string) => t.split('\n').filter((l) => !/^ {4}/.test(l));
    expect(outside(out.get(CONTROLLER_FILE) as string)).toEqual(outside(controllerText));
  });

  it('a new kind is a table row: required ones join childResources, optional ones get their component', () => {
    const extra = (k: Omit<ChildKind, 'key' | 'order' | 'builder'>): ChildKind => ({ ...k, key: `${k.kind}.${k.apiVersion}`, order: 9, builder: 'x.ts#x' });
    const route = extra({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      resource: 'httproutes',
      updateStrategy: 'InPlace',
      optional: { option: 'gateway-api', needs: 'the Gateway API', reason: 'GatewayApiNotEnabled', asked: 'a route', wanted: () => false },
    });
    const policy = extra({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', resource: 'networkpolicies', updateStrategy: 'InPlace' });
    // The table's own HTTPRoute row is left out: the point is adding it.
    const out = childOutputs(controllerText, [...childKinds.filter((k) => k.key !== route.key), route, policy]);
    expect(childResourceKeys(parse(out.get(CONTROLLER_FILE) as string) as Doc)).toEqual(
      [...childKinds.filter((k) => !k.optional), policy].map(key),
    );
    const component = parse(out.get(`${COMPONENTS_DIR}/gateway-api/kustomization.yaml`) as string) as Doc;
    expect(component.kind).toBe('Component');
    expect(parse(String(get(component, 'patches', 0, 'patch')))).toEqual([
      { op: 'add', path: '/spec/childResources/-', value: { apiVersion: 'gateway.networking.k8s.io/v1', resource: 'httproutes', updateStrategy: { method: 'InPlace' } } },
    ]);
  });
});

// What kustomize itself builds (kubectl ships on the machine image; without it
// these tests fail rather than skip, so the check is never silently lost).
describe('kubectl kustomize', () => {
  it('kubectl is on the machine', () => {
    const kubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' });
    expect(kubectl.status, 'kubectl is needed for the kustomize checks').toBe(0);
  });

  const controllerOf = (dir: string): Doc => {
    const run = spawnSync('kubectl', ['kustomize', dir], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    const docs = parseAllDocuments(run.stdout).map((d) => d.toJS() as Doc);
    return docs.find((d) => d.kind === 'CompositeController' && get(d, 'metadata', 'name') === 'omnia-agentruntime') as Doc;
  };
  const required = childKinds.filter((k) => !k.optional).map(key);

  it('manifests/ declares every child kind of the table', () => {
    const declared = childResourceKeys(controllerOf(MANIFESTS));
    expect(declared.slice(0, required.length)).toEqual(required);
    expect([...declared].sort()).toEqual(childKinds.map(key).sort());
  });

  it('overlays/without-keda declares every kind except those of the keda option', () => {
    const declared = childResourceKeys(controllerOf(join(MANIFESTS, 'overlays/without-keda')));
    expect([...declared].sort()).toEqual(childKinds.filter((k) => k.optional?.option !== 'keda').map(key).sort());
  });
});
