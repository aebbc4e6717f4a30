// `omnia chat <url>`: a terminal conversation over the facade's WebSocket
// protocol (docs/facade.md). Each stdin line is one message; the reply streams
// to stdout as its chunks arrive, tool calls and results on lines of their own;
// the next line is sent once the turn ends (`done` or `error`: one turn at a
// time, as the protocol requires). The session id goes to stderr so a later
// `--session <id>` resumes it. End of input closes the connection.

import { createInterface } from 'node:readline';
import WebSocket from 'ws';
import { authHeaders, type CredentialOptions } from './credentials.js';

export interface ChatOptions extends CredentialOptions {
  /** Resume this session (`?resume=<id>`). */
  session?: string;
}

/** ws(s)://…/ws from what a user types: an http(s) URL or host root gets the scheme and `/ws` path. */
export function chatUrl(url: string, session?: string): string {
  const u = new URL(url);
  if (u.protocol === 'http:') u.protocol = 'ws:';
  if (u.protocol === 'https:') u.protocol = 'wss:';
  if (u.pathname === '/' || u.pathname === '') u.pathname = '/ws';
  if (session) u.searchParams.set('resume', session);
  return u.toString();
}

type ServerMessage = Record<string, any> & { type: string };

export function runChat(url: string, opts: ChatOptions): Promise<number> {
  const out = process.stdout;
  const err = process.stderr;
  const interactive = process.stdin.isTTY === true;
  const ws = new WebSocket(chatUrl(url, opts.session), { headers: authHeaders(opts) });
  const pending: string[] = [];
  let inTurn = false;
  let streamed = false;
  let inputEnded = false;
  let connected = false;

  return new Promise<number>((settle) => {
    let finished = false;
    const resolve = (code: number) => {
      if (!finished) settle(code);
      finished = true;
    };
    const prompt = () => interactive && !inTurn && err.write('> ');
    const next = () => {
      if (inTurn || !connected) return;
      const line = pending.shift();
      if (line !== undefined) {
        inTurn = true;
        streamed = false;
        ws.send(JSON.stringify({ type: 'message', content: line }));
      } else if (inputEnded) ws.close(1000);
      else prompt();
    };

    const lines = createInterface({ input: process.stdin, terminal: false });
    lines.on('line', (line) => {
      if (line.trim() === '') return prompt();
      pending.push(line);
      next();
    });
    lines.on('close', () => {
      inputEnded = true;
      next();
    });

    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString('utf8')));
      res.on('end', () => {
        err.write(`omnia chat: refused with HTTP ${res.statusCode}: ${body.trim()}\n`);
        lines.close();
        resolve(1);
      });
    });
    ws.on('error', (e) => {
      err.write(`omnia chat: ${e.message}\n`);
      lines.close();
      resolve(1);
    });
    ws.on('close', (code, reason) => {
      const asked = inputEnded && pending.length === 0 && !inTurn;
      lines.close();
      if (finished) return;
      if (asked) return resolve(0);
      err.write(`omnia chat: connection closed (${code}${reason.length ? ` ${reason.toString()}` : ''})\n`);
      resolve(1);
    });

    ws.on('message', (data) => {
      const msg = JSON.parse(data.toString()) as ServerMessage;
      switch (msg.type) {
        case 'connected':
          connected = true;
          err.write(`session ${msg.session_id}${msg.connected?.resumed ? ' (resumed)' : ''}\n`);
          return next();
        case 'chunk':
          streamed = true;
          out.write(String(msg.content ?? ''));
          return;
        case 'tool_call': {
          const call = msg.tool_call ?? {};
          out.write(`${streamed ? '\n' : ''}[tool call ${call.id}] ${call.name} ${JSON.stringify(call.arguments ?? {})}\n`);
          streamed = false;
          return;
        }
        case 'tool_result': {
          const r = msg.tool_result ?? {};
          const shown = r.error !== undefined ? `error: ${JSON.stringify(r.error)}` : JSON.stringify(r.result);
          out.write(`[tool result ${r.id}] ${shown}\n`);
          return;
        }
        case 'done':
          out.write(streamed ? '\n' : `${String(msg.content ?? '')}\n`);
          inTurn = false;
          return next();
        case 'error':
          if (streamed) out.write('\n');
          err.write(`error ${msg.error?.code}: ${msg.error?.message}\n`);
          inTurn = false;
          return next();
        default:
          return;
      }
    });
  });
}
