// What the property tests of every hook kind share: the golden sync fixtures as
// seeds, arbitraries that vary them (names, spec fields, related objects), the
// feed-back of an answer as Metacontroller's next observed state, the mutations
// of property 4, and the corpus of test/fixtures/properties/.

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { defaultRegistry } from '../../../src/hooks/registry.js';
import { serializeText } from '../../../src/hooks/server/serialize.js';
import { HookRequestError, type Hook, type HookKind } from '../../../src/hooks/types.js';
import type { KubeObject, ObjectMap } from '../../../src/hooks/metacontroller.js';
import { FIXTURES, loadCases, readJson } from '../support/golden.js';

export const KINDS: readonly HookKind[] = [
  'agentruntime',
  'promptpack',
  'provider',
  'toolregistry',
  'agentruntimeconfiguration',
  'aigateway',
  'toolgateway',
  'agentgateway',
  'toolserver',
  'agenticworkforce',
];
export const NOW = new Date('2026-01-01T00:00:00Z');
export const LAST_APPLIED = 'metacontroller.k8s.io/last-applied-configuration';

/**
 * Seeded and bounded: a few seconds per property on a loaded 2-core machine.
 * PROPERTY_SEED / PROPERTY_RUNS explore further by hand (a failure prints the
 * seed and path that replay it); the suite runs the fixed ones.
 */
const explore = { seed: Number(process.env.PROPERTY_SEED), numRuns: Number(process.env.PROPERTY_RUNS) };
export const RUN = {
  seed: Number.isInteger(explore.seed) ? explore.seed : 16_016,
  numRuns: Number.isInteger(explore.numRuns) ? explore.numRuns : 60,
  interruptAfterTimeLimit: Number.isInteger(explore.numRuns) ? 600_000 : 4_000,
  markInterruptAsFailure: false,
} as const;

export type Request = Record<string, unknown> & { related?: ObjectMap; children?: ObjectMap; attachments?: ObjectMap };
export type Answer = Record<string, unknown> & { children?: KubeObject[]; attachments?: KubeObject[]; status?: Record<string, unknown> };

export const isComposite = (kind: HookKind): boolean => defaultRegistry[kind].controller === 'composite';
const subjectField = (kind: HookKind): 'parent' | 'object' => (isComposite(kind) ? 'parent' : 'object');
const childField = (kind: HookKind): 'children' | 'attachments' => (isComposite(kind) ? 'children' : 'attachments');

export const subjectOf = (kind: HookKind, req: Request): KubeObject & { spec?: unknown; status?: unknown } =>
  req[subjectField(kind)] as KubeObject & { spec?: unknown; status?: unknown };
export const childrenOf = (kind: HookKind, res: Answer): KubeObject[] => res[childField(kind)] ?? [];

export function syncHook(kind: HookKind): Hook {
  const hook = defaultRegistry[kind].hooks.sync;
  if (!hook) throw new Error(`no sync hook for ${kind}`);
  return hook;
}

/**
 * The sync answer, or the HookRequestError a 4xx answer stands for; any other
 * throw is a 500 and fails the property. The answer is also serialized as the
 * server sends it, since an answer the server cannot write is a 500 as well.
 */
export function answer(kind: HookKind, req: Request, now = NOW): Answer | HookRequestError {
  try {
    const res = syncHook(kind)(req, now) as Answer;
    serializeText(res);
    return res;
  } catch (err) {
    if (err instanceof HookRequestError && err.httpStatus >= 400 && err.httpStatus < 500) return err;
    throw err;
  }
}

export interface Seed {
  kind: HookKind;
  name: string;
  request: Request;
}

/** The sync fixtures of a kind that are not finalizing: the plausible parents to start from. */
const seedCache = new Map<HookKind, Seed[]>();
export function seeds(kind: HookKind): Seed[] {
  let cached = seedCache.get(kind);
  if (!cached) seedCache.set(kind, (cached = readSeeds(kind)));
  return cached;
}
function readSeeds(kind: HookKind): Seed[] {
  return loadCases(kind)
    .filter((c) => c.hook === 'sync' && (c.request as { finalizing?: boolean }).finalizing !== true)
    .map((c) => ({ kind, name: c.name, request: c.request as Request }));
}

/** `Kind/name` of a child: how Metacontroller tells children apart within one parent. */
export const childId = (c: KubeObject): string => `${c.kind}.${c.apiVersion}/${c.metadata.name}`;

