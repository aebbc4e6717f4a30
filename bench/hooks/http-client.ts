// A lean HTTP/1.1 keep-alive load client over raw node:net sockets, for the
// sync benchmark. Why not node:http: its client costs more CPU per request
// than a fast server does (it caps out near 5 000 req/s on the benchmark VM,
// while a bare node:http server on one core answers ~45 000 req/s of the same
// bytes), so with it the generator, not the server, sets the figure.
//
// Each connection writes one pre-built request (request line, Host,
// Content-Type, Content-Length, body), waits for the whole response, and
// writes the next. Only what the benchmark needs is understood: responses with
// a Content-Length body. Anything else — chunked or other transfer encodings,
// a missing or malformed Content-Length, a non-200 answer during a load run,
// a server closing the connection — fails the run loudly rather than being
// measured.
import net from 'node:net';

export interface HttpResponse {
  status: number;
  /** Header names lower-cased; repeated headers keep the last value. */
  headers: Record<string, string>;
  body: Buffer;
}

/** The server sent something this client does not understand. */
export class HttpProtocolError extends Error {
  override name = 'HttpProtocolError';
}

const EMPTY = Buffer.alloc(0);
const HEAD_END = Buffer.from('\r\n\r\n');
// No sane response head is this long; without a limit a server that never
// ends its head would grow the buffer forever.
const MAX_HEAD_BYTES = 64 * 1024;
// How long past its time bound a run (or a single request) may go unanswered.
const STALL_SECONDS = 30;

/**
 * Incremental parser of a stream of HTTP/1.1 responses. Feed it the bytes as
 * they arrive, in any split; it returns each response as soon as its body is
 * complete and throws HttpProtocolError on anything it does not support.
 */
export class ResponseParser {
  #pending: Buffer = EMPTY;
  // Where to resume the search for the end of the head (avoids rescanning).
  #searchFrom = 0;
  // The parsed head of the response whose body is still arriving.
  #head: { status: number; headers: Record<string, string>; bodyStart: number; end: number } | undefined;

  /** Bytes received but not yet returned as part of a complete response. */
  get buffered(): number {
    return this.#pending.length;
  }

