// `omnia-hooks/testing`: unit-test the hooks as pure input → output. Build the
// request Metacontroller would send from YAML or objects (the controller type
// — composite or decorator — follows from the parent's kind), run a hook, and
// read its answer: children by kind, a condition by type, the phase.

import type {
  CompositeSyncRequest,
  CompositeSyncResponse,
  CustomizeResponse,
  DecoratorSyncRequest,
  DecoratorSyncResponse,
  KubeObject,
} from '../hooks/metacontroller.js';
import type { HookName } from '../hooks/types.js';
import { objectMap, objectsFrom, type ObjectsInput } from '../render/objects.js';
import { CHILD_TYPES, entryFor, stored } from '../render/render.js';

export { objectsFrom, type ObjectsInput } from '../render/objects.js';
export { render, type Rendered, type RenderResult } from '../render/render.js';

export interface RequestOptions {
  /** Objects the hook's customize would relate (PromptPacks, Providers, Secrets…). */
  related?: ObjectsInput;
  /** Children (or decorator attachments) the controller observes; none by default. */
  children?: ObjectsInput;
  /** The parent is being deleted (its finalize hook). */
  finalizing?: boolean;
  /**
   * Store the objects as the API server would: schema defaults applied, a
   * namespace (the parent's for the others, else "default"), uid and
   * resourceVersion. On by default; false sends them exactly as given.
   */
  stored?: boolean;
}

export interface RunOptions extends RequestOptions {
  /** The hooks' clock (default: the current time). */
  now?: Date;
}

export interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  [field: string]: unknown;
}

/** A sync or finalize answer with readers for what tests usually ask. */
export interface Answer {
  response: CompositeSyncResponse | DecoratorSyncResponse;
  status: Record<string, any>;
  phase: string | undefined;
  /** The children (decorators: attachments), or those of one kind. */
  children(kind?: string): KubeObject[];
  /** The one child of that kind (and name); throws when there is none or several. */
  child(kind: string, name?: string): KubeObject;
  condition(type: string): Condition | undefined;
}

function single(input: ObjectsInput, what: string): KubeObject {
  const objects = objectsFrom(input, what);
  if (objects.length !== 1) throw new Error(`${what}: expected one object, got ${objects.length}`);
  return objects[0]!;
}

function subjectEntry(parent: KubeObject) {
  const entry = entryFor(parent.kind);
  if (!entry) throw new Error(`no omnia controller for kind ${parent.kind}`);
  return entry;
}

function prepare(parentInput: ObjectsInput, opts: RequestOptions) {
  const asGiven = opts.stored === false;
  const raw = single(parentInput, 'parent');
  const parent = asGiven ? raw : stored(raw, 0);
  const ns = parent.metadata.namespace;
  const others = (input: ObjectsInput | undefined, from: number) =>
    objectsFrom(input ?? []).map((o, i) => (asGiven ? o : stored(o, from + i, ns)));
  const related = others(opts.related, 1);
  const children = others(opts.children, 1 + related.length);
  return { parent, related, children, entry: subjectEntry(parent) };
}

/** The request Metacontroller sends a customize hook about this parent. */
export function customizeRequest(parent: ObjectsInput, opts: Pick<RequestOptions, 'stored'> = {}): { parent: KubeObject } | { object: KubeObject } {
  const p = prepare(parent, opts);
  return p.entry.controller === 'composite' ? { parent: p.parent } : { object: p.parent };
}

/** The sync (or, with `finalizing`, finalize) request about this parent. */
export function syncRequest(parent: ObjectsInput, opts: RequestOptions = {}): CompositeSyncRequest | DecoratorSyncRequest {
  const p = prepare(parent, opts);
  const related = objectMap(p.related);
  const finalizing = opts.finalizing ? { finalizing: true } : {};
  if (p.entry.controller === 'composite') {
    return { parent: p.parent, children: objectMap(p.children, CHILD_TYPES[p.parent.kind] ?? []), related, ...finalizing };
  }
  return { object: p.parent, attachments: objectMap(p.children), related, ...finalizing };
}

/** Readers over a sync or finalize response. */
export function answer(response: CompositeSyncResponse | DecoratorSyncResponse): Answer {
  const status = (response.status ?? {}) as Record<string, any>;
  const all = ('children' in response ? response.children : response.attachments) ?? [];
  const conditions = (Array.isArray(status.conditions) ? status.conditions : []) as Condition[];
  return {
    response,
    status,
    phase: typeof status.phase === 'string' ? status.phase : undefined,
    children: (kind) => (kind === undefined ? [...all] : all.filter((c) => c.kind === kind)),
    child(kind, name) {
      const found = all.filter((c) => c.kind === kind && (name === undefined || c.metadata.name === name));
      if (found.length !== 1) throw new Error(`expected one ${kind}${name ? ` ${name}` : ''} child, found ${found.length}`);
      return found[0]!;
    },
    condition: (type) => conditions.find((c) => c.type === type),
  };
}

function hook(parent: KubeObject, name: HookName) {
  const fn = subjectEntry(parent).hooks[name];
  if (!fn) throw new Error(`${parent.kind} has no ${name} hook`);
  return fn;
}

/** Runs the parent kind's customize hook. */
export function runCustomize(parent: ObjectsInput, opts: Pick<RequestOptions, 'stored'> = {}): CustomizeResponse {
  const request = customizeRequest(parent, opts);
  const subject = 'parent' in request ? request.parent : request.object;
  return hook(subject, 'customize')(request, new Date()) as CustomizeResponse;
}

/** Runs the parent kind's sync hook (finalize when `finalizing` and the kind has one) and wraps the answer. */
export function runSync(parent: ObjectsInput, opts: RunOptions = {}): Answer {
  const request = syncRequest(parent, opts);
  const subject = 'parent' in request ? request.parent : request.object;
  const name: HookName = opts.finalizing && subjectEntry(subject).hooks.finalize ? 'finalize' : 'sync';
  return answer(hook(subject, name)(request, opts.now ?? new Date()) as CompositeSyncResponse | DecoratorSyncResponse);
}
