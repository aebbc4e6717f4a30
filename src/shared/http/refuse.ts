// Answers written straight onto a socket, for requests that have no
// ServerResponse: a WebSocket upgrade refused before the handshake, and a
// request Node could not parse ('clientError'), which Node would otherwise
// answer itself with a bare status line and no body (431 for oversized
// headers, 400 for garbage). Every error keeps the programs' one body shape.
import { maxHeaderSize, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ErrorBody } from './error.js';
import { JSON_TYPE } from './respond.js';

/** Writes `status` with `body` as JSON (when the socket still takes it), then closes the socket. */
export function refuse(socket: Duplex, status: number, body: ErrorBody): void {
  const text = JSON.stringify(body);
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nContent-Type: ${JSON_TYPE}\r\nContent-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`,
    );
  }
  socket.destroy();
}

const HEADERS_TOO_LARGE: ErrorBody = { error: 'request_header_too_large', detail: `the request headers exceed ${maxHeaderSize} bytes` };
const TIMED_OUT: ErrorBody = { error: 'request_timeout', detail: 'the request was not received in time' };
const UNPARSABLE: ErrorBody = { error: 'bad_request', detail: 'the request could not be parsed' };

/** A server's 'clientError' listener: Node's own choice of status, with a JSON body. */
export function answerClientError(err: Error & { code?: string }, socket: Duplex): void {
  // An answer already under way on this (keep-alive) socket cannot be followed by another.
  const inFlight = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (err.code === 'ECONNRESET' || inFlight?.headersSent) {
    socket.destroy();
    return;
  }
  if (err.code === 'HPE_HEADER_OVERFLOW') refuse(socket, 431, HEADERS_TOO_LARGE);
  else if (err.code === 'HPE_HEADER_TIMEOUT' || err.code === 'ERR_HTTP_REQUEST_TIMEOUT') refuse(socket, 408, TIMED_OUT);
  else refuse(socket, 400, UNPARSABLE);
}
