import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT, exportJWK, exportSPKI, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFacadeConfig } from '../../src/facade/config.js';
import { Client, startFacade, upgradeStatus, type Running } from './helpers.js';

// The accept/refuse matrix of the auth chain, over real WebSocket upgrades.

const dir = mkdtempSync(join(tmpdir(), 'omnia-auth-'));
const keysFile = join(dir, 'api-keys');
writeFileSync(keysFile, '# team keys\nkey-alpha-0123456789\n\n  key-beta-9876543210  \n');
const GOOD_KEY = 'key-beta-9876543210';
const ISSUER = 'https://issuer.example.com';
const AUDIENCE = 'omnia-agents';

let rsa: Awaited<ReturnType<typeof generateKeyPair>>;
let ec: Awaited<ReturnType<typeof generateKeyPair>>;
let otherRsa: Awaited<ReturnType<typeof generateKeyPair>>;
let jwks: Server;
let pemFacade: Running;
let jwksFacade: Running;
let openFacade: Running;

/** A signed token; `exp: null` leaves the expiry out. */
async function token(
  key: Parameters<SignJWT['sign']>[0],
  alg: string,
  claims: { iss?: string; aud?: string; exp?: string | number | null; nbf?: string | number } = {},
  kid?: string,
) {
  const jwt = new SignJWT({ scope: 'chat' }).setProtectedHeader({ alg, ...(kid ? { kid } : {}) }).setSubject('user-1').setIssuedAt();
  jwt.setIssuer(claims.iss ?? ISSUER).setAudience(claims.aud ?? AUDIENCE);
  if (claims.exp !== null) jwt.setExpirationTime(claims.exp ?? '5m');
  if (claims.nbf !== undefined) jwt.setNotBefore(claims.nbf);
  return jwt.sign(key);
}
const bearer = (t: string) => ({ headers: { authorization: `Bearer ${t}` } });

