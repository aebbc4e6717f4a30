// finalize: called instead of sync while the AgentRuntime is being deleted.
// Ask for no children, so Metacontroller deletes them at its own client rate
// (the garbage collector's 20 requests/s is three times slower for a fleet,
// bench/fleet.md), and report finalized on the second look.
//
// Metacontroller deletes the children a finalize answer leaves out in the same
// sync, before it writes the status that answer gives. So a status that already
// says Deleting means the DELETEs were sent: what is still observed then is a
// deletion the informer has not seen yet, or one that failed, and the garbage
// collector finishes either through the children's owner references. Waiting
// for the informer instead cost every agent a sync per child deletion event.

import type { CompositeSyncResponse } from '../metacontroller.js';
import { sortKeys } from '../../shared/canonical-json.js';
import { objectsOf } from '../shared/objects.js';
import { isObject } from '../../shared/json.js';
import { readAgentRequest } from './request.js';

/** Seconds until Metacontroller asks again if no child's deletion wakes it first. */
export const FINALIZE_RESYNC_SECONDS = 5;

/** The phase of an agent whose children Metacontroller has been asked to delete (as a PromptPack's). */
export const DELETING_PHASE = 'Deleting';

export function finalize(body: unknown): CompositeSyncResponse {
  const req = readAgentRequest(body, 'finalize');
  const remaining = Object.keys(req.children).reduce((n, type) => n + objectsOf(req.children, type).length, 0);
  const status = isObject(req.subject.status) ? req.subject.status : {};
  const response: CompositeSyncResponse =
    remaining === 0 || status.phase === DELETING_PHASE
      ? { status, children: [], finalized: true }
      : {
          status: { ...status, phase: DELETING_PHASE, message: `being deleted: ${remaining} ${remaining === 1 ? 'child' : 'children'} to delete` },
          children: [],
          finalized: false,
          resyncAfterSeconds: FINALIZE_RESYNC_SECONDS,
        };
  return sortKeys(response) as CompositeSyncResponse;
}
