// finalize: called instead of sync while the AgentRuntime is being deleted.
// Ask for no children (Metacontroller deletes them) and report finalized once
// none is observed any more; the status is kept as it was.

import type { CompositeSyncResponse } from '../metacontroller.js';
import { sortKeys } from '../../shared/canonical-json.js';
import { objectsOf } from '../shared/objects.js';
import { isObject } from '../../shared/json.js';
import { readAgentRequest } from './request.js';

/** Seconds until Metacontroller asks again while children are still being deleted. */
export const FINALIZE_RESYNC_SECONDS = 5;

export function finalize(body: unknown): CompositeSyncResponse {
  const req = readAgentRequest(body, 'finalize');
  const remaining = Object.keys(req.children).reduce((n, type) => n + objectsOf(req.children, type).length, 0);
  const status = isObject(req.subject.status) ? req.subject.status : {};
  const response: CompositeSyncResponse =
    remaining === 0
      ? { status, children: [], finalized: true }
      : { status, children: [], finalized: false, resyncAfterSeconds: FINALIZE_RESYNC_SECONDS };
  return sortKeys(response) as CompositeSyncResponse;
}
