import { API_KEY_ENVS, VENDORS, type ProviderType } from '../../contract/vendors.js';
import { digObject } from '../../shared/json.js';
import type { KubeObject } from '../metacontroller.js';

// Which Secret key a provider type reads its API key from, and whether the
// Secret holds it. Only key NAMES and value LENGTHS are looked at: a value is
// never copied, compared or returned.

/** The keys that satisfy this provider: the explicit key, else the vendor's variable (any of them for auto). */
export function acceptedKeys(type: Exclude<ProviderType, 'mock'>, explicitKey: string | undefined): string[] {
  if (explicitKey) return [explicitKey];
  if (type === 'auto') return [...API_KEY_ENVS];
  return [VENDORS[type].apiKeyEnv];
}

export type KeyCheck =
  | { present: true; key: string }
  | { present: false; emptyKeys: string[] };

/** The first accepted key that is present with a non-empty value. */
export function findCredentialKey(secret: KubeObject, accepted: string[]): KeyCheck {
  const data = digObject(secret.data) ?? {};
  const stringData = digObject(secret.stringData) ?? {};
  const emptyKeys: string[] = [];
  for (const key of accepted) {
    const value = key in data ? data[key] : stringData[key];
    if (value === undefined) continue;
    if (typeof value === 'string' && value.length > 0) return { present: true, key };
    emptyKeys.push(key);
  }
  return { present: false, emptyKeys };
}