/** The answer's children as Metacontroller observes them on the next sync (as test/hooks/agentruntime/stability.test.ts does). */
export function feedBack(kind: HookKind, req: Request, res: Answer): Request {
  const field = childField(kind);
  const before = (req[field] ?? {}) as ObjectMap;
  const subject = subjectOf(kind, req);
  const namespace = subject.metadata.namespace ?? 'default';
  const observed: ObjectMap = {};
  for (const type of Object.keys(before)) observed[type] = {};
  for (const child of childrenOf(kind, res)) {
    const type = `${child.kind}.${child.apiVersion}`;
    const key = `${namespace}/${child.metadata.name}`;
    const was = before[type]?.[key] as (KubeObject & { status?: unknown }) | undefined;
    const next: KubeObject = structuredClone(child);
    next.metadata = {
      ...next.metadata,
      namespace,
      annotations: { ...(next.metadata.annotations ?? {}), [LAST_APPLIED]: JSON.stringify(child) },
    };
    if (was?.status !== undefined) next.status = structuredClone(was.status);
    (observed[type] ??= {})[key] = next;
  }
  const status = res.status ?? subject.status;
  return { ...req, [field]: observed, [subjectField(kind)]: { ...subject, ...(status === undefined ? {} : { status }) } };
}

// --- arbitraries ---

const ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** Every legal DNS-1123 subdomain up to 253 chars, dots included, with the boundaries (63/64, 253) drawn often. */
export const subdomainName: fc.Arbitrary<string> = fc
  .oneof(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 60, max: 70 }), fc.integer({ min: 240, max: 253 }), fc.integer({ min: 1, max: 253 }))
  .chain((length) => fc.string({ unit: fc.constantFrom(...`${ALNUM}${ALNUM}--.`), minLength: length, maxLength: length }))
  .map((raw) => {
    // A run of '-'/'.' holding a dot becomes one dot; a part starts and ends alphanumeric.
    const s = raw.replace(/[-.]*\.[-.]*/g, '.').replace(/^[-.]+|[-.]+$/g, '');
    return s === '' ? 'a' : s;
  });

/** The input class of item 1: names a Service or a label value cannot carry as they are. */

/** A plausible variation of a seed: another parent name, spec values tweaked, some related objects gone, some statuses emptied. */
export interface Variation {
  name: string | undefined;
  /** Spec fields (drawn like a mutation's `at`) given another value of their type. */
  tweaks: { at: number; by: number }[];
  dropRelated: number[];
  emptyStatus: number[];
}

export const variation: fc.Arbitrary<Variation> = fc.record({
  name: fc.option(subdomainName, { nil: undefined, freq: 3 }),
  tweaks: fc.array(fc.record({ at: fc.nat(), by: fc.nat({ max: 9 }) }), { maxLength: 3 }),
  dropRelated: fc.array(fc.nat(), { maxLength: 2 }),
  emptyStatus: fc.array(fc.nat(), { maxLength: 2 }),
});

/** Another value of the same type: a plausible edit of a spec field (objects and arrays stay). */
function tweaked(v: unknown, by: number): unknown {
  if (typeof v === 'boolean') return !v;
  if (typeof v === 'number') return Number.isInteger(v) ? by : v * (by + 1) / 10;
  if (typeof v === 'string') return by === 0 ? '' : `${v}${'x'.repeat(by)}`.toLowerCase();
  return v;
}

/** Every related object as [type, key]: stable order, so a drawn index names the same object every run. */
export function relatedEntries(req: Request): [string, string][] {
  return Object.entries(req.related ?? {}).flatMap(([type, group]) => Object.keys(group).sort().map((key) => [type, key] as [string, string]));
}

export function applyVariation(kind: HookKind, seed: Request, v: Variation): Request {
  const req = structuredClone(seed);
  const subject = subjectOf(kind, req);
  if (v.name !== undefined) {
    subject.metadata.name = v.name;
    // Observed children carry the old parent's names; Metacontroller only sends the renamed parent's own.
    const field = childField(kind);
    for (const type of Object.keys(req[field] ?? {})) (req[field] as ObjectMap)[type] = {};
  }
  const specSlots = slots(kind, req).filter((x) => x.path.startsWith('spec.'));
  for (const t of v.tweaks) {
    const slot = specSlots[t.at % Math.max(specSlots.length, 1)];
    if (slot) (slot.holder as Record<string | number, unknown>)[slot.key] = tweaked((slot.holder as Record<string | number, unknown>)[slot.key], t.by);
  }
  const entries = relatedEntries(req);
  for (const i of v.emptyStatus) {
    const [type, key] = entries[i % Math.max(entries.length, 1)] ?? [];
    if (type && key && req.related?.[type]?.[key]) delete (req.related[type][key] as { status?: unknown }).status;
  }
  for (const i of v.dropRelated) {
    const [type, key] = entries[i % Math.max(entries.length, 1)] ?? [];
    if (type && key) delete req.related?.[type]?.[key];
  }
  return req;
}

/** A seed of the kind (by fixture name, so a counterexample prints short), varied. */
export const plausible = (kind: HookKind): fc.Arbitrary<{ seed: string; variation: Variation }> =>
  fc.record({ seed: fc.constantFrom(...seeds(kind).map((s) => s.name)), variation });

