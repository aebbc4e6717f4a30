// A child as kube-apiserver v1.37 returns it after Metacontroller created it: the
// defaults the API server fills in (apps/v1, core/v1, autoscaling/v2 defaulting),
// the values it rewrites (quantities in canonical form; zero values of omitempty
// fields dropped), server-set metadata, and the last-applied annotation. Tests use
// it to check that a hook answer causes no write once it is live
// (test/hooks/agentruntime/no-churn.test.ts). Differences that only ADD fields
// inside objects never cause a write (the 3-way merge keeps them); what matters is
// rewritten scalars and defaults inside lists that are replaced whole.
// test/cluster/apiserver-view.test.ts holds this against the real API server.

import { canonicalQuantity } from '../../src/shared/quantity.js';
import { LAST_APPLIED, lastAppliedOf } from './metacontroller-apply.js';

type Obj = Record<string, any>;

export const PARENT_UID = '6c0e5a4e-0000-4000-8000-00000000a9e7';
const CLUSTER_IP = '10.96.0.10';

/** What Metacontroller sends to the API server for a desired child (generateSelector: true). */
export function asSent(desired: Obj, parentUid = PARENT_UID): Obj {
  const sent = structuredClone(desired);
  sent.metadata = { ...sent.metadata, labels: { ...(sent.metadata.labels ?? {}), 'controller-uid': parentUid } };
  return sent;
}

/** The live object after `sent` was created in `namespace` (annotation = what was sent). */
export function asLive(sent: Obj, namespace: string, parentUid = PARENT_UID): Obj {
  const live = structuredClone(sent);
  const kind = live.kind as string;
  live.metadata = {
    ...live.metadata,
    annotations: { ...(live.metadata.annotations ?? {}), [LAST_APPLIED]: lastAppliedOf(sent) },
    creationTimestamp: '2026-01-01T00:00:00Z',
    ...(kind === 'ConfigMap' || kind === 'Service' ? {} : { generation: 1 }),
    namespace,
    ownerReferences: [{ apiVersion: 'omnia.altairalabs.ai/v1alpha1', blockOwnerDeletion: true, controller: true, kind: 'AgentRuntime', name: 'parent', uid: parentUid }],
    resourceVersion: '1001',
    uid: `${parentUid.slice(0, 24)}${kind.length.toString(16).padStart(12, '0')}`,
  };
  return asStored(live);
}

/** What the API server stores for a create or an update of `obj`: defaults filled in, values in its spelling. */
export function asStored(obj: Obj): Obj {
  const stored = structuredClone(obj);
  if (stored.kind === 'Deployment') defaultDeployment(stored.spec);
  if (stored.kind === 'Service') defaultService(stored.spec);
  if (stored.kind === 'HorizontalPodAutoscaler') defaultHpa(stored.spec);
  return stored;
}

function defaultDeployment(spec: Obj): void {
  spec.replicas ??= 1;
  spec.revisionHistoryLimit ??= 10;
  spec.progressDeadlineSeconds ??= 600;
  spec.strategy ??= { type: 'RollingUpdate' };
  if (spec.strategy.type === 'RollingUpdate') spec.strategy.rollingUpdate = { maxSurge: '25%', maxUnavailable: '25%', ...spec.strategy.rollingUpdate };
  const pod = spec.template.spec;
  pod.dnsPolicy ??= 'ClusterFirst';
  pod.restartPolicy ??= 'Always';
  pod.schedulerName ??= 'default-scheduler';
  pod.securityContext ??= {};
  pod.terminationGracePeriodSeconds ??= 30;
  for (const c of [...(pod.initContainers ?? []), ...pod.containers]) defaultContainer(c);
  for (const v of pod.volumes ?? []) {
    if (v.configMap) v.configMap.defaultMode ??= 420;
    if (v.secret) v.secret.defaultMode ??= 420;
  }
  // Empty strings of omitempty fields are not stored.
  if (pod.tolerations) pod.tolerations = pod.tolerations.map((t: Obj) => Object.fromEntries(Object.entries(t).filter(([, v]) => v !== '')));
}

function defaultContainer(c: Obj): void {
  const image = String(c.image ?? '');
  const tag = image.includes('@') ? 'digest' : /:[^/]+$/.exec(image)?.[0].slice(1);
  c.imagePullPolicy ??= tag === undefined || tag === 'latest' ? 'Always' : 'IfNotPresent';
  c.terminationMessagePath ??= '/dev/termination-log';
  c.terminationMessagePolicy ??= 'File';
  for (const p of c.ports ?? []) p.protocol ??= 'TCP';
  for (const probe of [c.livenessProbe, c.readinessProbe, c.startupProbe]) {
    if (!probe) continue;
    probe.timeoutSeconds ??= 1;
    probe.periodSeconds ??= 10;
    probe.successThreshold ??= 1;
    probe.failureThreshold ??= 3;
    if (probe.httpGet) probe.httpGet.scheme ??= 'HTTP';
  }
  for (const e of c.env ?? []) {
    if (e.value === '') delete e.value;
    if (e.valueFrom?.fieldRef) e.valueFrom.fieldRef.apiVersion ??= 'v1';
  }
  for (const m of c.volumeMounts ?? []) if (m.readOnly === false) delete m.readOnly;
  for (const part of ['requests', 'limits']) {
    const q = c.resources?.[part];
    if (q) for (const k of Object.keys(q)) q[k] = canonicalQuantity(q[k]);
  }
}

function defaultService(spec: Obj): void {
  spec.type ??= 'ClusterIP';
  spec.sessionAffinity ??= 'None';
  spec.clusterIP ??= CLUSTER_IP;
  spec.clusterIPs ??= [spec.clusterIP];
  spec.ipFamilies ??= ['IPv4'];
  spec.ipFamilyPolicy ??= 'SingleStack';
  spec.internalTrafficPolicy ??= 'Cluster';
  for (const p of spec.ports ?? []) {
    p.protocol ??= 'TCP';
    p.targetPort ??= p.port;
  }
}

function defaultHpa(spec: Obj): void {
  spec.minReplicas ??= 1;
  if (!spec.behavior) return;
  spec.behavior.scaleUp = {
    policies: [
      { periodSeconds: 15, type: 'Pods', value: 4 },
      { periodSeconds: 15, type: 'Percent', value: 100 },
    ],
    selectPolicy: 'Max',
    stabilizationWindowSeconds: 0,
    ...spec.behavior.scaleUp,
  };
  spec.behavior.scaleDown = { policies: [{ periodSeconds: 15, type: 'Percent', value: 100 }], selectPolicy: 'Max', ...spec.behavior.scaleDown };
}
