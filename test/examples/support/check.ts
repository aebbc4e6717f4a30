// The one checker every example goes through (and the broken documents of the
// negative tests too): a unit's files in, every problem out, [] when valid.

import { coreObjectProblems } from './core-objects.js';
import { customResourceProblems, isOmnia } from './custom-resources.js';
import type { SourceFile } from './files.js';
import { isKustomizeConfig, parseFile, where, type Doc } from './parse.js';
import { promptPackProblems } from './promptpacks.js';
import { referenceProblems } from './references.js';
import { secretValueProblems, textSecretProblems } from './secrets.js';
import { namespaceOf } from './units.js';

function objectProblems(doc: Doc): string[] {
  const o = doc.object;
  if (typeof o.apiVersion !== 'string' || typeof o.kind !== 'string') return ['apiVersion and kind are required'];
  return isOmnia(o) ? customResourceProblems(o) : coreObjectProblems(o);
}

function duplicates(docs: Doc[]): string[] {
  const seen = new Map<string, Doc>();
  const problems: string[] = [];
  for (const d of docs) {
    const id = `${String(d.object.apiVersion)} ${String(d.object.kind)} ${namespaceOf(d.object)}/${String(d.object.metadata?.name)}`;
    const first = seen.get(id);
    if (first) problems.push(`${where(d)}: defined twice (also ${where(first)})`);
    else seen.set(id, d);
  }
  return problems;
}

export function checkUnit(files: SourceFile[]): string[] {
  const parsed = files.map(parseFile);
  const problems = parsed.flatMap((p) => p.problems);
  // kustomization.yaml is kustomize's build file, not an object sent to the cluster.
  for (const p of parsed) p.docs = p.docs.filter((d) => !isKustomizeConfig(d.object));
  const docs = parsed.flatMap((p) => p.docs);
  for (const d of docs) problems.push(...objectProblems(d).map((m) => `${where(d)}: ${m}`));
  problems.push(...duplicates(docs));
  problems.push(...promptPackProblems(docs));
  problems.push(...referenceProblems(parsed));
  for (const f of files) problems.push(...textSecretProblems(f.path, f.text));
  for (const d of docs) problems.push(...secretValueProblems(d));
  return problems;
}
