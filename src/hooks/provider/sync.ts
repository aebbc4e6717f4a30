import { dig, digNonEmptyString, isObject } from '../../shared/json.js';
import { readInlineProvider, type InlineProvider } from '../agentruntime/spec.js';
import { SpecReader } from '../request/spec-reader.js';
import type { DecoratorSyncResponse, KubeObject } from '../metacontroller.js';
import { withTransitionTimes, type DesiredCondition } from '../shared/conditions.js';
import { findObject } from '../shared/objects.js';
import { readRequest } from '../request/envelope.js';
import type { ProviderStatus } from '../../types/generated/provider.js';
import { PROVIDER_TYPES, type ProviderType } from '../../contract/vendors.js';
import { acceptedKeys, findCredentialKey } from './credential.js';

export const SECRET_TYPE = 'Secret.v1';

interface ProviderSpecView {
  /** Undefined when spec.type is missing or unknown (then `errors` says which). */
  type?: ProviderType;
  secretName?: string;
  secretKey?: string;
  /** Every wrong-typed or missing field, with its path: the status reports them (phase Error). */
  errors: string[];
}

/**
 * The Provider spec read as the AgentRuntime hook reads a provider (the same
 * reader, agentruntime/spec.ts), plus the fields only a Provider has.
 */
export function readProviderSpec(raw: unknown): ProviderSpecView {
  const r = new SpecReader();
  if (raw !== undefined && raw !== null && !isObject(raw)) r.fail('spec', 'expected object');
  const spec = isObject(raw) ? raw : {};
  const p = readInlineProvider(r, spec, 'spec') as InlineProvider;
  r.strings(spec, 'models', 'spec');
  r.strings(spec, 'allowedNamespaces', 'spec');
  return {
    type: PROVIDER_TYPES.find((t) => t === spec.type),
    secretName: p.secretRef?.name,
    secretKey: p.secretRef?.key,
    errors: r.errors,
  };
}

/**
 * Sync: report whether the credential an agent would mount exists. The
 * Secret's resourceVersion becomes credentialRevision so agents roll on
 * rotation; its values are never read beyond "is this key non-empty".
 */
export function syncProvider(request: unknown, now: Date): DecoratorSyncResponse {
  const { subject: provider, namespace, related } = readRequest(request, 'decorator', 'sync', 'Provider');
  const spec = readProviderSpec(provider.spec);
  const secret = spec.secretName ? findObject(related, SECRET_TYPE, spec.secretName, namespace) : undefined;

  const { conditions, revision } = evaluate(spec, secret);
  const ready = conditions.every((c) => c.status === 'True');
  const failing = conditions.find((c) => c.status !== 'True');
  conditions.push(
    ready
      ? { type: 'Ready', status: 'True', reason: 'CredentialAvailable', message: readyMessage(spec) }
      : { type: 'Ready', status: 'False', reason: failing?.reason ?? 'NotReady', message: failing?.message ?? '' },
  );
  const status: ProviderStatus = {
    phase: ready ? 'Ready' : 'Error',
    conditions: withTransitionTimes(conditions, dig(provider.status, 'conditions'), now),
  };
  if (revision !== undefined) status.credentialRevision = revision;
  return { status: { ...status } };
}

function readyMessage(spec: ProviderSpecView): string {
  return spec.type === 'mock' ? 'mock provider: no credential needed' : `${spec.type} provider credential is present`;
}

function evaluate(
  spec: ProviderSpecView,
  secret: KubeObject | undefined,
): { conditions: DesiredCondition[]; revision?: string } {
  if (spec.errors.length > 0 || !spec.type) {
    const message = `invalid spec: ${spec.errors.join('; ')}`;
    return {
      conditions: [
        { type: 'SecretFound', status: 'Unknown', reason: 'InvalidSpec', message },
        { type: 'CredentialValid', status: 'False', reason: 'InvalidSpec', message },
      ],
    };
  }
  if (spec.type === 'mock') {
    const message = 'type mock needs no credential';
    return {
      conditions: [
        { type: 'SecretFound', status: 'True', reason: 'NotRequired', message },
        { type: 'CredentialValid', status: 'True', reason: 'NotRequired', message },
      ],
    };
  }
  const accepted = acceptedKeys(spec.type, spec.secretKey);
  if (!spec.secretName) {
    const message = `type ${spec.type} needs secretRef.name (a Secret with ${accepted.join(' or ')})`;
    return {
      conditions: [
        { type: 'SecretFound', status: 'False', reason: 'SecretRefMissing', message },
        { type: 'CredentialValid', status: 'False', reason: 'SecretRefMissing', message },
      ],
    };
  }
  if (!secret) {
    return {
      conditions: [
        { type: 'SecretFound', status: 'False', reason: 'SecretNotFound', message: `Secret "${spec.secretName}" not found` },
        {
          type: 'CredentialValid',
          status: 'False',
          reason: 'SecretNotFound',
          message: `cannot check key ${accepted.join(' or ')}: Secret "${spec.secretName}" not found`,
        },
      ],
    };
  }
  const revision = digNonEmptyString(secret.metadata.resourceVersion);
  const found: DesiredCondition = { type: 'SecretFound', status: 'True', reason: 'Found', message: `Secret "${spec.secretName}" found` };
  const check = findCredentialKey(secret, accepted);
  if (check.present) {
    return {
      conditions: [found, { type: 'CredentialValid', status: 'True', reason: 'KeyPresent', message: `key ${check.key} is present` }],
      revision,
    };
  }
  const message =
    check.emptyKeys.length > 0
      ? `key ${check.emptyKeys.join(', ')} of Secret "${spec.secretName}" is empty`
      : `Secret "${spec.secretName}" has no key ${accepted.join(' or ')}`;
  return {
    conditions: [found, { type: 'CredentialValid', status: 'False', reason: check.emptyKeys.length ? 'KeyEmpty' : 'KeyMissing', message }],
    revision,
  };
}
