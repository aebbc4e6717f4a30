// The four properties as plain checks (throw on a violation), shared by the
// random runs and the corpus replay, so a stored counterexample is judged by
// exactly the code that found it.

import { it } from 'vitest';
import { HookRequestError, type HookKind } from '../../../src/hooks/types.js';
import { labelProblems } from '../../support/k8s-names.js';
import { validateChild } from '../../support/k8s-validate.js';
import { canonicalPretty } from '../support/golden.js';
import {
  answer,
  childId,
  childrenOf,
  corpus,
  corpusRequest,
  feedBack,
  reportsInvalid,
  type Answer,
  type CorpusCase,
  type Holds,
  type Request,
} from './support.js';

/**
 * Property 1: every child (and a decorator's labels) valid by the Kubernetes
 * rules and schemas. validateChild checks each child's schema, name (by its
 * kind's rule), labels and selectors; a decorator's labels are checked by the
 * same rules (a null value removes a label).
 */
export function checkValidChildren(kind: HookKind, req: Request): void {
  const res = answer(kind, req);
  if (res instanceof HookRequestError) return;
  for (const child of childrenOf(kind, res)) validateChild(child);
  const labels = Object.fromEntries(Object.entries((res.labels ?? {}) as Record<string, unknown>).filter(([, v]) => v !== null));
  const problems = labelProblems('labels', labels);
  if (problems.length > 0) throw new Error(problems.join('; '));
}

const bytes = (res: Answer | HookRequestError): string => (res instanceof HookRequestError ? `${res.httpStatus} ${res.message}` : JSON.stringify(res));

/** Property 2: same input → same bytes. */
export function checkSameBytes(kind: HookKind, req: Request): void {
  const first = bytes(answer(kind, structuredClone(req)));
  const second = bytes(answer(kind, structuredClone(req)));
  if (first !== second) throw new Error(`two answers differ:\n${first}\n${second}`);
}

/** Property 3: the answer fed back as observed children → the same children. */
export function checkSameChildren(kind: HookKind, req: Request): void {
  const a = answer(kind, req);
  if (a instanceof HookRequestError) return;
  const b = answer(kind, feedBack(kind, req, a));
  if (b instanceof HookRequestError) throw new Error(`fed back, the request is refused: ${b.message}`);
  const before = canonicalPretty(childrenOf(kind, a));
  const after = canonicalPretty(childrenOf(kind, b));
  if (before !== after) throw new Error(`fed back, the children change:\n${before}\n→\n${after}`);
}

/**
 * Property 4: the answer to `changed` keeps every child in `kept` (by kind and
 * name), or the hook refuses the request (4xx: nothing applied, nothing deleted).
 */
export function checkKeeps(kind: HookKind, changed: Request, kept: readonly string[], what = ''): void {
  const res = answer(kind, changed);
  if (res instanceof HookRequestError) return;
  const ids = new Set(childrenOf(kind, res).map(childId));
  const dropped = kept.filter((id) => !ids.has(id));
  if (dropped.length > 0) throw new Error(`${what}: drops running ${dropped.join(', ')}; answers ${[...ids].join(', ') || 'no child'}`);
}

/**
 * The children that serve: an edit of the spec may legitimately remove an
 * autoscaler or a disruption budget (autoscaling turned off), never the
 * workload, its Service or the ConfigMaps its pods mount.
 */
const RUNNING_KINDS = new Set(['Deployment', 'Service', 'ConfigMap']);

/** The observed running children an intact request keeps: what a mutation must not drop. */
export function keptByIntact(kind: HookKind, fed: Request): string[] {
  const res = answer(kind, structuredClone(fed));
  if (res instanceof HookRequestError) return [];
  const observed = new Set(Object.values((fed.children ?? fed.attachments ?? {}) as Record<string, Record<string, { kind: string; apiVersion: string; metadata: { name: string } }>>).flatMap((g) => Object.values(g).map((c) => childId(c as never))));
  return childrenOf(kind, res).filter((c) => RUNNING_KINDS.has(c.kind)).map(childId).filter((id) => observed.has(id));
}

/** Corpus-only: the hook answers 4xx. */
function checkRejects(kind: HookKind, req: Request): void {
  const res = answer(kind, req);
  if (!(res instanceof HookRequestError)) throw new Error(`answered 200 with status ${JSON.stringify(res.status)}`);
}

/** Corpus-only: a 4xx, or a status that reports the spec invalid. */
function checkReportsInvalid(kind: HookKind, req: Request): void {
  const res = answer(kind, req);
  if (res instanceof HookRequestError) return;
  if (!reportsInvalid(res.status)) throw new Error(`status does not report the invalid spec: ${JSON.stringify(res.status)}`);
}

const CHECKS: Record<Holds, (c: CorpusCase, req: Request) => void> = {
  'valid-children': (c, req) => checkValidChildren(c.kind, req),
  'same-bytes': (c, req) => checkSameBytes(c.kind, req),
  'same-children': (c, req) => checkSameChildren(c.kind, req),
  keeps: (c, req) => checkKeeps(c.kind, req, c.keeps ?? [], c.name),
  rejects: (c, req) => checkRejects(c.kind, req),
  'reports-invalid': (c, req) => checkReportsInvalid(c.kind, req),
};

/**
 * Registers one test per corpus case that holds any of `holds` (run before
 * the random runs of the file); each check throws on a violation.
 */
export function replayCorpus(holds: readonly Holds[]): void {
  for (const c of corpus()) {
    const mine = c.holds.filter((h) => holds.includes(h));
    if (mine.length === 0) continue;
    const origin = c.item === 0 ? 'not an issue item' : `issue item ${c.item}`;
    it(`corpus ${c.name} (${origin}): ${mine.join(', ')}`, () => {
      for (const h of mine) CHECKS[h](c, corpusRequest(c));
    });
  }
}
