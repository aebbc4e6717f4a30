import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpError } from '../../shared/http/error.js';
import { sendError, sendJson } from '../../shared/http/respond.js';
import { clientGone } from '../../shared/http/sse.js';
import { readJson } from '../turns/body.js';
import type { Gate } from '../turns/gate.js';
import { runHttpTurn, type TurnDeps } from '../turns/run.js';
import { attachSession } from '../turns/session.js';
import { isObject } from '../../shared/json.js';

// KAOS's POST /agent/invoke (spec/002): a plain JSON call,
//   {"task": "…", "session_id"?: "…"} → {"response": "…", "status": "completed", "session_id": "…"}.
// session_id is ours (KAOS has none): given, it resumes that session of this
// agent or starts one under that id; the answer always names the session.
// Errors are the facade's {"error", "detail"}.

export const INVOKE_PATH = '/agent/invoke';
export const KAOS_SESSION_TAG = 'invoke';

function turnStatus(code: string): number {
  if (code === 'AGENT_UNAVAILABLE') return 503;
  if (code === 'RATE_LIMITED') return 429;
  if (code === 'INVALID_MESSAGE') return 400;
  return 502;
}

export function createInvokeRoute(deps: TurnDeps, gate: Gate) {
  const { config } = deps;
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method !== 'POST') return sendError(res, 405, { error: 'method_not_allowed', detail: 'use POST' }, { allow: 'POST' });
    const admitted = await gate.admit(req, res, true);
    if (!admitted.ok) return sendError(res, admitted.status, { error: admitted.code, detail: admitted.detail });
    let body: unknown;
    try {
      body = await readJson(req, config.limits.maxFrameBytes);
    } catch (err) {
      const e = err instanceof HttpError ? err : new HttpError(400, 'invalid_request', 'the request body could not be read');
      return sendError(res, e.status, e.body);
    }
    const b = isObject(body) ? body : {};
    if (typeof b.task !== 'string' || b.task.trim() === '') return sendError(res, 400, { error: 'invalid_request', detail: '"task" must be a non-empty string' });
    if (b.session_id !== undefined && b.session_id !== null && typeof b.session_id !== 'string') {
      return sendError(res, 400, { error: 'invalid_request', detail: '"session_id" must be a string' });
    }
    const session = await attachSession(deps.store, config, (b.session_id as string | null | undefined) ?? undefined, [KAOS_SESSION_TAG]);
    if (!session.ok) {
      return sendError(res, session.reason === 'invalid' ? 400 : 404, { error: session.reason === 'invalid' ? 'invalid_request' : `session_${session.reason === 'expired' ? 'expired' : 'not_found'}`, detail: session.detail });
    }
    const outcome = await runHttpTurn(deps, { sessionId: session.sessionId, content: b.task, signal: clientGone(res) });
    if (!outcome.ok) return sendError(res, turnStatus(outcome.code), { error: outcome.code.toLowerCase(), detail: outcome.message });
    sendJson(res, 200, { response: outcome.content, status: 'completed', session_id: session.sessionId });
  };
}
