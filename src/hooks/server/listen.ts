// Running the app on a port with a graceful stop: on SIGTERM readiness turns
// off and answers close their connections; after the drain delay the
// listener closes (no new connections), in-flight requests finish and the
// process exits; a deadline cuts off whatever is left (src/shared/http/listen.ts).
import type { Server } from 'node:http';
import type { Logger } from 'pino';
import { serve } from '../../shared/http/listen.js';
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

// Metacontroller (Go's http.Transport, idle timeout 90 s by default) reuses
// connections; closing idle ones later than the client does avoids a POST
// racing our close on a socket the client still believes open.
const KEEP_ALIVE_TIMEOUT_MS = 120_000;

export async function startHookServer(
  config: ServerConfig,
  registry: HookRegistry,
  logger: Logger = createLogger('omnia-hooks'),
): Promise<RunningServer> {
  // Readiness reads the server's drain state; the app is the server's listener itself.
  let draining = (): boolean => false;
  const app = createApp({ registry, logger, bodyLimit: config.bodyLimit, isReady: () => !draining() });
  const http = serve(app, { keepAliveTimeoutMs: KEEP_ALIVE_TIMEOUT_MS });
  draining = () => http.draining;
  const port = await http.listen(config.port, config.host);

  logger.info({ port, bodyLimit: config.bodyLimit, kinds: Object.keys(registry) }, 'hook server listening');

  let stopping: Promise<void> | undefined;
  function shutdown(reason: string): Promise<void> {
    stopping ??= (async () => {
      http.beginDrain();
      logger.info({ reason, drainDelayMs: config.drainDelayMs }, 'hook server draining');
      if (config.drainDelayMs > 0) await new Promise((r) => setTimeout(r, config.drainDelayMs));
      await http.close(config.shutdownTimeoutMs, () => {
        logger.warn({ timeoutMs: config.shutdownTimeoutMs }, 'closing connections still open at the deadline');
      });
      logger.info('hook server stopped');
    })();
    return stopping;
  }

  return { server: http.server, port, shutdown };
}
