import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import type { Handler } from '../../../../src/facade/handlers/types.js';
import {
  createFunctionHandler,
  type AuditRecorder,
  type AuthResult,
  type FunctionHandler,
} from '../../../../src/facade/function/index.js';

export const ECHO_INPUT_SCHEMA = {
  type: 'object',
  required: ['text'],
  additionalProperties: false,
  properties: { text: { type: 'string', minLength: 1 } },
};
export const ECHO_OUTPUT_SCHEMA = {
  type: 'object',
  required: ['echo'],
  additionalProperties: false,
  properties: { echo: { type: 'string' } },
};

export interface StartedFunction {
  url: string;
  port: number;
  server: Server;
  fn: FunctionHandler;
  registry: Registry;
  close(): Promise<void>;
}

/** A real node:http server on a loopback ephemeral port serving one function handler. */
export async function startFunction(opts: {
  handler: Handler;
  name?: string;
  namespace?: string;
  authenticate?: (req: import('node:http').IncomingMessage) => Promise<AuthResult>;
  audit?: AuditRecorder;
  maxBodyBytes?: number;
  invokeTimeoutMs?: number;
  maxPendingAudits?: number;
  registry?: Registry;
}): Promise<StartedFunction> {
  const registry = opts.registry ?? new Registry();
  const fn = createFunctionHandler({
    config: {
      name: opts.name ?? 'echo',
      namespace: opts.namespace ?? 'demo',
      inputSchema: ECHO_INPUT_SCHEMA,
      outputSchema: ECHO_OUTPUT_SCHEMA,
      ...(opts.maxBodyBytes !== undefined ? { maxBodyBytes: opts.maxBodyBytes } : {}),
      ...(opts.invokeTimeoutMs !== undefined ? { invokeTimeoutMs: opts.invokeTimeoutMs } : {}),
      ...(opts.maxPendingAudits !== undefined ? { maxPendingAudits: opts.maxPendingAudits } : {}),
    },
    handler: opts.handler,
    authenticate: opts.authenticate ?? (async () => ({ ok: true })),
    ...(opts.audit !== undefined ? { audit: opts.audit } : {}),
    metrics: registry,
    logger: pino({ level: 'silent' }),
  });
  const server = createServer(fn);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    server,
    fn,
    registry,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await fn.drain();
    },
  };
}

export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: text === '' ? undefined : (JSON.parse(text) as Record<string, unknown>) };
}