beforeAll(async () => {
  rsa = await generateKeyPair('RS256', { extractable: true });
  ec = await generateKeyPair('ES256', { extractable: true });
  otherRsa = await generateKeyPair('RS256', { extractable: true });
  const pemFile = join(dir, 'jwt.pem');
  writeFileSync(pemFile, await exportSPKI(rsa.publicKey));
  const ecJwk = { ...(await exportJWK(ec.publicKey)), kid: 'ec-1', alg: 'ES256', use: 'sig' };
  jwks = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ keys: [ecJwk] }));
  });
  await new Promise<void>((r) => jwks.listen(0, '127.0.0.1', r));
  const jwksUrl = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/jwks.json`;
  const strict = {
    OMNIA_FACADE_ALLOW_UNAUTHENTICATED: 'false',
    OMNIA_API_KEYS_FILE: keysFile,
    OMNIA_JWT_ISSUER: ISSUER,
    OMNIA_JWT_AUDIENCE: AUDIENCE,
    OMNIA_ALLOWED_ORIGINS: 'https://console.example.com, https://ops.example.com/',
  };
  pemFacade = await startFacade({ ...strict, OMNIA_JWT_PUBLIC_KEY_FILE: pemFile });
  jwksFacade = await startFacade({ ...strict, OMNIA_JWT_JWKS_URL: jwksUrl });
  openFacade = await startFacade({ OMNIA_FACADE_ALLOW_UNAUTHENTICATED: 'true', OMNIA_ALLOWED_ORIGINS: 'https://console.example.com' });
});

afterAll(async () => {
  await Promise.all([pemFacade?.facade.close(), jwksFacade?.facade.close(), openFacade?.facade.close()]);
  await new Promise((r) => jwks?.close(r));
  rmSync(dir, { recursive: true, force: true });
});

describe('auth: API keys', () => {
  it('no credential → 401', async () => {
    expect(await upgradeStatus(pemFacade.wsUrl())).toBe(401);
  });
  it('a wrong key → 401; a key differing in one character → 401', async () => {
    expect(await upgradeStatus(pemFacade.wsUrl(), undefined, bearer('nope'))).toBe(401);
    expect(await upgradeStatus(pemFacade.wsUrl(), undefined, bearer('key-beta-9876543211'))).toBe(401);
  });
  it('a listed key (trimmed, comments skipped) → 101 and a working conversation', async () => {
    const c = await Client.open(pemFacade.wsUrl(), undefined, bearer(GOOD_KEY));
    expect((await c.next()).type).toBe('connected');
    expect((await c.say('hi'))[0]?.content).toBe('Echo: hi');
    await c.close();
    expect(await upgradeStatus(pemFacade.wsUrl(), undefined, bearer('key-alpha-0123456789'))).toBe(101);
  });
  it('a comment line is not a key', async () => {
    expect(await upgradeStatus(pemFacade.wsUrl(), undefined, bearer('#'))).toBe(401);
  });
  it('browser convention: subprotocols ["omnia.bearer", <key>] → 101 and "omnia.bearer" is selected', async () => {
    const c = await Client.open(pemFacade.wsUrl(), ['omnia.bearer', GOOD_KEY], { headers: { origin: 'https://console.example.com' } });
    expect(c.ws.protocol).toBe('omnia.bearer');
    expect((await c.next()).type).toBe('connected');
    await c.close();
  });
  it('browser convention with a wrong key → 401', async () => {
    expect(await upgradeStatus(pemFacade.wsUrl(), ['omnia.bearer', 'wrong'])).toBe(401);
  });
});

describe('auth: JWT', () => {
  it('RS256 signed by the PEM key → 101', async () => {
    expect(await upgradeStatus(pemFacade.wsUrl(), undefined, bearer(await token(rsa.privateKey, 'RS256')))).toBe(101);
  });
  it('ES256 from the JWKS URL → 101, also as a subprotocol', async () => {
    const t = await token(ec.privateKey, 'ES256', {}, 'ec-1');
    expect(await upgradeStatus(jwksFacade.wsUrl(), undefined, bearer(t))).toBe(101);
    expect(await upgradeStatus(jwksFacade.wsUrl(), ['omnia.bearer', t])).toBe(101);
  });
  it('expired → 401', async () => {
    const t = await token(rsa.privateKey, 'RS256', { exp: Math.floor(Date.now() / 1000) - 120 });
    expect(await upgradeStatus(pemFacade.wsUrl(), undefined, bearer(t))).toBe(401);
  });
  it('without exp → 401 (PEM and JWKS): it would never expire', async () => {
    const t = await token(rsa.privateKey, 'RS256', { exp: null });
    expect(await upgradeStatus(pemFacade.wsUrl(), undefined, bearer(t))).toBe(401);
    expect(await pemFacade.facade.auth.check({ headers: { authorization: `Bearer ${t}` } } as never)).toEqual({
      ok: false,
      status: 401,
      error: 'unauthorized',
      detail: 'token has no "exp" claim (required)',
    });
    expect(await upgradeStatus(jwksFacade.wsUrl(), undefined, bearer(await token(ec.privateKey, 'ES256', { exp: null }, 'ec-1')))).toBe(401);
  });
  it('nbf in the future → 401; nbf passed → 101', async () => {
    const now = Math.floor(Date.now() / 1000);
    const early = await token(rsa.privateKey, 'RS256', { nbf: now + 600 });
    expect(await upgradeStatus(pemFacade.wsUrl(), undefined, bearer(early))).toBe(401);
    expect(await pemFacade.facade.auth.check({ headers: { authorization: `Bearer ${early}` } } as never)).toMatchObject({ ok: false, detail: 'token is not valid yet (nbf)' });
    expect(await upgradeStatus(pemFacade.wsUrl(), undefined, bearer(await token(rsa.privateKey, 'RS256', { nbf: now - 60 })))).toBe(101);
  });
  it('wrong issuer or audience → 401', async () => {
    expect(await upgradeStatus(pemFacade.wsUrl(), undefined, bearer(await token(rsa.privateKey, 'RS256', { iss: 'https://evil.example.com' })))).toBe(401);
    expect(await upgradeStatus(pemFacade.wsUrl(), undefined, bearer(await token(rsa.privateKey, 'RS256', { aud: 'someone-else' })))).toBe(401);
  });
  it('wrong algorithm (HS256) → 401', async () => {
    const t = await token(new TextEncoder().encode('a-shared-secret-of-at-least-32-bytes!!'), 'HS256');
    expect(await upgradeStatus(pemFacade.wsUrl(), undefined, bearer(t))).toBe(401);
  });
  it('signed by another key → 401 (PEM and JWKS)', async () => {
    expect(await upgradeStatus(pemFacade.wsUrl(), undefined, bearer(await token(otherRsa.privateKey, 'RS256')))).toBe(401);
    expect(await upgradeStatus(jwksFacade.wsUrl(), undefined, bearer(await token(otherRsa.privateKey, 'RS256')))).toBe(401);
  });
  it('the refusal detail names the problem without echoing the token', async () => {
    const t = await token(rsa.privateKey, 'RS256', { exp: Math.floor(Date.now() / 1000) - 120 });
    const outcome = await pemFacade.facade.auth.check({ headers: { authorization: `Bearer ${t}` } } as never);
    expect(outcome).toEqual({ ok: false, status: 401, error: 'unauthorized', detail: 'token has expired' });
  });
});

describe('auth: origins and the allow-unauthenticated switch', () => {
  it('an allowed origin (trailing slash ignored) → 101; another origin → 403 even with a good key', async () => {
    expect(await upgradeStatus(pemFacade.wsUrl(), undefined, { headers: { origin: 'https://ops.example.com', authorization: `Bearer ${GOOD_KEY}` } })).toBe(101);
    expect(await upgradeStatus(pemFacade.wsUrl(), undefined, { headers: { origin: 'https://evil.example.com', authorization: `Bearer ${GOOD_KEY}` } })).toBe(403);
  });
  it('OMNIA_FACADE_ALLOW_UNAUTHENTICATED=true admits no credential but still checks the origin', async () => {
    expect(await upgradeStatus(openFacade.wsUrl())).toBe(101);
    expect(await upgradeStatus(openFacade.wsUrl(), undefined, { headers: { origin: 'https://console.example.com' } })).toBe(101);
    expect(await upgradeStatus(openFacade.wsUrl(), undefined, { headers: { origin: 'https://evil.example.com' } })).toBe(403);
  });
  it('a facade with no credentials configured refuses everyone', async () => {
    const f = await startFacade({ OMNIA_FACADE_ALLOW_UNAUTHENTICATED: 'false' });
    try {
      expect(await upgradeStatus(f.wsUrl(), undefined, bearer('anything'))).toBe(401);
    } finally {
      await f.facade.close();
    }
  });
});

describe('config errors are clear', () => {
  it.each([
    [{ OMNIA_SESSION_TYPE: 'mongo' }, /OMNIA_SESSION_TYPE: "mongo" must be one of memory, redis, postgres/],
    [{ OMNIA_SESSION_TYPE: 'redis' }, /OMNIA_SESSION_STORE_URL: required/],
    [{ OMNIA_SESSION_TYPE: 'redis', OMNIA_SESSION_STORE_URL: 'postgres://u:hunter2@x/db' }, /not a redis URL/],
    [{ OMNIA_SESSION_TTL: 'forever' }, /OMNIA_SESSION_TTL: "forever" is not a duration/],
    [{ OMNIA_MAX_FRAME_BYTES: '1MB' }, /OMNIA_MAX_FRAME_BYTES: "1MB" is not a whole number/],
    [{ OMNIA_API_KEYS_FILE: '/nonexistent/keys' }, /OMNIA_API_KEYS_FILE: cannot read/],
    [{ OMNIA_FACADE_ALLOW_UNAUTHENTICATED: 'sure' }, /must be true or false/],
  ])('%j', (env, message) => {
    expect(() => loadFacadeConfig(env)).toThrow(message);
  });
  it('never echoes a store URL (it carries a password)', () => {
    expect(() => loadFacadeConfig({ OMNIA_SESSION_TYPE: 'redis', OMNIA_SESSION_STORE_URL: 'postgres://u:hunter2@x/db' })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('hunter2') }),
    );
  });
  it('defaults follow docs/env.md', () => {
    const c = loadFacadeConfig({});
    expect(c).toMatchObject({
      agent: 'agent',
      namespace: 'default',
      mode: 'agent',
      port: 8080,
      healthPort: 8081,
      handlerMode: 'runtime',
      runtimeAddress: 'http://127.0.0.1:9000',
      session: { type: 'memory', ttlMs: 86_400_000, maxSessions: 1000, maxSessionEvents: 500 },
      auth: { allowUnauthenticated: false, apiKeys: [], allowedOrigins: [] },
      limits: { maxFrameBytes: 1_048_576, maxConnections: 10_000, maxMessagesPerMinute: 60 },
      drainTimeoutMs: 30_000,
    });
  });
});

describe('auth: API key rotation', () => {
  it('picks up a rewritten key file without a restart', async () => {
    const { createAuthenticator } = await import('../../src/facade/auth.js');
    const { utimesSync } = await import('node:fs');
    const file = join(dir, 'rotating-keys');
    writeFileSync(file, 'old-key-1\n');
    const auth = createAuthenticator(
      { allowUnauthenticated: false, apiKeysFile: file, apiKeys: ['old-key-1'], allowedOrigins: [] },
      undefined,
      { keysReloadIntervalMs: 0 },
    );
    const req = (key: string) => ({ headers: { authorization: `Bearer ${key}` } }) as never;
    expect((await auth.check(req('old-key-1'))).ok).toBe(true);
    writeFileSync(file, 'new-key-2\n');
    utimesSync(file, new Date(), new Date(Date.now() + 5_000));
    expect((await auth.check(req('new-key-2'))).ok).toBe(true);
    expect((await auth.check(req('old-key-1'))).ok).toBe(false);
  });
});

describe('auth: the agent network token', () => {
  it('is admitted beside the API keys and stays admitted when the key file is rewritten', async () => {
    const { createAuthenticator } = await import('../../src/facade/auth.js');
    const { utimesSync } = await import('node:fs');
    const file = join(dir, 'keys-beside-peer-token');
    writeFileSync(file, 'user-key-1\n');
    const auth = createAuthenticator(
      { allowUnauthenticated: false, apiKeysFile: file, apiKeys: ['user-key-1'], peerToken: 'network-token-9', allowedOrigins: [] },
      undefined,
      { keysReloadIntervalMs: 0 },
    );
    const req = (key: string) => ({ headers: { authorization: `Bearer ${key}` } }) as never;
    expect((await auth.check(req('network-token-9'))).ok).toBe(true);
    writeFileSync(file, 'user-key-2\n');
    utimesSync(file, new Date(), new Date(Date.now() + 5_000));
    expect((await auth.check(req('user-key-2'))).ok).toBe(true);
    expect((await auth.check(req('network-token-9'))).ok).toBe(true);
    expect((await auth.check(req('user-key-1'))).ok).toBe(false);
  });
});

describe('auth: a revoked API key', () => {
  it('closes the connections opened with it (1008 "API key revoked"); the others keep working', async () => {
    const { utimesSync } = await import('node:fs');
    const file = join(dir, 'revoked-keys');
    writeFileSync(file, 'key-to-revoke-000\nkey-to-keep-111\n');
    const running = await startFacade({ OMNIA_FACADE_ALLOW_UNAUTHENTICATED: 'false', OMNIA_API_KEYS_FILE: file }, { keysReloadIntervalMs: 50 });
    try {
      const revoked = await Client.open(running.wsUrl(), undefined, bearer('key-to-revoke-000'));
      const kept = await Client.open(running.wsUrl(), ['omnia.bearer', 'key-to-keep-111']);
      await Promise.all([revoked.next(), kept.next()]);
      expect((await revoked.say('before'))[0]?.content).toBe('Echo: before');
      writeFileSync(file, 'key-to-keep-111\n');
      utimesSync(file, new Date(), new Date(Date.now() + 5_000));
      expect(await revoked.closed).toEqual({ code: 1008, reason: 'API key revoked' });
      expect((await kept.say('after'))[0]?.content).toBe('Echo: after');
      expect(await upgradeStatus(running.wsUrl(), undefined, bearer('key-to-revoke-000'))).toBe(401);
      await kept.close();
    } finally {
      await running.facade.close();
    }
  });
});
