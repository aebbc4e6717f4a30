// Secrets the pod mounts or reads through secretKeyRef besides the provider's:
// the session store URL and the facade's auth material. A missing Secret or key
// would leave pods stuck in CreateContainerConfigError, so it blocks the rollout.
// Only names and keys are inspected, never values.

import type { ObjectMap } from '../../metacontroller.js';
import { findObject } from '../../shared/objects.js';
import { SECRET_FILES } from '../../../contract/paths.js';
import { T } from '../constants.js';
import type { Problem } from '../status/problems.js';
import { secretKeys } from './provider.js';
import type { AgentSpec } from '../spec.js';

export interface SecretNeed {
  name: string;
  key: string;
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
  return needs;
}

export function checkSecrets(spec: AgentSpec, related: ObjectMap, namespace: string): { problems: Problem[]; revisions: Record<string, string> } {
  const problems: Problem[] = [];
  const revisions: Record<string, string> = {};
  for (const need of secretNeeds(spec)) {
    const secret = findObject(related, T.secret, need.name, namespace);
    if (!secret) {
      problems.push({ condition: 'DeploymentReady', reason: 'SecretNotFound', message: `Secret ${need.name} (${need.why}) not found in namespace ${namespace}`, severity: 'pending' });
    } else if (!secretKeys(secret).includes(need.key)) {
      problems.push({ condition: 'DeploymentReady', reason: 'SecretKeyMissing', message: `Secret ${need.name} (${need.why}) has no key ${need.key}`, severity: 'pending' });
    } else {
      revisions[need.name] = secret.metadata.resourceVersion ?? '';
    }
  }
  return { problems, revisions };
}
