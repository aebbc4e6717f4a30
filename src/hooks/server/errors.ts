// Every error the hook server answers is `{"error": "<code>", "detail": "<message>"}`.
// Details are written here or by a hook's HookRequestError, never taken from
// an exception message or the request body: a JSON.parse message quotes the
// input it choked on, which may hold a Secret's data.

export interface ErrorBody {
  error: string;
  detail: string;
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
  ) {
    super(`${code}: ${detail}`);
    this.name = 'HttpError';
  }
}

/** body-parser's errors carry a `type`; map the ones a client can cause. */
export function fromBodyParserError(err: unknown, limit: number | string): HttpError | undefined {
  if (!err || typeof err !== 'object') return undefined;
  // A corrupt gzip/deflate body fails in zlib, before body-parser can label it.
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && /^(Z_|ERR_ZLIB|ERR_BROTLI)/.test(code)) {
    return new HttpError(400, 'invalid_encoding', 'the compressed request body could not be decompressed');
  }
  if (typeof (err as { type?: unknown }).type !== 'string') return undefined;
  switch ((err as { type: string }).type) {
    case 'entity.too.large':
      return new HttpError(413, 'payload_too_large', `request body exceeds the limit of ${limit} bytes`);
    case 'encoding.unsupported':
      return new HttpError(415, 'unsupported_encoding', 'Content-Encoding must be identity, gzip, deflate or br');
    case 'request.aborted':
      return new HttpError(400, 'request_aborted', 'the client closed the connection before the body was complete');
    case 'request.size.invalid':
      return new HttpError(400, 'invalid_length', 'request body length does not match Content-Length');
    default: {
      const status = (err as { status?: unknown }).status;
      if (typeof status === 'number' && status >= 400 && status < 500) {
        return new HttpError(status, 'bad_request', 'the request body could not be read');
      }
      return undefined;
    }
  }
}

/**
 * What may be logged about an unexpected exception: its class name and the
 * stack frames, without the message line (messages can quote secret input).
 */
export function describeUnexpected(err: unknown): { errorName: string; frames?: string } {
  if (!(err instanceof Error)) return { errorName: typeof err };
  const frames = (err.stack ?? '')
    .split('\n')
    .filter((line) => /^\s+at /.test(line))
    .slice(0, 15)
    .join('\n');
  return { errorName: err.name, ...(frames ? { frames } : {}) };
}
