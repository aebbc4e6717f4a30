import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { readBody } from '../shared/http/body.js';
import { HttpError } from '../shared/http/error.js';
import { serve } from '../shared/http/listen.js';
import { checkJsonMediaType } from '../shared/http/media-type.js';
import { pathOf } from '../shared/http/path.js';
import { sendError, sendJson } from '../shared/http/respond.js';
import type { Agent } from './agent.js';
import { InvokeError } from './agent.js';
import { NDJSON_CONTENT_TYPE, PROTOCOL_PATHS, type ConverseEvent, type ErrorBody, type WireMessage } from '../contract/runtime-wire.js';
import { readChain } from '../contract/delegation.js';

// The runtime's HTTP API (docs/runtime-protocol.md) on plain node:http: three
// routes do not need a framework, and the per-turn overhead stays small.

export const MAX_BODY_BYTES = 4 * 1024 * 1024;
export const MAX_MESSAGES = 1000;
const ROLES = new Set(['user', 'assistant', 'system', 'tool']);

export interface RuntimeInfo {
  provider: string;
  model: string;
  prompt: string;
  packVersion: string;
  /** OMNIA_FRAMEWORK_VERSION (spec.framework.version), when the agent pins one. */
  frameworkVersion?: string;
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  if (!checkJsonMediaType(req.headers['content-type']).ok) throw new HttpError(415, 'unsupported_media_type', 'Content-Type must be application/json');
  const body = await readBody(req, MAX_BODY_BYTES);
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw new HttpError(400, 'invalid_request', 'body is not valid JSON');
  }
}

/** Checks a converse body; returns the messages or throws a 400 naming the problem. */
export function parseConverse(body: unknown): { sessionId: string; messages: WireMessage[]; chain: string[] } {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new HttpError(400, 'invalid_request', 'body must be a JSON object');
  const b = body as Record<string, unknown>;
  if (typeof b.session_id !== 'string' || b.session_id === '') throw new HttpError(400, 'invalid_request', '"session_id" must be a non-empty string');
  if (!Array.isArray(b.messages) || b.messages.length === 0) throw new HttpError(400, 'invalid_request', '"messages" must be a non-empty array');
  if (b.messages.length > MAX_MESSAGES) throw new HttpError(400, 'invalid_request', `"messages" holds more than ${MAX_MESSAGES} entries`);
  b.messages.forEach((m: unknown, i) => {
    const msg = m as Record<string, unknown> | null;
    if (!msg || typeof msg !== 'object' || !ROLES.has(msg.role as string) || typeof msg.content !== 'string') {
      throw new HttpError(400, 'invalid_request', `messages[${i}] must be {role: user|assistant|system|tool, content: string}`);
    }
  });
  const last = b.messages[b.messages.length - 1] as WireMessage;
  if (last.role !== 'user') throw new HttpError(400, 'invalid_request', 'the last message must be the user turn (role "user")');
  if (b.metadata !== undefined && (b.metadata === null || typeof b.metadata !== 'object' || Array.isArray(b.metadata))) {
    throw new HttpError(400, 'invalid_request', '"metadata" must be an object of strings');
  }
  // The facade has checked the chain (cycle, depth) before the turn got here.
  const chain = readChain(b.metadata);
  if (!chain.ok) throw new HttpError(400, 'invalid_request', chain.detail);
  return { sessionId: b.session_id, messages: b.messages as WireMessage[], chain: chain.chain };
}

export interface RuntimeServer {
  /** The protocol: bound to loopback in the pod, since it spends the provider key unauthenticated. */
  server: Server;
  /** /healthz and /readyz only, on every address: the kubelet's probes come from the node. */
  health: Server;
  /** Stops accepting, lets running turns finish until `timeoutMs`, then cuts them. */
  close(timeoutMs?: number): Promise<void>;
}

/**
 * What the server answers with: an agent, or — when the pod was deployed
 * without its PromptPack or Provider (OMNIA_MISSING_DEPENDENCIES) — the reason
 * it cannot take turns, which every probe and every turn then answers with 503.
 */
export type RuntimeTarget = { agent: Agent; info: RuntimeInfo } | { unavailable: string };

