// Every error the three programs answer over HTTP is `{"error": "<code>",
// "detail": "<message>"}` (the runtime's invoke adds fields after these two).
// Details are written by the code that refuses, never taken from an exception
// message or the request body: a JSON.parse message quotes the input it
// choked on, which may hold a secret.

export interface ErrorBody {
  error: string;
  detail: string;
}

/** A refusal to answer as is: its status, error code and detail. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
  ) {
    super(`${code}: ${detail}`);
    this.name = 'HttpError';
  }

  get body(): ErrorBody {
    return { error: this.code, detail: this.detail };
  }
}
