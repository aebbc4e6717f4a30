// An AgenticWorkforce's spec, read defensively (the object may not have passed
// the CRD's schema): problems are collected for a Failed status, never thrown.

import { isObject } from '../../shared/json.js';
import { SpecReader } from '../request/spec-reader.js';

export interface AgentKey {
  name: string;
  namespace: string;
}

export interface WorkforceSpec {
  name: string;
  description: string;
  owner: string;
  tags: string[];
  /** In spec order, duplicates dropped; namespace defaulted to the workforce's. */
  entryPoints: AgentKey[];
}

export function readWorkforceSpec(raw: unknown, namespace: string): { spec: WorkforceSpec; errors: string[] } {
  const r = new SpecReader();
  const p = 'spec';
  const spec = isObject(raw) ? raw : undefined;
  if (!spec) r.fail(p, 'expected object');
  const required = (key: string): string => {
    const v = r.string(spec, key, p);
    // A wrong type is already recorded by the reader.
    if (v === undefined && (spec?.[key] === undefined || spec[key] === null)) r.fail(`${p}.${key}`, 'required');
    else if (v !== undefined && v.trim() === '') r.fail(`${p}.${key}`, 'must not be empty');
    return v ?? '';
  };
  const out: WorkforceSpec = {
    name: required('name'),
    description: required('description'),
    owner: required('owner'),
    tags: r.strings(spec, 'tags', p) ?? [],
    entryPoints: [],
  };
  const seen = new Set<string>();
  for (const { item, key, path } of r.keyedObjects(spec, 'entryPointAgents', p, 'name')) {
    const ns = r.string(item, 'namespace', path) || namespace;
    if (seen.has(`${ns}/${key}`)) continue;
    seen.add(`${ns}/${key}`);
    out.entryPoints.push({ name: key, namespace: ns });
  }
  if (spec?.entryPointAgents === undefined || spec.entryPointAgents === null) r.fail(`${p}.entryPointAgents`, 'required');
  else if (Array.isArray(spec.entryPointAgents) && spec.entryPointAgents.length === 0) r.fail(`${p}.entryPointAgents`, 'must name at least one agent');
  return { spec: out, errors: r.errors };
}
