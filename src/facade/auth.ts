import { createHash, createPublicKey, timingSafeEqual, type KeyObject } from 'node:crypto';
import { statSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import type { Logger } from 'pino';
import { readApiKeys, type AuthConfig } from './config.js';

// The facade's one authentication chain, shared by /ws and function mode:
//   1. Origin allowlist (browsers): a listed-origins config refuses any other Origin → 403.
//   2. Credential: `Authorization: Bearer <token>`, or for browsers (which cannot set
//      headers on a WebSocket) the subprotocol pair `omnia.bearer, <token>` in
//      Sec-WebSocket-Protocol; the server then selects `omnia.bearer`.
//   3. The token is accepted when it equals a configured API key (constant-time
//      comparison of SHA-256 digests) or is a JWT signed RS256/ES256 by the JWKS
//      or PEM key, with an `exp` (required) not past, an `nbf` (if any) reached,
//      and iss/aud checked when configured. Anything else → 401.
// OMNIA_FACADE_ALLOW_UNAUTHENTICATED=true skips step 2/3, never step 1.

export const BEARER_SUBPROTOCOL = 'omnia.bearer';
const JWT_ALGORITHMS = ['RS256', 'ES256'];
const REQUIRED_JWT_CLAIMS = ['exp'];
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

export type Principal =
  | { kind: 'anonymous' }
  /** `keyId`: the key's SHA-256 (hex), to find its connections when it is revoked; never the key. */
  | { kind: 'api-key'; keyId: string }
  | { kind: 'jwt'; subject?: string; claims: JWTPayload };

export type AuthOutcome =
  | { ok: true; principal: Principal; /** set when the token came as a subprotocol */ subprotocol?: string }
  | { ok: false; status: 401 | 403; error: 'unauthorized' | 'forbidden'; detail: string };

export interface Authenticator {
  /**
   * Checks the request's origin and credential. Never throws or rejects. Answers
   * synchronously unless a JWT has to be verified: a connection opened with an
   * API key (or none) costs no promise and no microtask hop.
   */
  check(req: IncomingMessage): AuthOutcome | Promise<AuthOutcome>;
  /** Re-reads the API-key file when its mtime changed (at most once per reload interval). */
  reloadKeys(): void;
  /** Whether an accepted principal is still accepted: false for an API key since removed from the file. */
  stillValid(p: Principal): boolean;
  /** Calls `fn` after every reload that changed the key set. */
  onKeysChanged(fn: () => void): void;
}

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/** Splits a Sec-WebSocket-Protocol header value into its offered protocols. */
export function offeredSubprotocols(req: IncomingMessage): string[] {
  const h = req.headers['sec-websocket-protocol'];
  if (!h) return [];
  return (Array.isArray(h) ? h.join(',') : h)
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function extractToken(req: IncomingMessage): { token: string; subprotocol?: string } | undefined {
  const header = req.headers.authorization;
  if (header) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (m?.[1]) return { token: m[1] };
  }
  const offered = offeredSubprotocols(req);
  const i = offered.indexOf(BEARER_SUBPROTOCOL);
  const token = i >= 0 ? offered[i + 1] : undefined;
  if (token) return { token, subprotocol: BEARER_SUBPROTOCOL };
  return undefined;
}

function jwtFailure(err: unknown): string {
  if (err instanceof joseErrors.JWTExpired) return 'token has expired';
  if (err instanceof joseErrors.JWTClaimValidationFailed) {
    if (err.reason === 'missing') return `token has no "${err.claim}" claim (required)`;
    if (err.claim === 'nbf') return 'token is not valid yet (nbf)';
    return `token claim "${err.claim}" is not accepted`;
  }
  if (err instanceof joseErrors.JOSEAlgNotAllowed) return 'token algorithm is not allowed (RS256 or ES256 only)';
  if (err instanceof joseErrors.JWSSignatureVerificationFailed) return 'token signature does not verify';
  if (err instanceof joseErrors.JWKSNoMatchingKey) return 'no signing key matches the token';
  if (err instanceof joseErrors.JOSEError) return `token rejected (${err.code})`;
  return 'token could not be verified';
}

export interface AuthenticatorOptions {
  /**
   * How often the API-key file's mtime is checked; a changed file is re-read, so
   * a rotated Secret (kubelet updates the mounted file) takes effect without a
   * restart. 0 checks on every request.
   */
  keysReloadIntervalMs?: number;
}

export function createAuthenticator(cfg: AuthConfig, logger?: Logger, opts: AuthenticatorOptions = {}): Authenticator {
  // The network token stays admitted whatever the API-key file says after a reload.
  const peerDigests = cfg.peerToken ? [digest(cfg.peerToken)] : [];
  let keyDigests = [...cfg.apiKeys.map(digest), ...peerDigests];
  let keyIds = new Set(keyDigests.map((d) => d.toString('hex')));
  const keysChanged: (() => void)[] = [];
  const reloadEvery = opts.keysReloadIntervalMs ?? 10_000;
  let lastStat = Date.now();
  let keysMtime = cfg.apiKeysFile ? mtimeOf(cfg.apiKeysFile) : undefined;

  function mtimeOf(path: string): number | undefined {
    try {
      return statSync(path).mtimeMs;
    } catch {
      return undefined;
    }
  }

  function maybeReloadKeys(): void {
    if (!cfg.apiKeysFile || Date.now() - lastStat < reloadEvery) return;
    lastStat = Date.now();
    const m = mtimeOf(cfg.apiKeysFile);
    if (m === undefined || m === keysMtime) return;
    try {
      keyDigests = [...readApiKeys(cfg.apiKeysFile).map(digest), ...peerDigests];
      keyIds = new Set(keyDigests.map((d) => d.toString('hex')));
      keysMtime = m;
      logger?.info({ keys: keyDigests.length }, 'API keys reloaded');
    } catch (err) {
      // Keep serving with the keys we have; never log the file's content.
      logger?.warn({ err: (err as Error).message }, 'API key file changed but could not be read; keeping the previous keys');
    }
  }
  const origins = new Set(cfg.allowedOrigins.map((o) => o.toLowerCase()));
  let jwtKey: KeyObject | ReturnType<typeof createRemoteJWKSet> | undefined;
  if (cfg.jwt?.publicKeyPem) jwtKey = createPublicKey(cfg.jwt.publicKeyPem);
  else if (cfg.jwt?.jwksUrl) jwtKey = createRemoteJWKSet(new URL(cfg.jwt.jwksUrl));

  if (cfg.allowUnauthenticated) logger?.warn('OMNIA_FACADE_ALLOW_UNAUTHENTICATED=true: the facade accepts requests without credentials');
  else if (keyDigests.length === 0 && !jwtKey) logger?.warn('no API keys and no JWT key configured: every request will be refused (401)');

  /** The matching key's id, else undefined. */
  function matchApiKey(token: string): string | undefined {
    const d = digest(token);
    let found = false;
    // No early exit: the time taken does not depend on which key matched.
    for (const k of keyDigests) if (timingSafeEqual(k, d)) found = true;
    return found ? d.toString('hex') : undefined;
  }

  function reloadKeys(): void {
    const before = keyIds;
    maybeReloadKeys();
    if (keyIds !== before) for (const fn of keysChanged) fn();
  }

  return {
    reloadKeys,
    stillValid(p) {
      return p.kind !== 'api-key' || keyIds.has(p.keyId);
    },
    onKeysChanged(fn) {
      keysChanged.push(fn);
    },
    check(req) {
      const origin = req.headers.origin;
      if (origins.size > 0 && origin !== undefined && !origins.has(origin.toLowerCase().replace(/\/+$/, ''))) {
        return { ok: false, status: 403, error: 'forbidden', detail: 'origin is not allowed' };
      }
      const found = extractToken(req);
      if (cfg.allowUnauthenticated) {
        return { ok: true, principal: { kind: 'anonymous' }, ...(found?.subprotocol ? { subprotocol: found.subprotocol } : {}) };
      }
      if (!found) return { ok: false, status: 401, error: 'unauthorized', detail: 'missing credential (Authorization: Bearer <token>)' };
      reloadKeys();
      const keyId = matchApiKey(found.token);
      if (keyId !== undefined) return { ok: true, principal: { kind: 'api-key', keyId }, ...(found.subprotocol ? { subprotocol: found.subprotocol } : {}) };
      if (jwtKey && JWT_SHAPE.test(found.token)) return verifyJwt(jwtKey, found.token, found.subprotocol);
      return { ok: false, status: 401, error: 'unauthorized', detail: 'credential is not valid' };
    },
  };

  async function verifyJwt(key: KeyObject | ReturnType<typeof createRemoteJWKSet>, token: string, subprotocol: string | undefined): Promise<AuthOutcome> {
    const sub = subprotocol ? { subprotocol } : {};
    try {
      const verifyOpts = {
        algorithms: JWT_ALGORITHMS,
        // A token without an expiry would be valid for ever; `nbf`, when present, is always checked.
        requiredClaims: REQUIRED_JWT_CLAIMS,
        ...(cfg.jwt?.issuer ? { issuer: cfg.jwt.issuer } : {}),
        ...(cfg.jwt?.audience ? { audience: cfg.jwt.audience } : {}),
      };
      const { payload } = key instanceof Function ? await jwtVerify(token, key, verifyOpts) : await jwtVerify(token, key, verifyOpts);
      return { ok: true, principal: { kind: 'jwt', ...(payload.sub ? { subject: payload.sub } : {}), claims: payload }, ...sub };
    } catch (err) {
      return { ok: false, status: 401, error: 'unauthorized', detail: jwtFailure(err) };
    }
  }
}
