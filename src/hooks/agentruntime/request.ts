// The request envelope: what must be there for the hook to answer at all.
// Anything wrong here is a HookRequestError (→ 400, nothing applied); anything
// wrong inside the parent's spec is answered with an honest status instead.

import type { KubeObject, ObjectMap } from '../metacontroller.js';
import { isObject } from '../shared/spec-reader.js';
import { HookRequestError } from '../types.js';

export interface AgentRequest {
  parent: KubeObject;
  name: string;
  namespace: string;
  children: ObjectMap;
  related: ObjectMap;
  /** The child types the controller declares (keys of `children`, present even when empty). */
  childTypes: Set<string>;
}

export function parseRequest(body: unknown): AgentRequest {
  if (!isObject(body)) throw new HookRequestError('invalid_request', 'request body must be a JSON object');
  const parent = body.parent;
  if (parent === undefined) throw new HookRequestError('missing_parent', 'request has no parent');
  if (!isObject(parent)) throw new HookRequestError('invalid_parent', 'parent must be an object');
  if (parent.kind !== undefined && parent.kind !== 'AgentRuntime') {
    throw new HookRequestError('wrong_kind', `expected an AgentRuntime parent, got ${String(parent.kind)}`);
  }
  const metadata = parent.metadata;
  if (!isObject(metadata) || typeof metadata.name !== 'string' || metadata.name === '') {
    throw new HookRequestError('invalid_parent', 'parent.metadata.name is required');
  }
  const namespace = typeof metadata.namespace === 'string' && metadata.namespace !== '' ? metadata.namespace : 'default';
  const children = objectMap(body.children);
  return {
    parent: parent as unknown as KubeObject,
    name: metadata.name,
    namespace,
    children,
    related: objectMap(body.related),
    childTypes: new Set(Object.keys(children)),
  };
}

/** A children/related map with malformed groups dropped (Metacontroller never sends them). */
function objectMap(value: unknown): ObjectMap {
  if (!isObject(value)) return {};
  const out: ObjectMap = {};
  for (const [type, group] of Object.entries(value)) {
    out[type] = isObject(group) ? (group as Record<string, KubeObject>) : {};
  }
  return out;
}
