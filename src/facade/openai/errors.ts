import type { ServerResponse } from 'node:http';
import { sendJson } from '../../shared/http/respond.js';

// OpenAI's error shape, `{"error": {"message", "type", "param", "code"}}`, with
// the statuses its clients act on (the official SDK maps 401 to
// AuthenticationError, 404 to NotFoundError, 429 to RateLimitError and retries
// it and 5xx). The auth chain's refusals on these routes are worded here too.

export type OpenAiErrorType = 'invalid_request_error' | 'authentication_error' | 'permission_error' | 'not_found_error' | 'rate_limit_error' | 'server_error';

export interface OpenAiError {
  status: number;
  type: OpenAiErrorType;
  code: string;
  message: string;
  param?: string;
}

export function openAiErrorBody(e: OpenAiError): { error: { message: string; type: string; param: string | null; code: string } } {
  return { error: { message: e.message, type: e.type, param: e.param ?? null, code: e.code } };
}

export function sendOpenAiError(res: ServerResponse, e: OpenAiError): void {
  if (!res.headersSent) sendJson(res, e.status, openAiErrorBody(e));
}

const BY_STATUS: Record<number, OpenAiErrorType> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  405: 'invalid_request_error',
  413: 'invalid_request_error',
  415: 'invalid_request_error',
  429: 'rate_limit_error',
};

/** An HTTP refusal (gate, body reader) in OpenAI's shape. */
export function fromRefusal(status: number, code: string, detail: string): OpenAiError {
  return { status, type: BY_STATUS[status] ?? 'server_error', code: status === 401 ? 'invalid_api_key' : code, message: detail };
}

/** A failed turn (the handler's error code) as the status and shape a client expects. */
export function fromTurnError(code: string, message: string): OpenAiError {
  switch (code) {
    case 'AGENT_UNAVAILABLE':
      return { status: 503, type: 'server_error', code: 'agent_unavailable', message };
    case 'RATE_LIMITED':
      return { status: 429, type: 'rate_limit_error', code: 'rate_limit_exceeded', message };
    case 'INVALID_MESSAGE':
      return { status: 400, type: 'invalid_request_error', code: 'invalid_message', message };
    default:
      return { status: 500, type: 'server_error', code: code.toLowerCase(), message };
  }
}
