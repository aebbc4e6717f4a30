// The provider the runtime container talks to: providerRef (a Provider, maybe in
// another namespace when it allows ours) wins over providers[] (entry `default`,
// else the first) which wins over the inline provider. Only names and
// resourceVersions of Secrets are read here, never their values.

import { API_KEY_ENVS, MODEL_ALIASES, VENDORS, vendorOfModel } from '../../../contract/vendors.js';
import type { KubeObject, ObjectMap } from '../../metacontroller.js';
import { findObject } from '../../shared/objects.js';
import { dig, digString, isObject } from '../../../shared/json.js';
import { SpecReader } from '../../request/spec-reader.js';
import { T } from '../constants.js';
import type { Problem } from '../status/problems.js';
import type { AgentSpec, InlineProvider, ObjectRef } from '../spec.js';
import { readInlineProvider } from '../spec.js';

export interface ProviderPlan {
  settings: InlineProvider;
  /** The ONE API-key env: its name, and the Secret key it reads. */
  apiKey?: { env: string; secretName: string; secretKey: string };
  /** Changes when the credential changes (Provider status.credentialRevision or the inline Secret's resourceVersion). */
  credentialRevision: string;
  /** A cross-namespace Provider's credential as the pods read it: the copy in the agent's namespace. */
  credentialCopy?: { name: string; revision: string };
  message: string;
}

/**
 * The label that relates a cross-namespace Provider's credential copy. The
 * pods read the copy by the Provider's secretRef.name, which customize cannot
 * know (it sees only the AgentRuntime), so customize relates the labelled
 * Secrets of the agent's namespace and sync picks the copy among them by name.
 */
export const CREDENTIAL_COPY_LABEL = 'omnia.altairalabs.ai/provider-credential';

export type ProviderResult = { plan: ProviderPlan } | { problem: Problem };

function problem(reason: string, message: string, severity: Problem['severity'] = 'pending'): ProviderResult {
  return { problem: { condition: 'ProviderReady', reason, message, severity } };
}

export function resolveProvider(spec: AgentSpec, related: ObjectMap, namespace: string): ProviderResult {
  if (spec.providerRef) return fromReference(spec.providerRef, related, namespace, 'providerRef');
  if (spec.providers.length > 0) {
    const primary = spec.providers.find((p) => p.name === 'default') ?? spec.providers[0]!;
    const label = `providers[${primary.name}]`;
    if (primary.providerRef) return fromReference(primary.providerRef, related, namespace, label);
    if (primary.provider) return fromInline(primary.provider, related, namespace, label);
  }
  if (spec.provider) return fromInline(spec.provider, related, namespace, 'provider');
  return problem(
    'NotConfigured',
    'facade handler runtime needs a provider: set spec.providerRef, spec.providers or spec.provider',
    'failed',
  );
}

function fromReference(ref: ObjectRef, related: ObjectMap, namespace: string, label: string): ProviderResult {
  const ns = ref.namespace ?? namespace;
  const obj = findObject(related, T.provider, ref.name, ns);
  if (!obj) return problem('NotFound', `Provider ${ns}/${ref.name} (${label}) not found`);
  const spec = dig(obj, 'spec');
  if (ns !== namespace) {
    const allowed = dig(spec, 'allowedNamespaces');
    const ok = Array.isArray(allowed) && (allowed.includes(namespace) || allowed.includes('*'));
    if (!ok) {
      return problem(
        'NamespaceNotAllowed',
        `Provider ${ns}/${ref.name} does not allow namespace ${namespace} (its spec.allowedNamespaces must list "${namespace}" or "*")`,
        'failed',
      );
    }
  }
  const r = new SpecReader();
  const settings = readProviderSpec(r, spec, `Provider ${ns}/${ref.name} spec`);
  if (r.errors.length > 0) return problem('InvalidProvider', r.errors.join('; '), 'failed');
  const phase = digString(obj, 'status', 'phase');
  if (phase === 'Error') {
    return problem('ProviderError', `Provider ${ns}/${ref.name} is in phase Error: ${firstFalseMessage(obj) ?? 'no detail'}`);
  }
  if (phase !== 'Ready') return problem('ProviderNotReady', `Provider ${ns}/${ref.name} is not Ready yet (phase ${phase ?? 'unknown'})`);
  const allow = checkModel(settings, 'spec.models');
  if (allow) return problem('ModelNotAllowed', `Provider ${ns}/${ref.name}: ${allow}`, 'failed');
  const apiKey = apiKeyFor(settings, undefined);
  if (apiKey && 'problem' in apiKey) return problem('CredentialKeyUnknown', apiKey.problem, 'failed');
  let credentialCopy: ProviderPlan['credentialCopy'];
  if (ns !== namespace && apiKey) {
    // Secrets cannot be referenced across namespaces: the pods read a copy here.
    const copy = findObject(related, T.secret, apiKey.secretName, namespace);
    const what = `Secret ${apiKey.secretName} in namespace ${namespace} (the copy of Provider ${ns}/${ref.name}'s credential the pods read)`;
    if (!copy) {
      return problem(
        'CredentialSecretMissing',
        `${what} not found: create it with key ${apiKey.secretKey} and the label ${CREDENTIAL_COPY_LABEL}=true`,
      );
    }
    if (!secretKeys(copy).includes(apiKey.secretKey)) return problem('CredentialKeyMissing', `${what} has no key ${apiKey.secretKey}`);
    credentialCopy = { name: apiKey.secretName, revision: copy.metadata.resourceVersion ?? '' };
  }
  const crossNote = credentialCopy
    ? `; its API key is read from Secret ${credentialCopy.name} in namespace ${namespace} (Secrets cannot be referenced across namespaces)`
    : '';
  return {
    plan: {
      settings,
      apiKey,
      credentialRevision: digString(obj, 'status', 'credentialRevision') ?? '',
      ...(credentialCopy ? { credentialCopy } : {}),
      message: `Provider ${ns}/${ref.name} (${settings.type}${settings.model ? ` ${settings.model}` : ''}) is Ready${crossNote}`,
    },
  };
}

