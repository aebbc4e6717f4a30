// Writing a JSON answer in one go: status line and every header in one
// writeHead call, then the body in one end(). Node builds the head straight
// from the object (headers set earlier with setHeader, such as a drain's
// Connection: close, are merged in), and a string body goes out in the same
// write as the head. Serialising is the caller's business when the bytes
// matter (the hooks answer canonical JSON); sendJson uses JSON.stringify.
//
// An answer given while the request's body is still unread (a refusal: too
// large, the wrong type, not allowed) closes the connection, in every program
// alike: Node would otherwise read the rest of that body, however large, to
// reuse the socket.
import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { bodyLeftUnread } from './body.js';
import type { ErrorBody } from './error.js';

export const JSON_TYPE = 'application/json; charset=utf-8';

/** A text answer of `type`; `headers` adds to (or overrides) Content-Type and Content-Length. */
export function sendText(res: ServerResponse, status: number, type: string, text: string, headers?: OutgoingHttpHeaders): void {
  const head: OutgoingHttpHeaders = { 'content-type': type, 'content-length': Buffer.byteLength(text, 'utf8') };
  if (headers !== undefined) Object.assign(head, headers);
  if (bodyLeftUnread(res)) head.connection = 'close';
  res.writeHead(status, head);
  res.end(text, 'utf8');
}

/** A JSON text answer (text already serialised). */
export function sendJsonText(res: ServerResponse, status: number, text: string, headers?: OutgoingHttpHeaders): void {
  sendText(res, status, JSON_TYPE, text, headers);
}

export function sendJson(res: ServerResponse, status: number, value: unknown, headers?: OutgoingHttpHeaders): void {
  sendJsonText(res, status, JSON.stringify(value), headers);
}

/** `{"error","detail",…}` with its status; `error` and `detail` come first, as the body declares them. */
export function sendError(res: ServerResponse, status: number, body: ErrorBody, headers?: OutgoingHttpHeaders): void {
  sendJson(res, status, body, headers);
}
