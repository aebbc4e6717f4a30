import type { IncomingMessage, ServerResponse } from 'node:http';
import { A2A_VERSION_HEADER } from '@a2a-js/sdk';
import { LegacyJsonRpcTransportHandler } from '@a2a-js/sdk/compat/v0_3/server';
import { DefaultExecutionEventBusManager, DefaultRequestHandler, JsonRpcTransportHandler, ServerCallContext, validateVersion, type User } from '@a2a-js/sdk/server';
import type { Logger } from 'pino';
import { HttpError } from '../../shared/http/error.js';
import { sendError, sendJson, sendJsonText } from '../../shared/http/respond.js';
import { clientGone, sendSse, startSse } from '../../shared/http/sse.js';
import { callerKey, type Gate } from '../turns/gate.js';
import { readJson } from '../turns/body.js';
import type { TurnDeps } from '../turns/run.js';
import { coreCard, v03CardJson, v1CardJson, type CardFacts } from './card.js';
import { createExecutor, SIGNAL_STATE_KEY } from './executor.js';
import { createTaskStore } from './task-store.js';

// A2A over JSON-RPC on the facade's port, through the SDK's transport-agnostic
// handlers on plain node:http: GET the card (both well-known paths), POST
// JSON-RPC to A2A_RPC_PATH. Protocol versions as the SDK's own server tells
// them apart: no A2A-Version header (or 0.3) speaks v0.3 (message/send,
// message/stream, tasks/get), `A2A-Version: 1.0` speaks v1.0 (SendMessage,
// SendStreamingMessage, GetTask). Streams answer as SSE, one JSON-RPC
// response per event.

export interface A2aRoutes {
  card(req: IncomingMessage, res: ServerResponse): Promise<void>;
  rpc(req: IncomingMessage, res: ServerResponse): Promise<void>;
}

const HOST = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

/** The origin callers reached this pod at (Host header; behind a TLS gateway, X-Forwarded-Proto). */
export function baseUrlOf(req: IncomingMessage, fallbackHost: string): string {
  const host = req.headers.host !== undefined && HOST.test(req.headers.host) ? req.headers.host : fallbackHost;
  const proto = req.headers['x-forwarded-proto'] === 'https' ? 'https' : 'http';
  return `${proto}://${host}`;
}

/** Major version ≥ 1 in the A2A-Version header (absent = 0.3, as the spec says). */
function wantsV1(req: IncomingMessage): boolean {
  const v = req.headers[A2A_VERSION_HEADER.toLowerCase()];
  const major = typeof v === 'string' ? Number.parseInt(v, 10) : 0;
  return Number.isFinite(major) && major >= 1;
}

function refuseHttp(res: ServerResponse, status: number, code: string, detail: string): void {
  if (!res.headersSent) sendError(res, status, { error: code, detail });
}

export function createA2aRoutes(opts: { deps: TurnDeps; gate: Gate; facts: CardFacts; logger: Logger }): A2aRoutes {
  const { deps, gate, facts, logger } = opts;
  const { config } = deps;
  const fallbackHost = `${config.agent}.${config.namespace}:${config.port}`;
  const handler = new DefaultRequestHandler(
    coreCard(facts, `http://${fallbackHost}`),
    createTaskStore(config.session.maxSessions),
    createExecutor(deps),
    new DefaultExecutionEventBusManager(),
  );
  const v1 = new JsonRpcTransportHandler(handler);
  const v03 = new LegacyJsonRpcTransportHandler(handler);

  return {
    async card(req, res) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return refuseHttp(res, 405, 'method_not_allowed', 'use GET');
      const admitted = await gate.admit(req, res, false);
      if (!admitted.ok) return refuseHttp(res, admitted.status, admitted.code, admitted.detail);
      const base = baseUrlOf(req, fallbackHost);
      sendJson(res, 200, wantsV1(req) ? v1CardJson(facts, base) : v03CardJson(facts, base), { vary: A2A_VERSION_HEADER, 'cache-control': 'no-cache' });
    },

    async rpc(req, res) {
      if (req.method !== 'POST') return refuseHttp(res, 405, 'method_not_allowed', 'use POST with a JSON-RPC 2.0 request');
      const admitted = await gate.admit(req, res, true);
      if (!admitted.ok) return refuseHttp(res, admitted.status, admitted.code, admitted.detail);
      let body: unknown;
      try {
        body = await readJson(req, config.limits.maxFrameBytes, true);
      } catch (err) {
        const e = err instanceof HttpError ? err : new HttpError(400, 'invalid_request', 'the request body could not be read');
        // JSON-RPC's own answer to unparsable JSON; the other refusals are HTTP ones.
        if (e.code === 'invalid_json') return sendJson(res, 200, { jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Invalid JSON payload.' } });
        return refuseHttp(res, e.status, e.code, e.detail);
      }
      const id = body !== null && typeof body === 'object' && 'id' in body ? (body as { id: unknown }).id ?? null : null;
      const legacy = !wantsV1(req);
      const principal = admitted.principal;
      const user: User = { isAuthenticated: principal.kind !== 'anonymous', userName: callerKey(principal, req) };
      const version = req.headers[A2A_VERSION_HEADER.toLowerCase()];
      const context = new ServerCallContext({
        user,
        ...(typeof version === 'string' ? { requestedVersion: version } : {}),
        state: new Map<string, unknown>([[SIGNAL_STATE_KEY, clientGone(res)]]),
      });
      const mapError = legacy ? LegacyJsonRpcTransportHandler.mapToLegacyJSONRPCError : JsonRpcTransportHandler.mapToJSONRPCError;
      let answer: unknown;
      try {
        validateVersion(context.requestedVersion, await handler.getAgentCard(), 'JSONRPC');
        answer = await (legacy ? v03 : v1).handle(body as Record<string, unknown>, context);
      } catch (err) {
        return sendJson(res, 200, { jsonrpc: '2.0', id, error: mapError(err) });
      }
      if (answer === null || typeof answer !== 'object' || !(Symbol.asyncIterator in answer)) return sendJson(res, 200, answer);
      const stream = answer as AsyncGenerator<unknown>;
      try {
        let started = false;
        for await (const ev of stream) {
          if (!started) {
            startSse(res);
            started = true;
          }
          sendSse(res, JSON.stringify(ev));
          if (res.destroyed) break;
        }
        if (!started) startSse(res);
      } catch (err) {
        logger.warn({ err: (err as Error)?.message }, 'A2A stream failed');
        const envelope = JSON.stringify({ jsonrpc: '2.0', id, error: mapError(err) });
        if (res.headersSent) sendSse(res, envelope);
        else sendJsonText(res, 200, envelope);
      }
      res.end();
    },
  };
}
