// Server-sent events (text/event-stream) for the facade's streaming HTTP
// surfaces: A2A message/stream and chat completions with stream: true. Each
// event is one `data:` line (JSON has no raw newlines) and a blank line;
// Nagle is off so each piece of a reply leaves as soon as it is written.
import type { ServerResponse } from 'node:http';

export const SSE_TYPE = 'text/event-stream; charset=utf-8';

export function startSse(res: ServerResponse, headers: Record<string, string> = {}): void {
  res.socket?.setNoDelay(true);
  res.writeHead(200, { 'content-type': SSE_TYPE, 'cache-control': 'no-cache', 'x-accel-buffering': 'no', ...headers });
}

/** One event carrying `data` (already serialised). Nothing once the client is gone. */
export function sendSse(res: ServerResponse, data: string): void {
  if (!res.writableEnded && !res.destroyed) res.write(`data: ${data}\n\n`);
}

/** An AbortSignal that fires when the client closes the connection before the answer ended. */
export function clientGone(res: ServerResponse): AbortSignal {
  const ctl = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) ctl.abort(new Error('the client closed the connection'));
  });
  return ctl.signal;
}
