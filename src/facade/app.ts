import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { WebSocketServer } from 'ws';
import type { ErrorBody } from '../shared/http/error.js';
import { serve } from '../shared/http/listen.js';
import { pathOf } from '../shared/http/path.js';
import { refuse } from '../shared/http/refuse.js';
import { sendError } from '../shared/http/respond.js';
import { createLogger } from '../shared/logger.js';
import { BEARER_SUBPROTOCOL, createAuthenticator, type AuthOutcome, type Authenticator, type Principal } from './auth.js';
import type { FacadeConfig } from './config.js';
import { Connection, type ConnectionDeps } from './connection.js';
import { createFunctionHandler, loadFunctionConfig, type FunctionHandler } from './function/index.js';
import { createHandler } from './handlers/index.js';
import type { DemoOptions } from './handlers/demo.js';
import type { Handler } from './handlers/types.js';
import { createHealthListener } from './health.js';
import { KeepAlive } from './keepalive.js';
import { InFlight } from './in-flight.js';
import { createFacadeMetrics, type FacadeMetrics } from './metrics.js';
import { isValidSessionId } from './protocol.js';
import { createSessionStore } from './sessions/index.js';
import { ownsSession, type SessionStore } from './sessions/types.js';
import { createHttpSurfaces, guarded, type HttpSurfaces } from './surfaces.js';

// The facade process: the traffic port (in agent mode WebSocket /ws and the
// HTTP surfaces of surfaces.ts: A2A, OpenAI-compatible, /agent/invoke; in
// function mode POST /functions/<name>) and the health port. Plain node:http
// with `ws` in noServer mode, so every check that can refuse a client (path,
// drain, connection cap, origin, credential, resume lookup) answers with an
// HTTP status before the upgrade.

export interface FacadeOverrides {
  store?: SessionStore;
  handler?: Handler;
  logger?: Logger;
  /** Clock for the session store built from config. */
  now?: () => number;
  demo?: DemoOptions;
  /** Add Node process metrics (CPU, heap, event loop) to /metrics; main turns this on. */
  processMetrics?: boolean;
  /** How often the API-key file is checked for changes (default 10 s). */
  keysReloadIntervalMs?: number;
}

export interface Facade {
  listen(): Promise<{ port: number; healthPort: number }>;
  /** Graceful drain: refuse new work, finish replies in flight, close sockets with 1001. */
  drain(): Promise<void>;
  /** Stops both servers and the store (drains first when not drained yet). */
  close(): Promise<void>;
  readonly metrics: FacadeMetrics;
  readonly auth: Authenticator;
  readonly isDraining: boolean;
}

// ws closes the connection (1009) past maxPayload. The facade's own limit is
// checked per frame and answered with an error on an open connection; the hard
// cap only protects memory against frames far beyond it.
const HARD_FRAME_FACTOR = 4;

const KEYS_RELOAD_INTERVAL_MS = 10_000;
/** Policy violation: the API key the connection was opened with is no longer in the key file. */
export const CLOSE_REVOKED = { code: 1008, reason: 'API key revoked' } as const;

/** A socket's error ends it; one function for every socket rather than a closure each. */
function destroyOnError(this: Duplex): void {
  this.destroy();
}

/** The query of a request target, or undefined when it has none (the common `/ws`: nothing to parse). */
function queryOf(target: string): URLSearchParams | undefined {
  const q = target.indexOf('?');
  if (q < 0) return undefined;
  const hash = target.indexOf('#', q);
  return new URLSearchParams(hash < 0 ? target.slice(q + 1) : target.slice(q + 1, hash));
}

const NOT_FOUND: ErrorBody = { error: 'not_found', detail: 'no such endpoint' };
const SHUTTING_DOWN: ErrorBody = { error: 'unavailable', detail: 'the facade is shutting down' };