export function createRuntimeServer(target: RuntimeTarget, log?: Logger): RuntimeServer {
  const running = new Set<AbortController>();

  async function converse(agent: Agent, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { sessionId, messages, chain } = parseConverse(await readJson(req));
    const ac = new AbortController();
    running.add(ac);
    // The facade closing the response (client gone, drain deadline) cancels the vendor call.
    res.on('close', () => {
      if (!res.writableFinished) ac.abort();
      running.delete(ac);
    });
    res.writeHead(200, { 'content-type': NDJSON_CONTENT_TYPE, 'cache-control': 'no-store' });
    // Send the status now: the first model token can take seconds, and the facade should know the turn was accepted.
    res.flushHeaders();
    const write = (ev: ConverseEvent): void => {
      if (!res.destroyed) res.write(`${JSON.stringify(ev)}\n`);
    };
    let ended = false;
    try {
      for await (const ev of agent.converse(messages, ac.signal, chain)) {
        write(ev);
        if (ev.type === 'done' || ev.type === 'error') ended = true;
      }
    } catch (err) {
      log?.error({ err, session: sessionId }, 'converse failed');
      if (!ended) write({ type: 'error', code: 'INTERNAL_ERROR', message: 'the runtime failed while answering this turn' });
      ended = true;
    }
    if (!ended && !ac.signal.aborted) write({ type: 'error', code: 'INTERNAL_ERROR', message: 'the turn ended without an answer' });
    res.end();
  }

  async function invoke(agent: Agent, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readJson(req);
    if (body === null || typeof body !== 'object' || Array.isArray(body) || !('input' in body)) {
      throw new HttpError(400, 'invalid_request', 'body must be {"input": <any JSON>, "invocation_id"?: string}');
    }
    const ac = new AbortController();
    running.add(ac);
    res.on('close', () => {
      if (!res.writableFinished) ac.abort();
      running.delete(ac);
    });
    try {
      sendJson(res, 200, await agent.invoke((body as { input: unknown }).input, ac.signal));
    } catch (err) {
      if (err instanceof InvokeError) {
        const b: ErrorBody = { error: err.error, detail: err.message };
        if (err.code) b.code = err.code;
        if (err.toolCalls) b.tool_calls = err.toolCalls;
        if (err.spent) {
          b.usage = err.spent.usage;
          b.model = err.spent.model;
          b.provider = err.spent.provider;
        }
        sendError(res, err.status, b);
        return;
      }
      throw err;
    }
  }

  const http = serve(onRequest, { noDelay: true, keepAliveTimeoutMs: 65_000 });

  const healthz = serve(onHealthRequest);

  /** Answers GET /healthz and /readyz; false when `url` is neither. */
  function health(url: string, req: IncomingMessage, res: ServerResponse): boolean {
    if (url !== PROTOCOL_PATHS.health && url !== PROTOCOL_PATHS.ready) return false;
    if (req.method !== 'GET') sendError(res, 405, { error: 'method_not_allowed', detail: 'use GET' }, { allow: 'GET' });
    else if (http.draining && url === PROTOCOL_PATHS.ready) sendJson(res, 503, { status: 'draining' });
    else if ('unavailable' in target) sendJson(res, 503, { status: 'unavailable', detail: target.unavailable });
    else sendJson(res, 200, { status: 'ok', ...target.info });
    return true;
  }

  function onHealthRequest(req: IncomingMessage, res: ServerResponse): void {
    const url = pathOf(req.url);
    if (!health(url, req, res)) sendError(res, 404, { error: 'not_found', detail: `this port serves only ${PROTOCOL_PATHS.health} and ${PROTOCOL_PATHS.ready}` });
  }

  function onRequest(req: IncomingMessage, res: ServerResponse): void {
    const url = pathOf(req.url);
    if (health(url, req, res)) return;
    if (url !== PROTOCOL_PATHS.converse && url !== PROTOCOL_PATHS.invoke) return sendError(res, 404, { error: 'not_found', detail: `no route ${url}` });
    if (req.method !== 'POST') return sendError(res, 405, { error: 'method_not_allowed', detail: 'use POST' }, { allow: 'POST' });
    if (http.draining) return sendError(res, 503, { error: 'draining', detail: 'the runtime is shutting down' });
    if ('unavailable' in target) return sendError(res, 503, { error: 'unavailable', detail: target.unavailable });
    const work = url === PROTOCOL_PATHS.converse ? converse(target.agent, req, res) : invoke(target.agent, req, res);
    work.catch((err: unknown) => {
      if (err instanceof HttpError) {
        if (!res.headersSent) sendError(res, err.status, err.body);
        else res.end();
        return;
      }
      log?.error({ err }, 'request failed');
      if (!res.headersSent) sendError(res, 500, { error: 'internal_error', detail: 'the runtime failed to handle the request' });
      else res.end();
    });
  }

  return {
    server: http.server,
    health: healthz.server,
    async close(timeoutMs = 30_000) {
      // Past the deadline the turns still running are cancelled (their vendor calls too).
      // The probes keep their answers (/readyz: draining) until the turns are done.
      await http.close(timeoutMs, () => {
        for (const ac of running) ac.abort();
      });
      await healthz.close(1_000);
    },
  };
}
