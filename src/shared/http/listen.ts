// A node:http server that listens on a port (0: the kernel picks one) and
// stops gracefully: once draining, every answer closes its connection (those
// still to be written included, so clients do not keep a socket the server is
// about to drop); on close the listener stops accepting, idle keep-alive
// sockets close at once and busy ones as their answer ends, and a deadline
// cuts off whatever is left.
import http, { type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { answerClientError } from './refuse.js';

export interface ServeOptions {
  /** Idle keep-alive sockets are closed after this long (Node's default: 5 s). */
  keepAliveTimeoutMs?: number;
  /** Disable Nagle on accepted sockets (small streamed writes go out at once). */
  noDelay?: boolean;
  /** Serve HTTPS with this certificate and key (PEM) instead of plain HTTP. */
  tls?: { cert: Buffer | string; key: Buffer | string };
}

export interface GracefulServer {
  readonly server: Server;
  readonly draining: boolean;
  /** Listens on `port` (0: a free one) and `host` (undefined: every address); resolves the bound port. */
  listen(port: number, host?: string): Promise<number>;
  /** From now on every answer closes its connection. Safe to call more than once. */
  beginDrain(): void;
  /**
   * beginDrain, stop accepting, and resolve once every connection is closed;
   * at `timeoutMs` `onDeadline` runs (cancel work in flight) and every
   * connection is cut. Later calls return the first call's promise.
   */
  close(timeoutMs: number, onDeadline?: () => void): Promise<void>;
}

/** Listens on `port` and `host`; resolves the bound port (the kernel's choice for 0). */
export function listen(server: Server, port: number, host?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    const bound = (): void => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    };
    if (host === undefined) server.listen(port, bound);
    else server.listen(port, host, bound);
  });
}

export function serve(listener: RequestListener, options: ServeOptions = {}): GracefulServer {
  let draining = false;
  let closing = false;
  let closed: Promise<void> | undefined;
  // Answers not finished yet: those not started when draining begins get
  // Connection: close. One listener wraps the program's (a second 'request'
  // listener would make every emit copy the listener array).
  const pending = new Set<ServerResponse>();
  const forget = function (this: ServerResponse): void {
    pending.delete(this);
    // An answer whose head went out before the drain leaves a keep-alive socket behind.
    if (closing) server.closeIdleConnections();
  };
  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    if (draining) res.setHeader('connection', 'close');
    pending.add(res);
    res.once('close', forget);
    listener(req, res);
  };
  const serverOptions = options.noDelay ? { noDelay: true } : {};
  // An https.Server is an http.Server over TLS sockets: the same requests, drain and close.
  const server: Server = options.tls
    ? (https.createServer({ ...serverOptions, ...options.tls }, onRequest) as unknown as Server)
    : http.createServer(serverOptions, onRequest);
  if (options.keepAliveTimeoutMs !== undefined) server.keepAliveTimeout = options.keepAliveTimeoutMs;
  // Requests Node cannot parse get the programs' JSON error body too, not Node's bare status line.
  server.on('clientError', answerClientError);

  function beginDrain(): void {
    if (draining) return;
    draining = true;
    for (const res of pending) if (!res.headersSent) res.setHeader('connection', 'close');
  }

  return {
    server,
    get draining() {
      return draining;
    },
    listen: (port, host) => listen(server, port, host),
    beginDrain,
    close(timeoutMs, onDeadline) {
      closed ??= new Promise<void>((resolve) => {
        beginDrain();
        closing = true;
        const deadline = setTimeout(() => {
          onDeadline?.();
          server.closeAllConnections();
        }, timeoutMs);
        deadline.unref();
        // close() stops accepting and calls back once every connection is gone
        // (at once when the server never listened).
        server.close(() => {
          clearTimeout(deadline);
          resolve();
        });
        server.closeIdleConnections();
      });
      return closed;
    },
  };
}
