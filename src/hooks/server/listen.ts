// Running the app on a port with a graceful stop: on SIGTERM readiness turns
// off, the listener closes (no new connections), in-flight requests finish
// and the process exits; a deadline cuts off whatever is left.
import http, { type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { createLogger } from '../../shared/logger.js';
import type { HookRegistry } from '../registry.js';
import { createApp } from './app.js';
import type { ServerConfig } from './config.js';

export interface RunningServer {
  server: Server;
  port: number;
  /** Resolves once every connection is closed. Safe to call more than once. */
  shutdown(reason: string): Promise<void>;
}

export async function startHookServer(
  config: ServerConfig,
  registry: HookRegistry,
  logger: Logger = createLogger('omnia-hooks'),
): Promise<RunningServer> {
  let draining = false;
  const app = createApp({ registry, logger, bodyLimit: config.bodyLimit, isReady: () => !draining });
  // Responses not yet started when draining begins (and requests that still
  // arrive on kept-alive sockets) close their connection, so close() does not
  // wait for clients' idle keep-alive timers.
  const pending = new Set<ServerResponse>();
  const forget = function (this: ServerResponse): void {
    pending.delete(this);
  };
  const server = http.createServer((req: IncomingMessage, res: ServerResponse) => {
    if (draining) res.setHeader('Connection', 'close');
    pending.add(res);
    res.once('close', forget);
    app(req, res);
  });
  // Metacontroller (Go's http.Transport, idle timeout 90 s by default) reuses
  // connections; closing idle ones later than the client does avoids a POST
  // racing our close on a socket the client still believes open.
  server.keepAliveTimeout = 120_000;
  if (config.host) server.listen(config.port, config.host);
  else server.listen(config.port);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;

  logger.info({ port, bodyLimit: config.bodyLimit, kinds: Object.keys(registry) }, 'hook server listening');

  let stopping: Promise<void> | undefined;
  function shutdown(reason: string): Promise<void> {
    stopping ??= (async () => {
      draining = true;
      for (const res of pending) if (!res.headersSent) res.setHeader('Connection', 'close');
      logger.info({ reason, drainDelayMs: config.drainDelayMs }, 'hook server draining');
      if (config.drainDelayMs > 0) await new Promise((r) => setTimeout(r, config.drainDelayMs));
      await new Promise<void>((resolve) => {
        const deadline = setTimeout(() => {
          logger.warn({ timeoutMs: config.shutdownTimeoutMs }, 'closing connections still open at the deadline');
          server.closeAllConnections();
        }, config.shutdownTimeoutMs);
        deadline.unref();
        // close() stops accepting and resolves once in-flight requests are done;
        // idle keep-alive sockets are closed right away.
        server.close(() => {
          clearTimeout(deadline);
          resolve();
        });
        server.closeIdleConnections();
      });
      logger.info('hook server stopped');
    })();
    return stopping;
  }

  return { server, port, shutdown };
}