/** The request a drawn seed name and variation stand for. */
export function plausibleRequest(kind: HookKind, drawn: { seed: string; variation: Variation }): Request {
  const seed = seeds(kind).find((s) => s.name === drawn.seed);
  if (!seed) throw new Error(`no seed ${kind}/${drawn.seed}`);
  return applyVariation(kind, seed.request, drawn.variation);
}

// --- mutations (property 4) ---

export type Mutation =
  | { op: 'delete'; at: number }
  | { op: 'retype'; at: number; to: 'string' | 'number' | 'boolean' | 'null' | 'array' | 'object' }
  | { op: 'garbage'; at: number; value: unknown }
  | { op: 'nest'; at: number; depth: number; array: boolean }
  | { op: 'deleteRelated'; at: number }
  | { op: 'emptyRelatedStatus'; at: number }
  | { op: 'deleteParentStatus' };

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('retype' as const), at: fc.nat(), to: fc.constantFrom('string' as const, 'number' as const, 'boolean' as const, 'null' as const, 'array' as const, 'object' as const) }),
  fc.record({ op: fc.constant('garbage' as const), at: fc.nat(), value: fc.jsonValue({ maxDepth: 3 }) }),
  fc.record({ op: fc.constant('nest' as const), at: fc.nat(), depth: fc.integer({ min: 1, max: 300 }), array: fc.boolean() }),
  fc.record({ op: fc.constant('deleteRelated' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('emptyRelatedStatus' as const), at: fc.nat() }),
  fc.constant({ op: 'deleteParentStatus' as const }),
);

type Container = Record<string, unknown> | unknown[];
interface Slot {
  path: string;
  holder: Container;
  key: string | number;
}

/** Every field under the parent's spec and the related objects' bodies (not their metadata), in a stable order. */
export function slots(kind: HookKind, req: Request): Slot[] {
  const out: Slot[] = [];
  const walk = (holder: Container, key: string | number, path: string): void => {
    out.push({ holder, key, path });
    const v = (holder as Record<string | number, unknown>)[key];
    if (Array.isArray(v)) v.forEach((_, i) => walk(v, i, `${path}[${i}]`));
    else if (v !== null && typeof v === 'object') for (const k of Object.keys(v).sort()) walk(v as Record<string, unknown>, k, `${path}.${k}`);
  };
  const subject = subjectOf(kind, req) as unknown as Record<string, unknown>;
  if ('spec' in subject) walk(subject, 'spec', 'spec');
  for (const [type, key] of relatedEntries(req)) {
    const obj = req.related![type]![key] as unknown as Record<string, unknown>;
    for (const field of Object.keys(obj).sort()) if (!['apiVersion', 'kind', 'metadata'].includes(field)) walk(obj, field, `${relatedPath(type, key)}.${field}`);
  }
  return out;
}

const retyped = (v: unknown, to: string): unknown => {
  const candidates: Record<string, unknown> = { string: 'x', number: 0, boolean: true, null: null, array: [], object: {} };
  const same = (Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v) === to;
  return same ? candidates[to === 'string' ? 'number' : 'string'] : candidates[to];
};

/** `depth` levels of `{a: …}` or `[…]` around a string; built iteratively so a deep one never overflows here. */
export function nested(depth: number, array: boolean): unknown {
  let v: unknown = 'x';
  for (let i = 0; i < depth; i++) v = array ? [v] : { a: v };
  return v;
}

/** Which paths (as `slots` and `relatedPath` name them) a mutation may touch; all by default. */
export type Allowed = (path: string) => boolean;
const anyPath: Allowed = () => true;
const relatedPath = (type: string, key: string): string => `related[${type}][${key}]`;

/** Applies a mutation in place to one of the allowed places; returns what it did (for the counterexample's report). */
export function mutate(kind: HookKind, req: Request, m: Mutation, allowed: Allowed = anyPath): string {
  if (m.op === 'deleteParentStatus') {
    if (!allowed('status')) return 'nothing (status excluded)';
    delete subjectOf(kind, req).status;
    return 'delete parent status';
  }
  if (m.op === 'deleteRelated' || m.op === 'emptyRelatedStatus') {
    const entries = relatedEntries(req).filter(([type, key]) => allowed(relatedPath(type, key)));
    if (entries.length === 0) return 'nothing (no related object)';
    const [type, key] = entries[m.at % entries.length]!;
    if (m.op === 'deleteRelated') delete req.related![type]![key];
    else (req.related![type]![key] as { status?: unknown }).status = {};
    return `${m.op} ${relatedPath(type, key)}`;
  }
  const all = slots(kind, req).filter((s) => allowed(s.path));
  if (all.length === 0) return 'nothing (no field)';
  const { holder, key, path } = all[m.at % all.length]!;
  const h = holder as Record<string | number, unknown>;
  if (m.op === 'delete') {
    if (Array.isArray(holder)) holder.splice(key as number, 1);
    else delete h[key];
  } else if (m.op === 'retype') h[key] = retyped(h[key], m.to);
  else if (m.op === 'garbage') h[key] = m.value;
  else h[key] = nested(m.depth, m.array);
  return `${m.op} ${path}`;
}