export function createFacade(config: FacadeConfig, overrides: FacadeOverrides = {}): Facade {
  const logger = overrides.logger ?? createLogger('facade');
  const metrics = createFacadeMetrics(config.agent, config.namespace, { processMetrics: overrides.processMetrics ?? false });
  const handler = overrides.handler ?? createHandler(config, overrides.demo);
  const keysReloadIntervalMs = overrides.keysReloadIntervalMs ?? KEYS_RELOAD_INTERVAL_MS;
  const auth = createAuthenticator(config.auth, logger, { keysReloadIntervalMs });
  const connections = new Set<Connection>();
  // Connections opened with an API key: a key removed from the file closes them.
  const byApiKey = new Map<Connection, Principal>();
  auth.onKeysChanged(() => {
    for (const [conn, principal] of byApiKey) if (!auth.stillValid(principal)) conn.close(CLOSE_REVOKED.code, CLOSE_REVOKED.reason);
  });
  let keysTimer: NodeJS.Timeout | undefined;
  let store: SessionStore | undefined = overrides.store;
  let draining = false;
  let drained: Promise<void> | undefined;
  let pendingUpgrades = 0;
  const functionRequests = new InFlight();
  let functionRoute: FunctionHandler | undefined;
  let surfaces: HttpSurfaces | undefined;
  const keepAlive = new KeepAlive<Connection>(config.limits.pingIntervalMs);

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: config.limits.maxFrameBytes * HARD_FRAME_FACTOR,
    perMessageDeflate: false,
    clientTracking: false,
    handleProtocols: (protocols) => (protocols.has(BEARER_SUBPROTOCOL) ? BEARER_SUBPROTOCOL : false),
  });

  const traffic = serve(onRequest);
  const server = traffic.server;
  server.on('upgrade', onUpgrade);

  const health = serve(
    createHealthListener(metrics.registry, {
      isDraining: () => draining,
      storeReachable: async () => (store ? store.ping() : false),
      handlerHealthy: () => handler.healthy(),
    }),
  );
  // Set when the drain starts; the servers' close gets what is left of it.
  let drainDeadline = 0;

  function onRequest(req: IncomingMessage, res: ServerResponse): void {
    const path = pathOf(req.url);
    if (config.mode === 'function' && path.startsWith('/functions/')) {
      if (draining) return sendError(res, 503, SHUTTING_DOWN);
      functionRequests.track(res);
      // Function mode authenticates with the same chain (passed in as `authenticate`).
      (functionRoute as FunctionHandler)(req, res);
      return;
    }
    if (config.mode === 'agent' && path === '/ws') {
      return sendError(res, 426, { error: 'upgrade_required', detail: 'connect with a WebSocket client' });
    }
    const route = surfaces?.route(path);
    if (route) return guarded(route, logger, req, res);
    sendError(res, 404, NOT_FOUND);
  }

  // What every connection shares: one object and two functions rather than closures per connection.
  const onWsError = (err: Error): void => logger.debug({ err }, 'websocket error');
  const onClosed = (conn: Connection): void => {
    connections.delete(conn);
    keepAlive.delete(conn);
    byApiKey.delete(conn);
    metrics.bound.connections.closed();
  };
  let connectionDeps: ConnectionDeps | undefined;

  /**
   * The checks that can refuse a client, then the handshake. Synchronous unless
   * a JWT must be verified or a session looked up (a resume): the common
   * connection costs no promise.
   */
  function onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', destroyOnError);
    const target = req.url ?? '/';
    if (config.mode !== 'agent' || pathOf(target) !== '/ws') return refuse(socket, 404, NOT_FOUND);
    if (draining) return refuse(socket, 503, SHUTTING_DOWN);
    const query = queryOf(target);
    if (query) {
      const agent = query.get('agent');
      const namespace = query.get('namespace');
      if ((agent && agent !== config.agent) || (namespace && namespace !== config.namespace)) {
        return refuse(socket, 404, { error: 'agent_not_found', detail: `this facade serves ${config.namespace}/${config.agent}` });
      }
    }
    if (connections.size + pendingUpgrades >= config.limits.maxConnections) {
      return refuse(socket, 503, { error: 'too_many_connections', detail: `limit of ${config.limits.maxConnections} connections reached` });
    }
    const outcome = auth.check(req);
    const resumeId = query ? (query.get('resume') ?? query.get('session_id')) : null;
    const lookup = resumeId && isValidSessionId(resumeId) ? resumeId : null;
    if (!(outcome instanceof Promise) && lookup === null) return admit(req, socket, head, outcome, null);
    pendingUpgrades++;
    admitLater(req, socket, head, outcome, lookup)
      .catch((err: unknown) => {
        logger.error({ err }, 'upgrade failed');
        refuse(socket, 500, { error: 'internal_error', detail: 'the connection could not be set up' });
      })
      .finally(() => pendingUpgrades--);
  }

  async function admitLater(req: IncomingMessage, socket: Duplex, head: Buffer, checking: AuthOutcome | Promise<AuthOutcome>, resumeId: string | null): Promise<void> {
    const outcome = await checking;
    if (!outcome.ok || resumeId === null) return admit(req, socket, head, outcome, null);
    const found = await (store as SessionStore).lookup(resumeId);
    // An unknown or expired id falls back to a fresh session (AsyncAPI: connected.resumed = false).
    const resumed = found.state === 'found' && ownsSession(found.session, config);
    admit(req, socket, head, outcome, resumed ? { sessionId: resumeId } : null);
  }

  function admit(req: IncomingMessage, socket: Duplex, head: Buffer, outcome: AuthOutcome, resumed: { sessionId: string } | null): void {
    if (!outcome.ok) return refuse(socket, outcome.status, { error: outcome.error, detail: outcome.detail });
    if (draining || socket.destroyed) return refuse(socket, 503, SHUTTING_DOWN);
    wss.handleUpgrade(req, socket, head, (ws) => {
      metrics.bound.connections.opened();
      connectionDeps ??= { config, store: store as SessionStore, handler, metrics, logger, isDraining: () => draining, onClosed, onError: onWsError };
      const conn = new Connection(ws, connectionDeps, resumed);
      connections.add(conn);
      keepAlive.add(conn);
      if (outcome.principal.kind === 'api-key') byApiKey.set(conn, outcome.principal);
    });
  }

  async function drainNow(): Promise<void> {
    draining = true;
    // Function-mode answers from now on close their connection.
    traffic.beginDrain();
    const deadline = Date.now() + config.drainTimeoutMs;
    drainDeadline = deadline;
    // Leave a slice of the budget for the close handshakes.
    const replyBudget = Math.max(0, config.drainTimeoutMs - Math.min(2_000, config.drainTimeoutMs / 4));
    const inflight = [...connections].map((c) => c.inFlight).filter((p): p is Promise<void> => p !== null);
    const functionsDone = functionRequests.idle();
    const surfacesDone = surfaces?.idle() ?? Promise.resolve();
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([
      Promise.allSettled([...inflight, functionsDone, surfacesDone]).then(() => false),
      new Promise<boolean>((r) => {
        timer = setTimeout(() => r(true), replyBudget);
      }),
    ]);
    clearTimeout(timer);
    // Function-mode audit trails already started are written before the store closes.
    if (functionRoute) {
      await Promise.race([functionRoute.drain(), new Promise((r) => setTimeout(r, Math.max(0, deadline - Date.now())).unref())]);
    }
    if (timedOut) {
      logger.warn({ connections: connections.size }, 'drain deadline reached; cancelling replies in flight');
      for (const c of connections) c.cancel();
    }
    const open = [...connections];
    const closed = Promise.all(open.map((c) => c.closed));
    for (const c of open) c.close(1001, 'server is shutting down');
    await Promise.race([closed, new Promise((r) => setTimeout(r, Math.max(100, deadline - Date.now())).unref())]);
    for (const c of connections) c.terminate();
  }

  return {
    metrics,
    auth,
    get isDraining() {
      return draining;
    },
    async listen() {
      if (!store) store = await createSessionStore(config.session, overrides.now);
      const accounted = store.accountedBytes?.bind(store);
      if (accounted) metrics.trackStoreBytes(accounted);
      if (config.mode === 'function') {
        const fn = await loadFunctionConfig(config.configDir);
        functionRoute = createFunctionHandler({
          config: { name: fn.name, namespace: config.namespace, inputSchema: fn.inputSchema, outputSchema: fn.outputSchema },
          handler,
          authenticate: async (req) => {
            const outcome = await auth.check(req);
            return outcome.ok ? { ok: true } : { ok: false, detail: outcome.detail };
          },
          audit: store,
          metrics: metrics.registry,
          logger,
        });
      }
      if (config.mode === 'agent') {
        surfaces = createHttpSurfaces({ config, store, handler, metrics, logger, auth, isDraining: () => draining });
      }
      const port = await traffic.listen(config.port, config.host);
      const healthPort = await health.listen(config.healthPort, config.host);
      keepAlive.start();
      // Without new connections nothing else would notice a revoked key.
      if (config.auth.apiKeysFile && config.mode === 'agent') {
        keysTimer = setInterval(() => auth.reloadKeys(), Math.max(100, keysReloadIntervalMs));
        keysTimer.unref();
      }
      logger.info({ port, healthPort, mode: config.mode, handler: handler.name, sessions: store.kind }, 'facade listening');
      return { port, healthPort };
    },
    drain() {
      drained ??= drainNow();
      return drained;
    },
    async close() {
      await (drained ??= drainNow());
      keepAlive.stop();
      clearInterval(keysTimer);
      const left = Math.max(0, drainDeadline - Date.now());
      await Promise.all([traffic.close(left), health.close(left)]);
      // A store handed in by the caller is the caller's to close.
      if (!overrides.store) await store?.close();
    },
  };
}