  push(chunk: Buffer): HttpResponse[] {
    this.#pending = this.#pending.length === 0 ? chunk : Buffer.concat([this.#pending, chunk]);
    const out: HttpResponse[] = [];
    for (;;) {
      if (!this.#head) {
        const at = this.#pending.indexOf(HEAD_END, this.#searchFrom);
        if (at < 0) {
          if (this.#pending.length > MAX_HEAD_BYTES) throw new HttpProtocolError(`no end of response head within ${MAX_HEAD_BYTES} bytes`);
          this.#searchFrom = Math.max(0, this.#pending.length - (HEAD_END.length - 1));
          return out;
        }
        const { status, headers, contentLength } = parseHead(this.#pending.toString('latin1', 0, at));
        this.#head = { status, headers, bodyStart: at + HEAD_END.length, end: at + HEAD_END.length + contentLength };
      }
      const head = this.#head;
      if (this.#pending.length < head.end) return out;
      out.push({ status: head.status, headers: head.headers, body: this.#pending.subarray(head.bodyStart, head.end) });
      this.#pending = head.end === this.#pending.length ? EMPTY : this.#pending.subarray(head.end);
      this.#head = undefined;
      this.#searchFrom = 0;
    }
  }
}

function parseHead(head: string): { status: number; headers: Record<string, string>; contentLength: number } {
  const lines = head.split('\r\n');
  const statusLine = lines[0] ?? '';
  const match = /^HTTP\/1\.1 (\d{3})(?: |$)/.exec(statusLine);
  if (!match) throw new HttpProtocolError(`not an HTTP/1.1 status line: ${JSON.stringify(statusLine.slice(0, 100))}`);
  const headers: Record<string, string> = {};
  let contentLength: string | undefined;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] as string;
    const colon = line.indexOf(':');
    if (colon <= 0) throw new HttpProtocolError(`malformed header line: ${JSON.stringify(line.slice(0, 100))}`);
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === 'transfer-encoding') throw new HttpProtocolError(`Transfer-Encoding ${value} is not supported (Content-Length bodies only)`);
    if (name === 'content-length') {
      if (contentLength !== undefined && contentLength !== value) throw new HttpProtocolError(`conflicting Content-Length headers: ${contentLength}, ${value}`);
      contentLength = value;
    }
    headers[name] = value;
  }
  if (contentLength === undefined) throw new HttpProtocolError(`response ${match[1]} has no Content-Length`);
  if (!/^\d{1,15}$/.test(contentLength)) throw new HttpProtocolError(`invalid Content-Length: ${JSON.stringify(contentLength)}`);
  return { status: Number(match[1]), headers, contentLength: Number(contentLength) };
}

/** The bytes of one POST with a JSON body, written as they are for every request. */
export function buildPost(host: string, port: number, path: string, body: Buffer): Buffer {
  const head = `POST ${path} HTTP/1.1\r\nHost: ${host}:${port}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`;
  return Buffer.concat([Buffer.from(head, 'latin1'), body]);
}

export interface Target {
  port: number;
  host?: string;
  /** Pre-built request bytes (see buildPost). */
  request: Buffer;
}

/** Send the request once on a fresh connection and return the response, whatever its status. */
export function requestOnce({ port, host = '127.0.0.1', request }: Target): Promise<HttpResponse> {
  return new Promise((resolveOnce, reject) => {
    const parser = new ResponseParser();
    const socket = net.connect({ port, host });
    let settled = false;
    const stall = setTimeout(() => fail(new Error(`no complete response within ${STALL_SECONDS} s`)), STALL_SECONDS * 1000);
    const fail = (err: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(stall);
      socket.destroy();
      reject(err);
    };
    socket.once('connect', () => socket.write(request));
    socket.on('data', (chunk: Buffer) => {
      let responses: HttpResponse[];
      try {
        responses = parser.push(chunk);
      } catch (err) {
        fail(err as Error);
        return;
      }
      const first = responses[0];
      if (!first || settled) return;
      settled = true;
      clearTimeout(stall);
      socket.end();
      resolveOnce(first);
    });
    socket.on('error', fail);
    socket.on('close', () => fail(new Error('connection closed before a complete response')));
  });
}

export interface LoadOptions extends Target {
  /** Connections, each with one request in flight. */
  concurrency: number;
  /** Stop issuing after this many requests in total… */
  maxRequests: number;
  /** …or once this many seconds have passed, whichever comes first. */
  maxSeconds: number;
  /** Fail the run if it has not ended this long after maxSeconds (default 30). */
  stallSeconds?: number;
}

export interface LoadResult {
  /** Requests answered with a 200. */
  done: number;
  /** Seconds from the first write to the last response. */
  elapsed: number;
  /** Per-request latency in milliseconds, write of the request to end of the response. */
  latencies: number[];
}

/**
 * Keep `concurrency` requests in flight over keep-alive connections until the
 * request or time bound is hit. Rejects (and closes every connection) on any
 * non-200 answer, protocol error, or connection the server closes mid-run.
 */
export function load({ port, host = '127.0.0.1', request, concurrency, maxRequests, maxSeconds, stallSeconds = STALL_SECONDS }: LoadOptions): Promise<LoadResult> {
  const latencies: number[] = [];
  const start = performance.now();
  const deadline = start + maxSeconds * 1000;
  let issued = 0;
  let finishedAt = start;
  return new Promise((resolveLoad, reject) => {
    const sockets: net.Socket[] = [];
    let sending = 0; // connections still issuing requests
    let open = 0; // connections not yet closed
    let failed = false;
    // A server that stops answering fails the run instead of hanging it.
    const stall = setTimeout(
      () => fail(new Error(`no end of the run ${stallSeconds} s after its ${maxSeconds} s bound: the server stopped answering`)),
      (maxSeconds + stallSeconds) * 1000,
    );
    const fail = (err: Error) => {
      if (failed) return;
      failed = true;
      clearTimeout(stall);
      for (const s of sockets) s.destroy();
      reject(err);
    };
    for (let i = 0; i < concurrency; i++) {
      const socket = net.connect({ port, host });
      socket.setNoDelay(true);
      sockets.push(socket);
      open++;
      sending++;
      const parser = new ResponseParser();
      let sentAt = 0;
      let inFlight = false;
      let stopped = false;
      const next = () => {
        const now = performance.now();
        if (issued >= maxRequests || now >= deadline) {
          stopped = true;
          if (--sending === 0) finishedAt = now;
          socket.end();
          return;
        }
        issued++;
        inFlight = true;
        sentAt = now;
        socket.write(request);
      };
      socket.once('connect', next);
      socket.on('data', (chunk: Buffer) => {
        if (failed) return;
        let responses: HttpResponse[];
        try {
          responses = parser.push(chunk);
        } catch (err) {
          fail(err as Error);
          return;
        }
        for (const response of responses) {
          if (!inFlight) return fail(new HttpProtocolError('response received with no request in flight'));
          inFlight = false;
          const latency = performance.now() - sentAt;
          if (response.status !== 200) {
            return fail(new Error(`answered ${response.status}: ${response.body.toString('utf8').slice(0, 300)}`));
          }
          if (response.headers.connection?.toLowerCase() === 'close') {
            return fail(new HttpProtocolError('server answered Connection: close; keep-alive is required'));
          }
          latencies.push(latency);
          next();
        }
      });
      socket.on('error', fail);
      socket.on('close', () => {
        if (failed) return;
        if (!stopped || inFlight) return fail(new Error('server closed a connection during the run'));
        if (parser.buffered > 0) return fail(new HttpProtocolError(`${parser.buffered} unexpected bytes after the last response`));
        if (--open > 0) return;
        clearTimeout(stall);
        resolveLoad({ done: latencies.length, elapsed: (finishedAt - start) / 1000, latencies });
      });
    }
  });
}
