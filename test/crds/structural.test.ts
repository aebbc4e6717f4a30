// The generated CRDs are what the API server accepts: structural schemas,
// valid CustomResourceDefinition objects, and schemas that accept the spec's
// examples and reject objects of the wrong shape.

import { CustomResourceDefinition } from 'kubernetes-models/apiextensions.k8s.io/v1/CustomResourceDefinition';
import { describe, expect, it } from 'vitest';
import { crdValidator } from './support/ajv.js';
import { crdForKind, CRD_FILES, loadCrd, loadFixture } from './support/crds.js';
import { defaultsOf, structuralProblems } from './support/structural.js';

const others = loadFixture('others.yaml');

describe.each(CRD_FILES)('%s', (file) => {
  const crd = loadCrd(file);

  it('is a valid apiextensions.k8s.io/v1 CustomResourceDefinition', () => {
    expect(() => new CustomResourceDefinition(crd.manifest as ConstructorParameters<typeof CustomResourceDefinition>[0]).validate()).not.toThrow();
    expect(crd.manifest.metadata.name).toBe(`${crd.manifest.spec.names.plural}.omnia.altairalabs.ai`);
  });

  it('is namespaced, v1alpha1 served and stored, with the status subresource and the omnia category', () => {
    const { spec } = crd.manifest;
    expect(spec.group).toBe('omnia.altairalabs.ai');
    expect(spec.scope).toBe('Namespaced');
    expect(spec.names.categories).toEqual(['omnia']);
    expect(spec.names.shortNames.length).toBeGreaterThan(0);
    expect(spec.versions).toHaveLength(1);
    expect(spec.versions[0]).toMatchObject({ name: 'v1alpha1', served: true, storage: true, subresources: { status: {} } });
    const columns = spec.versions[0].additionalPrinterColumns as { name: string; jsonPath: string }[];
    expect(columns.map((c) => c.name)).toContain('Phase');
    expect(columns.at(-1)).toMatchObject({ name: 'Age', jsonPath: '.metadata.creationTimestamp' });
  });

  it('has a structural schema', () => {
    expect(structuralProblems(crd.schema)).toEqual([]);
    expect(JSON.stringify(crd.schema)).not.toMatch(/"\$ref"|"definitions"|"\$schema"|"const"|"examples"/);
  });

  it('has defaults that satisfy their own schema', () => {
    for (const d of defaultsOf(crd.schema)) {
      const validate = crdValidator(d.schema);
      expect(validate(d.value), `${d.path}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
  });

  it('declares a spec and a fully typed status', () => {
    const props = crd.schema.properties as Record<string, any>;
    expect(props.spec.type).toBe('object');
    expect(props.status.type).toBe('object');
    expect(props.status.properties.phase.enum.length).toBeGreaterThan(1);
    expect(props.status.properties.conditions.items.required).toEqual(['type', 'status']);
    expect(Object.keys(props.status.properties.conditions.items.properties)).toEqual([
      'type', 'status', 'reason', 'message', 'lastTransitionTime', 'observedGeneration',
    ]);
  });
});

describe('the structural checker', () => {
  it('finds untyped nodes, refs and a bad int-or-string', () => {
    expect(
      structuralProblems({
        type: 'object',
        properties: {
          a: { description: 'no type' },
          b: { $ref: '#/definitions/x', type: 'string' },
          c: { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'boolean' }] },
          d: { type: 'array' },
          e: { type: 'object', anyOf: [{ type: 'object', required: ['x'] }] },
        },
      }),
    ).toEqual([
      '.properties.a: no type',
      '.properties.b: keyword $ref not allowed',
      '.properties.c: int-or-string anyOf must be exactly integer|string',
      '.properties.c.anyOf[0]: type inside a junctor',
      '.properties.c.anyOf[1]: type inside a junctor',
      '.properties.d: array without items',
      '.properties.e.anyOf[0]: type inside a junctor',
    ]);
  });
});

describe('objects against the openAPIV3Schema (ajv)', () => {
  const arValidate = crdValidator(crdForKind('AgentRuntime').schema);

  it.each(['spec000-complete.yaml', 'spec003-summarizer.yaml', 'spec000-fields.yaml'])('accepts %s', (name) => {
    const ok = arValidate(loadFixture(name));
    expect(ok, JSON.stringify(arValidate.errors)).toBe(true);
  });

  it.each(['promptpack', 'provider', 'toolregistry', 'agentruntimeconfiguration'])('accepts the %s example', (key) => {
    const object = others[key];
    const validate = crdValidator(crdForKind(object.kind).schema);
    expect(validate(object), JSON.stringify(validate.errors)).toBe(true);
  });

  function errorsFor(spec: Record<string, unknown>): string[] {
    const base = loadFixture('spec000-complete.yaml');
    arValidate({ ...base, spec: { ...base.spec, ...spec } });
    return (arValidate.errors ?? []).map((e) => `${e.instancePath} ${e.keyword}`);
  }

  it('rejects wrong types, unknown enum values and bad durations at the right paths', () => {
    expect(errorsFor({ runtime: { replicas: 'three' } })).toEqual(['/spec/runtime/replicas type']);
    expect(errorsFor({ facade: { port: '8080' } })).toEqual(['/spec/facade/port type']);
    expect(errorsFor({ mode: 'batch' })).toEqual(['/spec/mode enum']);
    expect(errorsFor({ session: { type: 'redis', ttl: 'forever', storeRef: { name: 's' } } })).toEqual(['/spec/session/ttl pattern']);
    expect(errorsFor({ provider: { type: 'azure' } })).toEqual(['/spec/provider/type enum']);
    expect(errorsFor({ config: { reasoningLoopMaxSteps: 21 } })).toEqual(['/spec/config/reasoningLoopMaxSteps maximum']);
    expect(errorsFor({ peers: 'worker-1' })).toEqual(['/spec/peers type']);
    expect(errorsFor({ runtime: { resources: { limits: { cpu: true } } } })).toEqual([
      '/spec/runtime/resources/limits/cpu type',
      '/spec/runtime/resources/limits/cpu type',
      '/spec/runtime/resources/limits/cpu anyOf',
    ]);
  });

  it('rejects a missing promptPackRef and a missing spec', () => {
    const base = loadFixture('spec000-complete.yaml');
    const { promptPackRef: _p, ...rest } = base.spec;
    expect(arValidate({ ...base, spec: rest })).toBe(false);
    expect(arValidate.errors?.[0]?.params).toEqual({ missingProperty: 'promptPackRef' });
    const { spec: _s, ...noSpec } = base;
    expect(arValidate(noSpec)).toBe(false);
  });

  it('rejects a tool endpoint with both url and selector, and a PromptPack without semver', () => {
    const tr = others.toolregistry;
    const trValidate = crdValidator(crdForKind('ToolRegistry').schema);
    const both = structuredClone(tr);
    both.spec.tools[0].endpoint.selector = { matchLabels: { a: 'b' } };
    expect(trValidate(both)).toBe(false);
    expect(trValidate.errors?.map((e) => `${e.instancePath} ${e.keyword}`)).toEqual(['/spec/tools/0/endpoint maxProperties']);

    const ppValidate = crdValidator(crdForKind('PromptPack').schema);
    const pp = structuredClone(others.promptpack);
    pp.spec.version = 'latest';
    expect(ppValidate(pp)).toBe(false);
    expect(ppValidate.errors?.map((e) => `${e.instancePath} ${e.keyword}`)).toEqual(['/spec/version pattern']);
  });

  it('rejects a status of the wrong shape', () => {
    const object = loadFixture('spec000-fields.yaml');
    object.status.replicas.ready = 'two';
    object.status.conditions[0].status = 'Yes';
    expect(arValidate(object)).toBe(false);
    expect(arValidate.errors?.map((e) => `${e.instancePath} ${e.keyword}`)).toEqual([
      '/status/replicas/ready type',
      '/status/conditions/0/status enum',
    ]);
  });
});
