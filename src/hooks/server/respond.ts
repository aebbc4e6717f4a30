// Writing an answer in one go: status line and every header in one writeHead
// call, then the body in one end(). Node builds the head straight from the
// object when nothing was set before (no per-header setHeader bookkeeping), and
// a string body goes out in the same write as the head.
import type { ServerResponse } from 'node:http';
import type { ErrorBody, HttpError } from './errors.js';
import { serializeText } from './serialize.js';

export const JSON_TYPE = 'application/json; charset=utf-8';

/** A JSON text answer; `etag` only on a successful hook answer. */
export function sendJsonText(res: ServerResponse, status: number, text: string, etag?: string): void {
  const length = Buffer.byteLength(text, 'utf8');
  res.writeHead(
    status,
    etag === undefined ? { 'content-type': JSON_TYPE, 'content-length': length } : { 'content-type': JSON_TYPE, 'content-length': length, etag },
  );
  res.end(text, 'utf8');
}

export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  sendJsonText(res, status, serializeText(value));
}

/** `{"error","detail"}` with the error's status. */
export function sendError(res: ServerResponse, err: HttpError, headers?: Record<string, string>): void {
  if (headers) for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  // An ETag from a successful attempt must not stick to an error.
  res.removeHeader('ETag');
  const body: ErrorBody = { error: err.code, detail: err.detail };
  sendJson(res, err.status, body);
}
