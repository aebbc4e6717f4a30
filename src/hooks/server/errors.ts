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
