// The AgentRuntime CompositeController as an install builds it, without a
// kustomize binary: the controller file plus the patches of the components the
// install's kustomization includes (the optional child kinds).
import { join, relative, resolve } from 'node:path';
import { parse } from 'yaml';
import { applyJsonPatch, type JsonOp } from './json-patch.js';
import { get, MANIFESTS, readDocs, type Doc } from './load.js';

export interface Kustomization {
  resources?: string[];
  components?: string[];
  patches?: { path?: string; patch?: string; target?: Doc }[];
}

export function kustomization(dir: string): Kustomization {
  return readDocs(join(dir, 'kustomization.yaml'))[0] as Kustomization;
}

/** The components an install includes, as paths relative to manifests/. */
export function componentsOf(installDir: string): string[] {
  return (kustomization(installDir).components ?? []).map((c) => relative(MANIFESTS, resolve(installDir, c)));
}

export function agentRuntimeControllerFile(): Doc {
  const doc = readDocs(join(MANIFESTS, 'controllers/agentruntime.yaml'))[0];
  if (!doc) throw new Error('agentruntime.yaml is empty');
  return doc;
}

/** The controller with the patches of every component `installDir` includes that target it. */
export function agentRuntimeController(installDir: string): Doc {
  let doc = agentRuntimeControllerFile();
  for (const component of componentsOf(installDir)) {
    for (const p of kustomization(join(MANIFESTS, component)).patches ?? []) {
      if (get(p.target, 'kind') !== doc.kind || get(p.target, 'name') !== get(doc, 'metadata', 'name')) continue;
      doc = applyJsonPatch(doc, parse(p.patch ?? '[]') as JsonOp[]);
    }
  }
  return doc;
}

/** `<resource>.<apiVersion>` of each declared child type, in declared order. */
export function childResourceKeys(controller: Doc): string[] {
  return (get(controller, 'spec', 'childResources') as Doc[]).map((c) => `${String(c.resource)}.${String(c.apiVersion)}`);
}
