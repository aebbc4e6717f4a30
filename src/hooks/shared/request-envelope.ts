import type { KubeObject, ObjectMap } from '../metacontroller.js';
import { HookRequestError } from '../types.js';
import { asRecord } from './read-fields.js';

// The envelope checks every hook makes before looking at a spec: without a
// named parent (or decorated object) there is nothing to answer for, and that
// is a request error (nothing applied), not a status.

function requireKubeObject(request: unknown, field: 'parent' | 'object'): KubeObject {
  const body = asRecord(request);
  if (!body) throw new HookRequestError('invalid_request', 'request body must be a JSON object');
  const obj = asRecord(body[field]);
  if (!obj) throw new HookRequestError('invalid_request', `request has no "${field}" object`);
  const meta = asRecord(obj.metadata);
  if (!meta || typeof meta.name !== 'string' || meta.name === '') {
    throw new HookRequestError('invalid_request', `${field}.metadata.name is missing`);
  }
  return obj as KubeObject;
}

/** `parent` of a CompositeController request. */
export function requireParent(request: unknown): KubeObject {
  return requireKubeObject(request, 'parent');
}

/** `object` of a DecoratorController request. */
export function requireDecorated(request: unknown): KubeObject {
  return requireKubeObject(request, 'object');
}

/** A children/related/attachments map, or an empty one when absent or malformed. */
export function objectMapOf(request: unknown, field: 'children' | 'related' | 'attachments'): ObjectMap {
  const map = asRecord(asRecord(request)?.[field]);
  return (map ?? {}) as ObjectMap;
}

/** The namespace of a namespaced object; our kinds are all namespaced, `default` if a request omits it. */
export function namespaceOf(obj: KubeObject): string {
  return typeof obj.metadata.namespace === 'string' && obj.metadata.namespace !== '' ? obj.metadata.namespace : 'default';
}

/**
 * The object a customize request is about. Metacontroller sends it as `parent`
 * for both controller kinds (the decorated object, for a DecoratorController);
 * `object` is accepted too so a decorator's sync body also works.
 */
export function requireCustomizeTarget(request: unknown): KubeObject {
  const body = asRecord(request);
  return body && body.parent === undefined && body.object !== undefined ? requireDecorated(request) : requireParent(request);
}