function fromInline(p: InlineProvider, related: ObjectMap, namespace: string, label: string): ProviderResult {
  // The same allow-list rule as a Provider's, over the inline provider's own list.
  const allow = checkModel(p, label === 'provider' ? 'spec.provider.models' : `spec.${label}.provider.models`);
  if (allow) return problem('ModelNotAllowed', `inline ${label}: ${allow}`, 'failed');
  if (p.type === 'mock') {
    return { plan: { settings: p, credentialRevision: '', message: `inline ${label} (mock, no credentials)` } };
  }
  if (!p.secretRef) return problem('SecretRefMissing', `${label}: type ${p.type} needs secretRef`, 'failed');
  const secret = findObject(related, T.secret, p.secretRef.name, namespace);
  if (!secret) return problem('SecretNotFound', `Secret ${p.secretRef.name} (${label}.secretRef) not found in namespace ${namespace}`);
  const apiKey = apiKeyFor(p, secretKeys(secret));
  if (apiKey && 'problem' in apiKey) return problem('CredentialKeyUnknown', apiKey.problem, 'failed');
  if (apiKey && !secretKeys(secret).includes(apiKey.secretKey)) {
    return problem('CredentialKeyMissing', `Secret ${p.secretRef.name} has no key ${apiKey.secretKey} (${label}.secretRef)`);
  }
  return {
    plan: {
      settings: p,
      apiKey,
      credentialRevision: secret.metadata.resourceVersion ?? '',
      message: `inline ${label} (${p.type}${p.model ? ` ${p.model}` : ''}) with Secret ${p.secretRef.name}`,
    },
  };
}

/** Keys (never values) of a Secret. */
export function secretKeys(secret: KubeObject): string[] {
  const data = isObject(secret.data) ? Object.keys(secret.data) : [];
  const stringData = isObject(secret.stringData) ? Object.keys(secret.stringData) : [];
  return [...new Set([...data, ...stringData])].sort();
}

/**
 * The env name the runtime reads its key from: named for the vendor. For `auto`
 * the vendor comes from secretRef.key when it is one of the vendors' names, else
 * from the model name, else from the Secret when it holds exactly one of them.
 */
function apiKeyFor(
  p: InlineProvider,
  keysInSecret: string[] | undefined,
): { env: string; secretName: string; secretKey: string } | { problem: string } | undefined {
  if (p.type === 'mock' || !p.secretRef) return undefined;
  let env: string | undefined;
  if (p.type !== 'auto') env = VENDORS[p.type].apiKeyEnv;
  else if (p.secretRef.key && API_KEY_ENVS.includes(p.secretRef.key)) env = p.secretRef.key;
  else env = envOfModel(p.model) ?? singleKeyName(keysInSecret);
  if (!env) {
    return {
      problem: `provider type auto: cannot tell which vendor's API key Secret ${p.secretRef.name} holds; set secretRef.key to one of ${API_KEY_ENVS.join(', ')}`,
    };
  }
  return { env, secretName: p.secretRef.name, secretKey: p.secretRef.key ?? env };
}

function envOfModel(model: string | undefined): string | undefined {
  const vendor = vendorOfModel(model);
  return vendor && VENDORS[vendor].apiKeyEnv;
}

function singleKeyName(keys: string[] | undefined): string | undefined {
  const found = (keys ?? []).filter((k) => API_KEY_ENVS.includes(k));
  return found.length === 1 ? found[0] : undefined;
}

/**
 * KAOS-style allow-list: `*`, `vendor/*`, or an exact name. A model written
 * without a vendor prefix also matches as `<vendor>/<model>` for the provider's
 * vendor names. Returns a message when the model is not allowed.
 */
export function checkModel(p: InlineProvider, where: string): string | undefined {
  const patterns = p.models ?? [];
  if (patterns.length === 0 || !p.model) return undefined;
  const candidates = p.model.includes('/') ? [p.model] : [p.model, ...MODEL_ALIASES[p.type].map((v) => `${v}/${p.model}`)];
  const ok = patterns.some((pat) =>
    pat === '*'
      ? true
      : pat.endsWith('/*')
        ? candidates.some((c) => c.startsWith(pat.slice(0, -1)))
        : candidates.includes(pat),
  );
  return ok ? undefined : `model ${p.model} is not in the allow-list (${where}: ${patterns.join(', ')})`;
}

// A Provider object's spec has the inline provider's fields, models included
// (plus allowedNamespaces, read where it is used): one reader for both.
function readProviderSpec(r: SpecReader, spec: unknown, path: string): InlineProvider {
  return readInlineProvider(r, isObject(spec) ? spec : {}, path) as InlineProvider;
}

function firstFalseMessage(obj: KubeObject): string | undefined {
  const conditions = dig(obj, 'status', 'conditions');
  if (!Array.isArray(conditions)) return undefined;
  const bad = conditions.find((c) => isObject(c) && c.status === 'False' && typeof c.message === 'string');
  return bad ? `${String((bad as Record<string, unknown>).type)}: ${String((bad as Record<string, unknown>).message)}` : undefined;
}
