import { join } from 'node:path';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { Service } from 'kubernetes-models/v1/Service';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { describe, expect, it } from 'vitest';
import { get, MANIFESTS, readDocs, type Doc } from './load.js';

const dir = join(MANIFESTS, 'hooks-server');
const one = (file: string): Doc => {
  const docs = readDocs(join(dir, file));
  expect(docs).toHaveLength(1);
  return docs[0] as Doc;
};

// Raw YAML objects, handed to the kubernetes-models validators as they are.
const deployment = one('deployment.yaml') as any;
const service = one('service.yaml') as any;
const pdb = one('pdb.yaml') as any;
const serviceAccount = one('serviceaccount.yaml') as any;
const namespace = readDocs(join(MANIFESTS, 'namespace.yaml'))[0] as any;
const container = deployment.spec.template.spec.containers[0];

describe('hook server manifests', () => {
  it('validate against the Kubernetes schemas', () => {
    expect(() => new Deployment(deployment).validate()).not.toThrow();
    expect(() => new Service(service).validate()).not.toThrow();
    expect(() => new PodDisruptionBudget(pdb).validate()).not.toThrow();
    expect(() => new ServiceAccount(serviceAccount).validate()).not.toThrow();
    expect(() => new Namespace(namespace).validate()).not.toThrow();
    // The validator is live: a wrong type is caught.
    expect(() => new Deployment({ ...deployment, spec: { ...deployment.spec, replicas: 'two' } }).validate()).toThrow();
  });

  it('all live in omnia-system', () => {
    expect(namespace.metadata.name).toBe('omnia-system');
    for (const o of [deployment, service, pdb, serviceAccount]) expect(o.metadata.namespace).toBe('omnia-system');
  });

  it('runs 2 non-root, locked-down replicas of the hooks entrypoint', () => {
    expect(deployment.spec.replicas).toBe(2);
    const pod = deployment.spec.template.spec;
    expect(pod.securityContext.runAsNonRoot).toBe(true);
    expect(pod.securityContext.runAsUser).toBeGreaterThan(0);
    expect(pod.securityContext.seccompProfile).toEqual({ type: 'RuntimeDefault' });
    expect(pod.serviceAccountName).toBe(serviceAccount.metadata.name);
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.containers).toHaveLength(1);
    expect(container.image).toBe('ghcr.io/omnia-hooks/omnia:0.1.0');
    expect(container.args).toEqual(['hooks']);
    expect(container.securityContext).toMatchObject({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    });
    expect(container.resources.requests).toBeDefined();
    expect(container.resources.limits.memory).toBeDefined();
    expect(pod.topologySpreadConstraints.length).toBeGreaterThan(0);
    for (const c of pod.topologySpreadConstraints) expect(c.labelSelector.matchLabels).toEqual(deployment.spec.selector.matchLabels);
  });

  it('probes /healthz and /readyz on the port the server listens on', () => {
    const port = container.ports.find((p: any) => p.name === 'https');
    const env = Object.fromEntries(container.env.map((e: any) => [e.name, e.value]));
    expect(String(port.containerPort)).toBe(env.PORT);
    expect(container.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'https', scheme: 'HTTPS' });
    expect(container.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'https', scheme: 'HTTPS' });
  });

  it('selects its pods from the Deployment, Service and PDB alike', () => {
    const podLabels = deployment.spec.template.metadata.labels;
    for (const selector of [deployment.spec.selector.matchLabels, service.spec.selector, pdb.spec.selector.matchLabels]) {
      for (const [k, v] of Object.entries(selector as Record<string, string>)) expect(podLabels[k]).toBe(v);
    }
  });

  it('serves the webhooks over HTTPS on port 443 with the certificate cert-manager keeps in omnia-hooks-tls', () => {
    expect(`${service.metadata.name}.${service.metadata.namespace}`).toBe('omnia-hooks.omnia-system');
    expect(service.spec.ports).toEqual([{ name: 'https', port: 443, targetPort: 'https', protocol: 'TCP' }]);
    const controller = readDocs(join(MANIFESTS, 'controllers/agentruntime.yaml'))[0];
    expect(get(controller, 'spec', 'hooks', 'sync', 'webhook', 'service')).toMatchObject({ name: service.metadata.name, namespace: service.metadata.namespace, port: 443 });
    const env = Object.fromEntries(container.env.map((e: any) => [e.name, e.value]));
    const volume = deployment.spec.template.spec.volumes.find((v: any) => v.name === 'tls');
    const mount = container.volumeMounts.find((m: any) => m.name === 'tls');
    expect(env.HOOKS_TLS_CERT_FILE).toBe(`${mount.mountPath}/tls.crt`);
    expect(env.HOOKS_TLS_KEY_FILE).toBe(`${mount.mountPath}/tls.key`);
    const [, certificate] = readDocs(join(dir, 'certificate.yaml')) as any[];
    expect(volume.secret.secretName).toBe(certificate.spec.secretName);
    expect(certificate.spec.dnsNames).toContain('omnia-hooks.omnia-system');
    expect(certificate.spec.dnsNames).toContain('omnia-hooks.omnia-system.svc');
  });

  it('keeps one replica through voluntary disruptions', () => {
    expect(pdb.spec.minAvailable).toBe(1);
    expect(pdb.spec.minAvailable).toBeLessThan(deployment.spec.replicas);
  });
});
