// Running the app on a port with a graceful stop: on SIGTERM readiness turns
// off and answers close their connections; after the drain delay the
// listener closes (no new connections), in-flight requests finish and the
// process exits; a deadline cuts off whatever is left (src/shared/http/listen.ts).
import { readFileSync, unwatchFile, watchFile } from 'node:fs';
import type { Server } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
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
  const tls = config.tls ? readTls(config.tls) : undefined;
  const http = serve(app, { keepAliveTimeoutMs: KEEP_ALIVE_TIMEOUT_MS, ...(tls ? { tls } : {}) });
  draining = () => http.draining;
  const port = await http.listen(config.port, config.host);
  const unwatch = config.tls ? watchCertificate(http.server as unknown as HttpsServer, config.tls, logger) : undefined;

  logger.info({ port, tls: !!tls, bodyLimit: config.bodyLimit, kinds: Object.keys(registry) }, 'hook server listening');

  let stopping: Promise<void> | undefined;
  function shutdown(reason: string): Promise<void> {
    stopping ??= (async () => {
      unwatch?.();
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

type TlsFiles = NonNullable<ServerConfig['tls']>;

function readTls(files: TlsFiles): { cert: Buffer; key: Buffer } {
  return { cert: readFileSync(files.certFile), key: readFileSync(files.keyFile) };
}

// A mounted Secret is updated in place when cert-manager renews it: new
// connections get the new certificate without a restart. Polled (a Secret
// volume swaps a symlink, which fs.watch misses), and never keeps the process alive.
const CERT_POLL_MS = 60_000;

function watchCertificate(server: HttpsServer, files: TlsFiles, logger: Logger): () => void {
  const reload = (): void => {
    try {
      server.setSecureContext(readTls(files));
      logger.info({ certFile: files.certFile }, 'TLS certificate reloaded');
    } catch (err) {
      logger.error({ certFile: files.certFile, errorName: (err as Error).name }, 'TLS certificate reload failed; serving the previous one');
    }
  };
  watchFile(files.certFile, { interval: CERT_POLL_MS, persistent: false }, reload);
  return () => unwatchFile(files.certFile, reload);
}
