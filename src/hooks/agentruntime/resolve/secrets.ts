// Secrets the pod mounts or reads through secretKeyRef besides the provider's:
// the session store URL, the facade's auth material, the agent network's token,
// and the Secrets the first-class env/envFrom of the facade and runtime containers name (unless
// marked optional). Secrets named inside spec.podSpec are the patch author's
// to provide: they are not checked. A missing Secret or key
// would leave pods stuck in CreateContainerConfigError, so it blocks the rollout.
// Only names and keys are inspected, never values.

import type { ObjectMap } from '../../metacontroller.js';
import { findObject } from '../../shared/objects.js';
import { isObject, type Json } from '../../../shared/json.js';
import { SECRET_FILES } from '../../../contract/paths.js';
import { T } from '../constants.js';
import type { Problem } from '../status/problems.js';
import { secretKeys } from './provider.js';
import type { AgentSpec } from '../spec.js';

export interface SecretNeed {
  name: string;
  /** Undefined: the whole Secret (envFrom). */
  key?: string;
  why: string;
}

export function secretNeeds(spec: AgentSpec): SecretNeed[] {
  const needs: SecretNeed[] = [];
  if (spec.session.type !== 'memory' && spec.session.storeRef) {
    needs.push({ name: spec.session.storeRef.name, key: SECRET_FILES.storeUrlKey, why: 'spec.session.storeRef' });
  }
  const auth = spec.facade.auth;
  if (auth.apiKeysSecretRef) needs.push({ name: auth.apiKeysSecretRef.name, key: SECRET_FILES.apiKeys, why: 'spec.facade.auth.apiKeysSecretRef' });
  const pk = auth.jwt?.publicKeySecretRef;
  if (pk) needs.push({ name: pk.name, key: pk.key ?? SECRET_FILES.jwtPublicKey, why: 'spec.facade.auth.jwt.publicKeySecretRef' });
  const peer = spec.agentNetwork.peerCredentialSecretRef;
  if (peer) needs.push({ name: peer.name, key: peer.key ?? SECRET_FILES.peerToken, why: 'spec.agentNetwork.peerCredentialSecretRef' });
  needs.push(...containerNeeds('spec.facade', spec.facade));
  // framework.* shapes the runtime container, which only the runtime handler runs.
  if (spec.facade.handler === 'runtime') needs.push(...containerNeeds('spec.framework', spec.framework));
  return needs;
}

function containerNeeds(path: string, c: { env?: Json[]; envFrom?: Json[] }): SecretNeed[] {
  const needs: SecretNeed[] = [];
  const named = (ref: unknown): ref is Json & { name: string } => isObject(ref) && typeof ref.name === 'string' && ref.name !== '' && ref.optional !== true;
  c.env?.forEach((e, i) => {
    const ref = isObject(e.valueFrom) ? e.valueFrom.secretKeyRef : undefined;
    if (named(ref) && typeof ref.key === 'string') needs.push({ name: ref.name, key: ref.key, why: `${path}.env[${i}]` });
  });
  c.envFrom?.forEach((e, i) => {
    if (named(e.secretRef)) needs.push({ name: e.secretRef.name, why: `${path}.envFrom[${i}]` });
  });
  return needs;
}

export function checkSecrets(spec: AgentSpec, related: ObjectMap, namespace: string): { problems: Problem[]; revisions: Record<string, string> } {
  const problems: Problem[] = [];
  const revisions: Record<string, string> = {};
  for (const need of secretNeeds(spec)) {
    const secret = findObject(related, T.secret, need.name, namespace);
    if (!secret) {
      problems.push({ condition: 'DeploymentReady', reason: 'SecretNotFound', message: `Secret ${need.name} (${need.why}) not found in namespace ${namespace}`, severity: 'pending' });
    } else if (need.key !== undefined && !secretKeys(secret).includes(need.key)) {
      problems.push({ condition: 'DeploymentReady', reason: 'SecretKeyMissing', message: `Secret ${need.name} (${need.why}) has no key ${need.key}`, severity: 'pending' });
    } else {
      revisions[need.name] = secret.metadata.resourceVersion ?? '';
    }
  }
  return { problems, revisions };
}
