// The checks the server makes on a hook request before a hook sees it: the
// envelope Metacontroller always sends. Everything inside the parent is the
// hook's business (an invalid spec is answered with a status, not an error).
import type { ControllerType } from '../registry.js';
import { subjectField } from '../registry.js';
import type { HookName } from '../types.js';
import { HttpError } from './errors.js';

export interface Subject {
  namespace?: string;
  name?: string;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Throws HttpError 400 when the body is not a Metacontroller request for this hook. */
export function checkEnvelope(body: unknown, controller: ControllerType, hook: HookName): Subject {
  if (!isPlainObject(body)) {
    throw new HttpError(400, 'invalid_request', 'request body must be a JSON object');
  }
  let field = subjectField(controller, hook);
  // Metacontroller sends `parent` to a decorator's customize hook; a body in
  // the decorator's sync shape (`object`) is accepted too, as the hooks do.
  if (controller === 'decorator' && hook === 'customize' && body.parent === undefined && body.object !== undefined) {
    field = 'object';
  }
  const subject = body[field];
  if (!isPlainObject(subject)) {
    throw new HttpError(400, `missing_${field}`, `request has no "${field}" object`);
  }
  const metadata = subject.metadata;
  if (!isPlainObject(metadata)) {
    throw new HttpError(400, `invalid_${field}`, `"${field}" has no metadata object`);
  }
  const out: Subject = {};
  if (typeof metadata.namespace === 'string') out.namespace = metadata.namespace;
  if (typeof metadata.name === 'string') out.name = metadata.name;
  return out;
}

/** Top-level response fields Metacontroller's strict decoder would reject. */
export function unknownResponseFields(result: unknown, allowed: readonly string[]): string[] | undefined {
  if (!isPlainObject(result)) return undefined;
  return Object.keys(result).filter((k) => !allowed.includes(k));
}

export { isPlainObject };
