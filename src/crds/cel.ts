// Evaluates the x-kubernetes-validations of a CRD schema against an object the
// way the API server does: each rule runs with `self` bound to the value at the
// rule's node, and only where that value exists.

import { evaluate } from '@marcbachmann/cel-js';
import type { Schema } from './schema.js';

export interface Rule {
  /** JSON path of the schema node, e.g. ".spec.framework" */
  path: string;
  rule: string;
  message: string;
}

export interface Violation {
  path: string;
  message: string;
}

function validationsOf(schema: Schema): { rule: string; message: string }[] {
  return (schema['x-kubernetes-validations'] as { rule: string; message: string }[] | undefined) ?? [];
}

/** Every rule of the schema with the path of the node carrying it. */
export function collectRules(schema: Schema, path = ''): Rule[] {
  const rules = validationsOf(schema).map((v) => ({ path: path || '.', ...v }));
  for (const [k, s] of Object.entries((schema.properties as Record<string, Schema>) ?? {})) {
    rules.push(...collectRules(s, `${path}.${k}`));
  }
  if (schema.items) rules.push(...collectRules(schema.items as Schema, `${path}[*]`));
  if (typeof schema.additionalProperties === 'object') {
    rules.push(...collectRules(schema.additionalProperties as Schema, `${path}[*]`));
  }
  return rules;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Runs every applicable rule; returns the violated ones (a rule that errors counts as violated, as in the API server). */
export function violations(schema: Schema, value: unknown, path = ''): Violation[] {
  const found: Violation[] = [];
  for (const v of validationsOf(schema)) {
    let ok: unknown;
    try {
      ok = evaluate(v.rule, { self: value });
    } catch (err) {
      ok = `error: ${(err as Error).message}`;
    }
    if (ok !== true) found.push({ path: path || '.', message: v.message });
  }
  const props = schema.properties as Record<string, Schema> | undefined;
  if (props && isPlainObject(value)) {
    for (const [k, s] of Object.entries(props)) {
      if (value[k] !== undefined) found.push(...violations(s, value[k], `${path}.${k}`));
    }
  }
  if (schema.items && Array.isArray(value)) {
    value.forEach((item, i) => found.push(...violations(schema.items as Schema, item, `${path}[${i}]`)));
  }
  return found;
}