// --- corpus (test/fixtures/properties/) ---

export const CORPUS = join(FIXTURES, 'properties');

/** What must hold for a corpus case. */
export type Holds =
  /** Property 1: every child passes validateChild and the name rules. */
  | 'valid-children'
  /** Property 2: two answers, same bytes. */
  | 'same-bytes'
  /** Property 3: the answer fed back → the same children. */
  | 'same-children'
  /** Property 4: the answer keeps every child named in `keeps` (kind + name), or the hook answers 4xx. */
  | 'keeps'
  /** The hook answers 4xx (HookRequestError), never 200 nor 500. */
  | 'rejects'
  /** Answered 4xx, or 200 with a status that reports the spec invalid; never a 500. */
  | 'reports-invalid';

/** One step of an RFC 6902 patch (the subset the corpus needs). */
export interface PatchOp {
  op: 'add' | 'replace' | 'remove';
  /** JSON pointer (`~1` for `/`, `~0` for `~`). */
  path: string;
  value?: unknown;
}

/**
 * A stored counterexample or issue case: the request (whole, or a golden
 * fixture's request.json with a patch) and what must hold for its answer.
 */
export interface CorpusCase {
  name: string;
  /** The issue-16 item the case comes from; 0 for a guard of something that already holds. */
  item: number;
  kind: HookKind;
  description: string;
  holds: Holds[];
  /** `Kind.apiVersion/name` of the children that must stay ('keeps'). */
  keeps?: string[];
  request?: Request;
  /** `<kind>/<case>`: test/fixtures/<kind>/<case>/request.json, patched by `patch`. */
  base?: string;
  patch?: PatchOp[];
  /** A value too deep to store: `depth` levels nested at `path` of the request (built in code). */
  deep?: { path: (string | number)[]; depth: number; array?: boolean };
}

export function corpus(): CorpusCase[] {
  return readdirSync(CORPUS)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({ ...(readJson(join(CORPUS, f)) as Omit<CorpusCase, 'name'>), name: f.replace(/\.json$/, '') }));
}

const pointer = (path: string): string[] => path.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));

function applyPatch(doc: Request, ops: readonly PatchOp[]): void {
  for (const { op, path, value } of ops) {
    const keys = pointer(path);
    const last = keys.pop()!;
    let at = doc as Record<string, unknown>;
    for (const k of keys) {
      if (at[k] === null || typeof at[k] !== 'object') throw new Error(`patch ${op} ${path}: no ${k}`);
      at = at[k] as Record<string, unknown>;
    }
    if (op === 'remove') {
      if (!(last in at)) throw new Error(`patch remove ${path}: nothing there`);
      if (Array.isArray(at)) at.splice(Number(last), 1);
      else delete at[last];
    } else at[last] = structuredClone(value);
  }
}

/** The request of a corpus case: stored or patched, with its deep value built. */
export function corpusRequest(c: CorpusCase): Request {
  const req = c.base ? (readJson(join(FIXTURES, c.base, 'request.json')) as Request) : structuredClone(c.request!);
  if (c.patch) applyPatch(req, c.patch);
  if (c.deep) {
    const path = c.deep.path;
    let at = req as Record<string | number, unknown>;
    for (const k of path.slice(0, -1)) at = (at[k] ??= {}) as Record<string | number, unknown>;
    at[path[path.length - 1]!] = nested(c.deep.depth, c.deep.array ?? false);
  }
  return req;
}

/** A status that says the spec is not usable: a phase of failure or a False condition whose reason names the invalid input. */
export function reportsInvalid(status: Record<string, unknown> | undefined): boolean {
  if (!status) return false;
  if (['Failed', 'Error', 'Invalid'].includes(status.phase as string)) return true;
  const conditions = Array.isArray(status.conditions) ? (status.conditions as { status?: string; reason?: string }[]) : [];
  if (conditions.some((c) => c.status === 'False' && /invalid/i.test(c.reason ?? ''))) return true;
  // A ToolRegistry reports a bad entry on the tool itself: Unavailable, with the reason.
  const tools = Array.isArray(status.discoveredTools) ? (status.discoveredTools as { status?: string; error?: string }[]) : [];
  return tools.some((t) => t.status === 'Unavailable' && /nests more than \d+ levels/.test(t.error ?? ''));
}
