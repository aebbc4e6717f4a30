// The envelope of a Metacontroller hook request, read in one place for every
// kind, every hook and the server (which checks it before calling a hook).
// Without a named subject there is nothing to answer for: that is a
// HookRequestError (→ 400, nothing applied). Everything inside the subject's
// spec is the hook's business, answered with an honest status instead.
import { isObject, type Json } from '../../shared/json.js';
import type { KubeObject, ObjectMap } from '../metacontroller.js';
import { HookRequestError, type ControllerType, type HookName } from '../types.js';

/** The object a hook request is about. */
export interface Subject<S extends KubeObject = KubeObject> {
  /** `parent` of a CompositeController request or of any customize request; `object` of a decorator's sync/finalize. */
  subject: S;
  name: string;
  /** Our kinds are all namespaced; `default` when a request omits it. */
  namespace: string;
}

export interface HookRequest<S extends KubeObject = KubeObject> extends Subject<S> {
  /** `children` (composite) or `attachments` (decorator); empty for customize. */
  children: ObjectMap;
  related: ObjectMap;
  /** Metacontroller sets it on the sync that asks whether a deleted subject may go. */
  finalizing: boolean;
  /** The child types the controller declares (keys of `children`, present even when empty). */
  childTypes: ReadonlySet<string>;
}

/**
 * The request field holding the subject. Metacontroller sends `parent` to a
 * decorator's customize hook; a body in the decorator's sync shape (`object`)
 * is accepted there too.
 */
function subjectField(body: Json, controller: ControllerType, hook: HookName): 'parent' | 'object' {
  if (controller === 'composite') return 'parent';
  if (hook !== 'customize') return 'object';
  return body.parent === undefined && body.object !== undefined ? 'object' : 'parent';
}

/**
 * The subject, its name and namespace: what the server checks before calling a
 * hook. `kind`, when given, is the only kind of subject the hook accepts (a
 * subject without a kind is taken as that kind).
 */
export function readSubject(body: unknown, controller: ControllerType, hook: HookName, kind?: string): Subject {
  if (!isObject(body)) throw new HookRequestError('invalid_request', 'request body must be a JSON object');
  const field = subjectField(body, controller, hook);
  const subject = body[field];
  if (!isObject(subject)) throw new HookRequestError(`missing_${field}`, `request has no "${field}" object`);
  const metadata = subject.metadata;
  if (!isObject(metadata)) throw new HookRequestError(`invalid_${field}`, `"${field}" has no metadata object`);
  const { name, namespace } = metadata;
  if (typeof name !== 'string' || name === '') throw new HookRequestError(`invalid_${field}`, `${field}.metadata.name is required`);
  if (kind !== undefined && subject.kind !== undefined && subject.kind !== kind) {
    throw new HookRequestError('wrong_kind', `expected a subject of kind ${kind}, got ${String(subject.kind).slice(0, 64)}`);
  }
  return {
    subject: subject as KubeObject,
    name,
    namespace: typeof namespace === 'string' && namespace !== '' ? namespace : 'default',
  };
}

/** The whole request a hook answers; `kind` as for readSubject. */
export function readRequest(body: unknown, controller: ControllerType, hook: HookName, kind?: string): HookRequest {
  const { subject, name, namespace } = readSubject(body, controller, hook, kind);
  const fields = body as Json;
  const childTypes = new Set<string>();
  return {
    subject,
    name,
    namespace,
    children: objectMap(fields[controller === 'composite' ? 'children' : 'attachments'], childTypes),
    related: objectMap(fields.related),
    finalizing: fields.finalizing === true,
    childTypes,
  };
}

/**
 * A children/attachments/related map with malformed groups emptied
 * (Metacontroller never sends them). The request's own map is handed back,
 * not copied, unless a group must be emptied; `types` collects its keys.
 */
function objectMap(value: unknown, types?: Set<string>): ObjectMap {
  if (!isObject(value)) return {};
  let copy: Json | undefined;
  for (const type of Object.keys(value)) {
    types?.add(type);
    if (isObject(value[type])) continue;
    copy ??= { ...value };
    copy[type] = {};
  }
  return (copy ?? value) as ObjectMap;
}
