// HTTPS: the hook server serves TLS when given a certificate and key
// (HOOKS_TLS_CERT_FILE / HOOKS_TLS_KEY_FILE), because Metacontroller sends
// related Secrets, data included, in the hook requests (docs/security.md).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/hooks/server/config.js';
import { startHookServer } from '../../../src/hooks/server/listen.js';
import { captureLogger, parentRequest, testRegistry } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'hooks-tls-'));
const certFile = join(dir, 'tls.crt');
const keyFile = join(dir, 'tls.key');
// A self-signed certificate for the Service name Metacontroller calls, made here.
execFileSync('openssl', [
  'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
  '-subj', '/CN=omnia-hooks.omnia-system.svc',
  '-addext', 'subjectAltName=DNS:omnia-hooks.omnia-system.svc,DNS:omnia-hooks.omnia-system,IP:127.0.0.1',
  '-keyout', keyFile, '-out', certFile,
], { stdio: 'ignore' });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function post(port: number, ca: Buffer | undefined, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      { host: '127.0.0.1', port, path: '/hooks/widget/sync', method: 'POST', headers: { 'content-type': 'application/json' }, ...(ca ? { ca } : {}) },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('hook server over HTTPS', () => {
  it('reads the certificate and key files, both or neither', () => {
    expect(loadConfig({ HOOKS_TLS_CERT_FILE: certFile, HOOKS_TLS_KEY_FILE: keyFile }).tls).toEqual({ certFile, keyFile });
    expect(loadConfig({}).tls).toBeUndefined();
    expect(() => loadConfig({ HOOKS_TLS_CERT_FILE: certFile })).toThrow(/HOOKS_TLS_KEY_FILE/);
  });

  it('answers hooks over TLS to a client that trusts the CA, and refuses plain HTTP and untrusted clients', async () => {
    const config = { ...loadConfig({ HOOKS_TLS_CERT_FILE: certFile, HOOKS_TLS_KEY_FILE: keyFile }), port: 0, host: '127.0.0.1' };
    const running = await startHookServer(config, testRegistry, captureLogger().logger);
    try {
      const ok = await post(running.port, readFileSync(certFile), JSON.stringify(parentRequest('secure')));
      expect(ok.status).toBe(200);
      expect(JSON.parse(ok.text).children[0].metadata.name).toBe('secure');

      await expect(post(running.port, undefined, '{}')).rejects.toThrow(/self[- ]signed/i);

      // Plain HTTP to the TLS port gets no hook answer.
      const plain = await new Promise<string>((resolve) => {
        const req = http.request({ host: '127.0.0.1', port: running.port, path: '/healthz' }, (res) => resolve(String(res.statusCode)));
        req.on('error', (err) => resolve(err.message));
        req.end();
      });
      expect(plain).not.toBe('200');
    } finally {
      await running.shutdown('test');
    }
  });
});
