// omnia custom resources in examples, checked the way the API server would
// take them (apiVersion served, unknown fields refused as `kubectl apply`'s
// strict field validation does, defaults applied, openAPIV3Schema, CEL rules)
// and then read by the product's own spec readers, so an example the
// controllers would report as invalid fails here too.

import { resolveSpec } from '../../../src/hooks/agentruntime/spec.js';
import { checkFunctionSchemas } from '../../../src/hooks/agentruntime/resolve/function-schemas.js';
import { parsePackSpec } from '../../../src/hooks/promptpack/spec.js';
import { SpecReader } from '../../../src/hooks/request/spec-reader.js';
import type { ValidateFunction } from 'ajv';
import { crdValidator } from '../../crds/support/ajv.js';
import { violations } from '../../crds/support/cel.js';
import { CRD_FILES, loadCrd, type LoadedCrd, type Schema } from '../../crds/support/crds.js';
import { applyDefaults } from '../../crds/support/defaulting.js';
import { metadataProblems } from './core-objects.js';
import type { Obj } from './parse.js';

interface CompiledCrd {
  crd: LoadedCrd;
  apiVersion: string;
  validate: ValidateFunction;
}

let compiled: Map<string, CompiledCrd> | undefined;

/** The generated CRDs by kind, each with its validator (compiled once). */
export function omniaKinds(): Map<string, CompiledCrd> {
  compiled ??= new Map(
    CRD_FILES.map(loadCrd).map((crd) => [
      crd.kind,
      {
        crd,
        apiVersion: `${crd.manifest.spec.group}/${crd.manifest.spec.versions[0].name}`,
        validate: crdValidator(crd.schema),
      },
    ]),
  );
  return compiled;
}

export const OMNIA_GROUP = 'omnia.altairalabs.ai';

export function isOmnia(o: Obj): boolean {
  return typeof o.apiVersion === 'string' && o.apiVersion.split('/')[0] === OMNIA_GROUP;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Fields the schema does not declare (the API server would prune them; strict validation refuses them). */
export function unknownFields(schema: Schema, value: unknown, path: string): string[] {
  if (schema['x-kubernetes-preserve-unknown-fields'] === true) return [];
  if (Array.isArray(value)) {
    const items = schema.items as Schema | undefined;
    return items ? value.flatMap((v, i) => unknownFields(items, v, `${path}[${i}]`)) : [];
  }
  if (!isPlainObject(value)) return [];
  const props = schema.properties as Record<string, Schema> | undefined;
  const extra = schema.additionalProperties;
  const found: string[] = [];
  for (const [k, v] of Object.entries(value)) {
    const sub = props?.[k] ?? (isPlainObject(extra) ? (extra as Schema) : undefined);
    if (sub) found.push(...unknownFields(sub, v, `${path}.${k}`));
    else found.push(`${path}.${k}`);
  }
  return found;
}

export function customResourceProblems(o: Obj): string[] {
  const entry = omniaKinds().get(String(o.kind));
  if (!entry) return [`${String(o.apiVersion)} has no kind ${String(o.kind)} (known: ${[...omniaKinds().keys()].join(', ')})`];
  if (o.apiVersion !== entry.apiVersion) return [`apiVersion ${String(o.apiVersion)} is not served; use ${entry.apiVersion}`];
  const problems = metadataProblems(o);
  if (o.status !== undefined) problems.push('status is written by the controller, not by an example');
  const { schema } = entry.crd;
  const rest = { ...o };
  delete rest.metadata; // ObjectMeta: checked above; the CRD schema leaves it open
  delete rest.status;
  problems.push(...unknownFields(schema, rest, '').map((p) => `unknown field ${p}`));

  const defaulted = applyDefaults(schema, o);
  if (!entry.validate(defaulted)) {
    for (const e of entry.validate.errors ?? []) problems.push(`schema: ${e.instancePath || '(root)'} ${e.message ?? e.keyword}`);
  }
  for (const v of violations(schema, defaulted)) problems.push(`CEL rule at ${v.path}: ${v.message}`);
  if (problems.length === 0) problems.push(...productReaderProblems(defaulted));
  return problems;
}

/** What the controllers themselves would complain about when reading the (defaulted) spec. */
function productReaderProblems(o: Obj): string[] {
  if (o.kind === 'AgentRuntime') {
    const reader = new SpecReader();
    const spec = resolveSpec(o.spec, reader);
    const out = reader.errors.map((e) => `AgentRuntime controller: ${e}`);
    if (spec.mode === 'function') out.push(...checkFunctionSchemas(spec).map((e) => `AgentRuntime controller: ${e}`));
    return out;
  }
  if (o.kind === 'PromptPack') return parsePackSpec(o.spec).problems.map((p) => `PromptPack controller: ${p}`);
  return [];
}
