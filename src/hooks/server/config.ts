// The hook server's environment. Invalid values stop start-up with a message
// naming the variable, rather than a server listening with a surprise setting.
import { requireDuration } from '../../shared/duration.js';
import { DEFAULT_BODY_LIMIT } from './app.js';

export interface ServerConfig {
  port: number;
  host: string | undefined;
  bodyLimit: number;
  /** How long /readyz reports 503 before the listener closes, so endpoints drop the pod first. */
  drainDelayMs: number;
  /** Deadline for in-flight requests after the listener closed. */
  shutdownTimeoutMs: number;
  /**
   * PEM files to serve HTTPS with (docs/security.md): related Secrets travel
   * in the hook requests, so in a cluster the hooks are served over TLS.
   * Undefined: plain HTTP (tests, local runs).
   */
  tls?: { certFile: string; keyFile: string };
}

const SIZE = /^(\d+)\s*(b|kb|kib|mb|mib|gb|gib)?$/i;
const UNIT: Record<string, number> = { b: 1, kb: 1024, kib: 1024, mb: 1024 ** 2, mib: 1024 ** 2, gb: 1024 ** 3, gib: 1024 ** 3 };

/** Bytes from "16777216", "16mb" or "16MiB" (binary units, as body-parser reads them). */
export function parseSize(text: string, field: string): number {
  const m = SIZE.exec(text.trim());
  if (!m) throw new Error(`${field}: "${text}" is not a size (use e.g. 16777216, 512kb, 16mb)`);
  const bytes = Number(m[1]) * (UNIT[(m[2] ?? 'b').toLowerCase()] as number);
  if (!Number.isSafeInteger(bytes) || bytes <= 0) throw new Error(`${field}: "${text}" must be a positive size`);
  return bytes;
}

export function parsePort(text: string, field: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`${field}: "${text}" is not a TCP port`);
  }
  return port;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  return {
    port: env.PORT ? parsePort(env.PORT, 'PORT') : 8080,
    host: env.HOOKS_HOST || undefined,
    bodyLimit: env.HOOKS_BODY_LIMIT ? parseSize(env.HOOKS_BODY_LIMIT, 'HOOKS_BODY_LIMIT') : DEFAULT_BODY_LIMIT,
    drainDelayMs: env.HOOKS_DRAIN_DELAY ? requireDuration(env.HOOKS_DRAIN_DELAY, 'HOOKS_DRAIN_DELAY') : 0,
    shutdownTimeoutMs: env.HOOKS_SHUTDOWN_TIMEOUT
      ? requireDuration(env.HOOKS_SHUTDOWN_TIMEOUT, 'HOOKS_SHUTDOWN_TIMEOUT')
      : 10_000,
    ...tlsFiles(env),
  };
}

function tlsFiles(env: NodeJS.ProcessEnv): Pick<ServerConfig, 'tls'> {
  const certFile = env.HOOKS_TLS_CERT_FILE || undefined;
  const keyFile = env.HOOKS_TLS_KEY_FILE || undefined;
  if (!certFile && !keyFile) return {};
  if (!certFile || !keyFile) {
    throw new Error(`HOOKS_TLS_CERT_FILE and HOOKS_TLS_KEY_FILE: set both or neither (only ${certFile ? 'HOOKS_TLS_CERT_FILE' : 'HOOKS_TLS_KEY_FILE'} is set)`);
  }
  return { tls: { certFile, keyFile } };
}
