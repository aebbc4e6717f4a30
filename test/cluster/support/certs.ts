// Self-made PKI for a throw-away API server: one CA, the API server's serving
// certificate (loopback SANs), one admin client certificate (group
// system:masters) that every component and the tests share, and the service
// account signing key pair.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { systemBinary } from './binaries.js';

export interface Pki {
  dir: string;
  caCert: string;
  caKey: string;
  servingCert: string;
  servingKey: string;
  clientCert: string;
  clientKey: string;
  /** RSA key pair for service-account tokens (private and public halves). */
  saKey: string;
  saPub: string;
}

const DAYS = '2';

export function makePki(dir: string): Pki {
  const openssl = systemBinary('openssl', 'install the Debian package openssl');
  mkdirSync(dir, { recursive: true });
  const p = (name: string): string => join(dir, name);
  const ssl = (...args: string[]): void => {
    execFileSync(openssl, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  };
  const pki: Pki = {
    dir,
    caCert: p('ca.crt'),
    caKey: p('ca.key'),
    servingCert: p('apiserver.crt'),
    servingKey: p('apiserver.key'),
    clientCert: p('admin.crt'),
    clientKey: p('admin.key'),
    saKey: p('sa.key'),
    saPub: p('sa.pub'),
  };

  ssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', pki.caKey, '-out', pki.caCert, '-days', DAYS, '-subj', '/CN=omnia-test-ca');

  const signed = (cert: string, key: string, subj: string, ext: string): void => {
    const csr = `${cert}.csr`;
    const extFile = `${cert}.ext`;
    writeFileSync(extFile, ext);
    ssl('req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', csr, '-subj', subj);
    ssl('x509', '-req', '-in', csr, '-CA', pki.caCert, '-CAkey', pki.caKey, '-CAcreateserial', '-out', cert, '-days', DAYS, '-extfile', extFile);
  };
  // The in-cluster names matter only to clients that use them; 10.0.0.1 is the
  // first address of the service range the API server is given.
  signed(pki.servingCert, pki.servingKey, '/CN=kube-apiserver',
    'subjectAltName=IP:127.0.0.1,IP:10.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc\n' +
      'extendedKeyUsage=serverAuth\nkeyUsage=digitalSignature,keyEncipherment\n');
  signed(pki.clientCert, pki.clientKey, '/O=system:masters/CN=omnia-test-admin',
    'extendedKeyUsage=clientAuth\nkeyUsage=digitalSignature,keyEncipherment\n');

  ssl('genrsa', '-out', pki.saKey, '2048');
  ssl('rsa', '-in', pki.saKey, '-pubout', '-out', pki.saPub);
  return pki;
}

/** A kubeconfig that reaches `server` as the admin client certificate. */
export function kubeconfigYaml(pki: Pki, server: string): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- name: omnia-test',
    '  cluster:',
    `    server: ${server}`,
    `    certificate-authority: ${pki.caCert}`,
    'users:',
    '- name: admin',
    '  user:',
    `    client-certificate: ${pki.clientCert}`,
    `    client-key: ${pki.clientKey}`,
    'contexts:',
    '- name: omnia-test',
    '  context:',
    '    cluster: omnia-test',
    '    user: admin',
    'current-context: omnia-test',
    '',
  ].join('\n');
}
