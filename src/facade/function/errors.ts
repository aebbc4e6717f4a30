import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { sendJson as sendJsonAnswer } from '../../shared/http/respond.js';

// The function endpoint's answer vocabulary (spec/003). The code doubles as
// the `code` label of omnia_function_invocations_total, so "ok" stands for 200.
export const FUNCTION_CODES = {
  ok: 200,
  input_invalid: 400,
  unauthorized: 401,
  function_not_found: 404,
  method_not_allowed: 405,
  payload_too_large: 413,
  unsupported_media_type: 415,
  internal_error: 500,
  runtime_error: 502,
  output_invalid: 502,
} as const;

export type FunctionCode = keyof typeof FUNCTION_CODES;
export type FunctionErrorCode = Exclude<FunctionCode, 'ok'>;

export interface ErrorBody {
  error: FunctionErrorCode;
  detail: string;
  raw_output?: string;
}

export interface SendOptions {
  /** Extra response headers (Allow, X-Invocation-Id). An answer before the body was read closes the connection (shared/http/respond.ts). */
  headers?: Record<string, string>;
}

const NO_STORE: OutgoingHttpHeaders = Object.freeze({ 'cache-control': 'no-store' });

/** The shared JSON answer, never cached, once per response (a second answer is dropped). */
export function sendJson(res: ServerResponse, status: number, body: unknown, opts: SendOptions = {}): void {
  if (res.headersSent || res.writableEnded) return;
  sendJsonAnswer(res, status, body, opts.headers ? { ...NO_STORE, ...opts.headers } : NO_STORE);
}

export function sendError(res: ServerResponse, body: ErrorBody, opts: SendOptions = {}): void {
  sendJson(res, FUNCTION_CODES[body.error], body, opts);
}
