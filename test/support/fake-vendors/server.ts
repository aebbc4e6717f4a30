import http from 'node:http';
import type { AddressInfo } from 'node:net';

// A loopback vendor: it records every request and answers each with the next
// scripted reply, encoded in the vendor's real streaming wire format by the
// vendor module (anthropic.ts, openai.ts, gemini.ts).

export interface ScriptedToolCall {
  id?: string;
  name: string;
  args: Record<string, unknown>;
}

export type Reply =
  | { text?: string; toolCalls?: ScriptedToolCall[]; usage?: { input: number; output: number }; delayMs?: number }
  | { status: number; headers?: Record<string, string>; body: unknown }
  /** Streams `text` partially, then destroys the connection. */
  | { cut: string }
  /** Starts streaming, then sends the vendor's in-stream error event (vendors that have one). */
  | { streamError: { type: string; message: string } };

export interface RecordedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: any;
}

export interface FakeVendor {
  url: string;
  requests: RecordedRequest[];
  /** Replies still queued; the last one repeats when the queue runs dry. */
  script: Reply[];
  /** Responses whose connection closed before the reply was complete (client cancelled). */
  readonly aborted: number;
  close(): Promise<void>;
}

export type Encoder = (
  res: http.ServerResponse,
  reply: Exclude<Reply, { status: number } | { cut: string } | { streamError: unknown }>,
  req: RecordedRequest,
) => void;
export type CutEncoder = (res: http.ServerResponse, text: string, req: RecordedRequest) => void;

export interface VendorWire {
  /** Does this request path belong to the vendor's streaming endpoint? */
  matches(path: string): boolean;
  stream: Encoder;
  cut: CutEncoder;
  streamError?: (res: http.ServerResponse, error: { type: string; message: string }, req: RecordedRequest) => void;
}

/** Split text in a few pieces so clients see several deltas. */
export function pieces(text: string, n = 3): string[] {
  if (text.length <= n) return text === '' ? [] : [text];
  const size = Math.ceil(text.length / n);
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

export async function startFakeVendor(wire: VendorWire, script: Reply[]): Promise<FakeVendor> {
  const requests: RecordedRequest[] = [];
  const state = { script: [...script], aborted: 0 };
  const server = http.createServer(async (req, res) => {
    let raw = '';
    for await (const c of req) raw += c;
    const rec: RecordedRequest = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: raw ? JSON.parse(raw) : undefined };
    requests.push(rec);
    res.on('close', () => {
      if (!res.writableFinished) state.aborted += 1;
    });
    if (!wire.matches(rec.path)) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: `fake vendor: no route ${rec.path}` } }));
      return;
    }
    const reply = state.script.length > 1 ? state.script.shift()! : state.script[0]!;
    if ('status' in reply) {
      res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
      res.end(JSON.stringify(reply.body));
      return;
    }
    if ('cut' in reply) {
      wire.cut(res, reply.cut, rec);
      // Let the partial bytes leave, then drop the connection mid-stream.
      setTimeout(() => res.socket?.destroy(), 20);
      return;
    }
    if ('streamError' in reply) {
      if (!wire.streamError) throw new Error('this vendor has no in-stream error event');
      wire.streamError(res, reply.streamError, rec);
      return;
    }
    if (reply.delayMs) setTimeout(() => wire.stream(res, reply, rec), reply.delayMs);
    else wire.stream(res, reply, rec);
  });
  server.keepAliveTimeout = 1_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    get aborted() {
      return state.aborted;
    },
    get script() {
      return state.script;
    },
    set script(s: Reply[]) {
      state.script = [...s];
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
