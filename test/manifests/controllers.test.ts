import { basename, join } from 'node:path';
import type { ValidateFunction } from 'ajv';
import { kubernetesAjv } from '../crds/support/ajv.js';
import { describe, expect, it } from 'vitest';
import { childKinds } from '../../src/hooks/agentruntime/child-kinds.js';
import { defaultRegistry } from '../../src/hooks/registry.js';
import { agentRuntimeController, agentRuntimeControllerFile, childResourceKeys, componentsOf } from './controller-build.js';
import { get, MANIFESTS, METACONTROLLER_CRDS, readDocs, yamlFiles, type Doc } from './load.js';
import { unknownFields } from './schema-keys.js';

const CONTROLLERS = join(MANIFESTS, 'controllers');

/** kind → openAPIV3Schema of Metacontroller's CRDs. */
function crdSchemas(): Map<string, Record<string, unknown>> {
  const out = new Map<string, Record<string, unknown>>();
  for (const crd of readDocs(METACONTROLLER_CRDS)) {
    const kind = get(crd, 'spec', 'names', 'kind') as string;
    const schema = get(crd, 'spec', 'versions', 0, 'schema', 'openAPIV3Schema') as Record<string, unknown>;
    out.set(kind, schema);
  }
  return out;
}

const schemas = crdSchemas();
// strict:false: the schemas carry x-kubernetes-* keywords ajv does not know.
const ajv = kubernetesAjv();
const validators = new Map<string, ValidateFunction>([...schemas].map(([kind, s]) => [kind, ajv.compile(s)]));

/** Schema errors plus undeclared fields of one controller object; [] when valid. */
function problems(doc: Doc): string[] {
  const kind = String(doc.kind);
  const validate = validators.get(kind);
  if (!validate) return [`no Metacontroller CRD for kind ${kind}`];
  const out: string[] = [];
  if (doc.apiVersion !== 'metacontroller.k8s.io/v1alpha1') out.push(`apiVersion ${String(doc.apiVersion)}`);
  if (!validate(doc)) out.push(...(validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`));
  out.push(...unknownFields(doc, schemas.get(kind) as object).map((p) => `unknown field ${p}`));
  return out;
}

const controllerFiles = yamlFiles(CONTROLLERS).filter((f) => basename(f) !== 'kustomization.yaml');
const controllerDocs = controllerFiles.flatMap((f) => readDocs(f).map((doc) => ({ file: basename(f), doc })));

describe('controller manifests against the Metacontroller CRDs', () => {
  it('finds the controller documents', () => {
    expect(controllerDocs.some((d) => d.file === 'agentruntime.yaml')).toBe(true);
  });

  it.each(controllerDocs.map((d) => [`${d.file} ${String(get(d.doc, 'metadata', 'name'))}`, d.doc] as const))(
    '%s validates, with no undeclared field',
    (_name, doc) => {
      expect(problems(doc)).toEqual([]);
    },
  );

  it('the AgentRuntime controller with its optional components validates, with no undeclared field', () => {
    expect(problems(agentRuntimeController(MANIFESTS))).toEqual([]);
  });

  it('catches a misspelled field the CRD schema itself would prune', () => {
    const doc = structuredClone(agentRuntimeControllerFile());
    (get(doc, 'spec', 'hooks', 'sync') as Doc).webhok = (get(doc, 'spec', 'hooks', 'sync') as Doc).webhook;
    (doc.spec as Doc).childResource = [];
    expect(problems(doc).sort()).toEqual(['unknown field .spec.childResource', 'unknown field .spec.hooks.sync.webhok']);
  });

  it('catches a value the CRD schema rejects', () => {
    const doc = structuredClone(agentRuntimeControllerFile());
    (get(doc, 'spec', 'childResources', 0, 'updateStrategy') as Doc).method = 'InPlaceRolling';
    (get(doc, 'spec', 'hooks', 'sync') as Doc).version = 'v3';
    expect(problems(doc).length).toBeGreaterThanOrEqual(2);
  });

  it.each(controllerDocs.map((d) => [d.file, d.doc] as const))(
    '%s points every hook at a v2 webhook the hook server serves',
    (_file, doc) => {
      const hooks = (get(doc, 'spec', 'hooks') ?? {}) as Record<string, Doc>;
      expect(Object.keys(hooks).length).toBeGreaterThan(0);
      for (const [hook, spec] of Object.entries(hooks)) {
        expect(spec.version, hook).toBe('v2');
        // The hook server's Service over HTTPS, trusting its certificate's CA (docs/security.md).
        expect(get(spec, 'webhook', 'url'), hook).toBeUndefined();
        expect(get(spec, 'webhook', 'service'), hook).toEqual({ name: 'omnia-hooks', namespace: 'omnia-system', port: 443, protocol: 'https' });
        expect(get(spec, 'webhook', 'caBundle'), hook).toEqual({ secretRef: { name: 'omnia-hooks-tls', namespace: 'omnia-system', key: 'ca.crt' } });
        const url = String(get(spec, 'webhook', 'path'));
        const m = /^\/hooks\/([a-z]+)\/([a-z]+)$/.exec(url);
        expect(m, url).not.toBeNull();
        const [, kind, name] = m as RegExpExecArray;
        expect(name).toBe(hook);
        const entry = defaultRegistry[kind as keyof typeof defaultRegistry];
        expect(entry, `kind ${kind}`).toBeDefined();
        expect(typeof entry.hooks[hook as 'sync'], `${kind}/${hook} is served`).toBe('function');
        const expected = doc.kind === 'CompositeController' ? 'composite' : 'decorator';
        expect(entry.controller, `${kind} is registered as a ${doc.kind}`).toBe(expected);
      }
    },
  );
});

describe('the AgentRuntime CompositeController', () => {
  const doc = agentRuntimeControllerFile();
  const key = (k: { resource: string; apiVersion: string }) => `${k.resource}.${k.apiVersion}`;

  it('watches agentruntimes, not resyncing one on its own status write, and generates selectors', () => {
    expect(doc.kind).toBe('CompositeController');
    // ignoreStatusChanges: why it is safe is test/hooks/agentruntime/no-churn.test.ts.
    expect(get(doc, 'spec', 'parentResource')).toEqual({ apiVersion: 'omnia.altairalabs.ai/v1alpha1', resource: 'agentruntimes', ignoreStatusChanges: true });
    expect(get(doc, 'spec', 'generateSelector')).toBe(true);
  });

  it('declares the required child kinds of the table, in its order', () => {
    expect(childResourceKeys(doc)).toEqual(childKinds.filter((k) => !k.optional).map(key));
  });

  it('with the default install\'s components declares every child kind, each optional one after the required ones', () => {
    const installed = agentRuntimeController(MANIFESTS);
    const expected = [
      ...childKinds.filter((k) => !k.optional),
      ...componentsOf(MANIFESTS).flatMap((c) => childKinds.filter((k) => k.optional && `components/${k.optional.option}` === c)),
    ];
    expect(childResourceKeys(installed)).toEqual(expected.map(key));
    expect(expected).toHaveLength(childKinds.length);
    const strategies = (get(installed, 'spec', 'childResources') as Doc[]).map((c) => get(c, 'updateStrategy', 'method'));
    expect(strategies).toEqual(expected.map((k) => k.updateStrategy));
  });

  it('has customize, sync and finalize hooks', () => {
    expect(Object.keys(get(doc, 'spec', 'hooks') as Doc).sort()).toEqual(['customize', 'finalize', 'sync']);
  });
});
