import type { IncomingMessage } from 'node:http';

// Reading the request body under a byte budget. The budget is enforced while
// reading: a declared Content-Length over it is refused before a byte is read,
// and a chunked body is counted as it arrives and abandoned (paused, never
// buffered further) as soon as it passes the limit.

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`request body exceeds ${limit} bytes`);
  }
}

export class BodyAbortedError extends Error {
  constructor() {
    super('the client went away before sending the whole body');
  }
}

/** Whether the request announces a body at all (a body we may have to refuse unread). */
export function hasBody(req: IncomingMessage): boolean {
  if (req.headers['transfer-encoding'] !== undefined) return true;
  const declared = req.headers['content-length'];
  return declared !== undefined && declared !== '0';
}

/** The declared Content-Length when it alone proves the body is too large. */
export function declaredTooLarge(req: IncomingMessage, limit: number): boolean {
  const declared = req.headers['content-length'];
  if (declared === undefined) return false;
  const n = Number(declared);
  return Number.isFinite(n) && n > limit;
}

const ignore = (): void => {};

export type MediaTypeCheck = { ok: true } | { ok: false; detail: string };

/**
 * Content-Type must be application/json; parameters are allowed, but a
 * charset, when given, must be UTF-8 (RFC 8259 §8.1: JSON is UTF-8 on the wire).
 */
export function checkJsonMediaType(header: string | undefined): MediaTypeCheck {
  if (header === undefined || header.trim() === '') {
    return { ok: false, detail: 'Content-Type must be application/json (none was sent)' };
  }
  const [type, ...params] = header.split(';');
  if ((type ?? '').trim().toLowerCase() !== 'application/json') {
    return { ok: false, detail: `Content-Type must be application/json, got ${JSON.stringify(header)}` };
  }
  for (const param of params) {
    const eq = param.indexOf('=');
    if (eq < 0) continue;
    if (param.slice(0, eq).trim().toLowerCase() !== 'charset') continue;
    const charset = param.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1').toLowerCase();
    if (charset !== 'utf-8' && charset !== 'utf8') {
      return { ok: false, detail: `unsupported charset ${JSON.stringify(charset)}: JSON must be UTF-8` };
    }
  }
  return { ok: true };
}

/**
 * The whole body, or BodyTooLargeError as soon as more than `limit` bytes have
 * arrived (the request is then left paused: the caller answers with
 * `Connection: close` so Node drops the socket instead of draining it).
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  if (declaredTooLarge(req, limit)) return Promise.reject(new BodyTooLargeError(limit));
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = (): void => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onAbort);
      req.off('close', onClose);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) {
        cleanup();
        req.pause();
        // The socket is about to be dropped; a late reset must not surface as
        // an unhandled stream error.
        req.on('error', ignore);
        chunks.length = 0;
        reject(new BodyTooLargeError(limit));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => {
      cleanup();
      resolve(Buffer.concat(chunks, size));
    };
    const onAbort = (): void => {
      cleanup();
      reject(new BodyAbortedError());
    };
    const onClose = (): void => {
      if (!req.complete) onAbort();
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onAbort);
    req.on('close', onClose);
  });
}
