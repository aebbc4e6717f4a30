import type { IncomingMessage, ServerResponse } from 'node:http';
import { decodeSegment, pathOf } from '../../shared/http/path.js';
import { sendJson } from '../../shared/http/respond.js';
import type { FacadeConfig } from '../config.js';
import type { Gate } from '../turns/gate.js';
import { fromRefusal, sendOpenAiError } from './errors.js';

// GET /v1/models and /v1/models/<id>: this pod serves one "model", the agent,
// whose id is the agent's name (the `model` a chat completion must name).

export const MODELS_PATH = '/v1/models';

export function createModelsRoute(config: Pick<FacadeConfig, 'agent' | 'namespace'>, gate: Gate, startedAtMs: number) {
  const model = { id: config.agent, object: 'model', created: Math.floor(startedAtMs / 1000), owned_by: config.namespace };
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method !== 'GET') return sendOpenAiError(res, fromRefusal(405, 'method_not_allowed', 'use GET'));
    const admitted = await gate.admit(req, res, false);
    if (!admitted.ok) return sendOpenAiError(res, fromRefusal(admitted.status, admitted.code, admitted.detail));
    // As the router read it (an absolute-form target from a proxy included).
    const path = pathOf(req.url);
    if (path === MODELS_PATH) return sendJson(res, 200, { object: 'list', data: [model] });
    const id = decodeSegment(path.slice(MODELS_PATH.length + 1)) ?? '';
    if (id === config.agent) return sendJson(res, 200, model);
    sendOpenAiError(res, { status: 404, type: 'invalid_request_error', code: 'model_not_found', param: 'model', message: `The model '${id.slice(0, 64)}' does not exist; this agent serves '${config.agent}'` });
  };
}
