import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { sendError } from '../shared/http/respond.js';
import { createA2aRoutes } from './a2a/routes.js';
import { CARD_PATHS, A2A_RPC_PATH } from './a2a/card.js';
import { loadCardFacts } from './a2a/facts.js';
import type { Authenticator } from './auth.js';
import type { FacadeConfig } from './config.js';
import type { Handler } from './handlers/types.js';
import type { FacadeMetrics } from './metrics.js';
import type { SessionStore } from './sessions/types.js';
import { createInvokeRoute, INVOKE_PATH } from './kaos/invoke.js';
import { CHAT_COMPLETIONS_PATH, createChatCompletionsRoute } from './openai/chat-completions.js';
import { createModelsRoute, MODELS_PATH } from './openai/models.js';
import { createGate } from './turns/gate.js';

// The agent's HTTP surfaces beside /ws, on the same port: A2A (card and
// JSON-RPC), the OpenAI-compatible API and KAOS's /agent/invoke. One gate
// (drain, auth chain, rate limit) in front of all of them; each path maps to
// the surface that serves it.

export type Route = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

export interface HttpSurfaces {
  /** The route serving `path`, or undefined when no surface does. */
  route(path: string): Route | undefined;
  /** Resolves once every admitted request has been answered. */
  idle(): Promise<void>;
}

export interface SurfaceDeps {
  config: FacadeConfig;
  store: SessionStore;
  handler: Handler;
  metrics: FacadeMetrics;
  logger: Logger;
  auth: Authenticator;
  isDraining(): boolean;
}

export function createHttpSurfaces(d: SurfaceDeps): HttpSurfaces {
  const gate = createGate({ auth: d.auth, isDraining: d.isDraining, maxMessagesPerMinute: d.config.limits.maxMessagesPerMinute });
  const deps = { config: d.config, store: d.store, handler: d.handler, metrics: d.metrics, logger: d.logger };
  const a2a = createA2aRoutes({ deps, gate, facts: loadCardFacts(d.config), logger: d.logger });
  const routes = new Map<string, Route>([
    ...CARD_PATHS.map((p) => [p, a2a.card] as const),
    [A2A_RPC_PATH, a2a.rpc],
    [CHAT_COMPLETIONS_PATH, createChatCompletionsRoute(deps, gate)],
    [MODELS_PATH, createModelsRoute(d.config, gate, Date.now())],
    [INVOKE_PATH, createInvokeRoute(deps, gate)],
  ]);
  return {
    // /v1/models/<id> is the models route too (the openai client's models.retrieve).
    route: (path) => routes.get(path) ?? (path.startsWith(`${MODELS_PATH}/`) ? routes.get(MODELS_PATH) : undefined),
    idle: () => gate.idle(),
  };
}

/** Serves a request through `route`; an unexpected failure answers 500 instead of leaving the request hanging. */
export function guarded(route: Route, logger: Logger, req: IncomingMessage, res: ServerResponse): void {
  route(req, res).catch((err: unknown) => {
    logger.error({ err: (err as Error)?.message ?? String(err) }, 'HTTP surface failed unexpectedly');
    if (!res.headersSent) sendError(res, 500, { error: 'internal_error', detail: 'internal error' });
    else res.destroy();
  });
}
