import { DEFAULT_PACK_FILE } from '../../contract/paths.js';
import { DNS_SUBDOMAIN, fitName, fits, LABEL_VALUE } from '../shared/names.js';
import { bareVersion } from './spec.js';

// Names and labels of the per-version ConfigMaps the PromptPack owns.

export const MANAGED_BY = 'omnia-hooks';
export const VERSION_ANNOTATION = 'omnia.altairalabs.ai/promptpack-version';
export const HASH_ANNOTATION = 'omnia.altairalabs.ai/content-hash';
export const PACK_LABEL = 'omnia.altairalabs.ai/promptpack';
/** The key under which every version ConfigMap holds its pack: the file the runtime mounts (pod contract). */
export const CHILD_KEY = DEFAULT_PACK_FILE;

/**
 * `<pack>-v<version with dots as dashes>`, e.g. `support-v1-2-0`. Anything a
 * DNS subdomain cannot hold (`+build`, upper case) also becomes a dash, and
 * trailing dashes go (a SemVer pre-release may end in '-' or '.'; a name must
 * end alphanumeric). A pack name too long to take the suffix within 253
 * characters is shortened as every child name is (../shared/names.ts).
 */
export function versionConfigMapName(pack: string, version: string): string {
  const v = bareVersion(version).toLowerCase().replace(/[^a-z0-9-]/g, '-').replace(/-+$/, '');
  return fitName(DNS_SUBDOMAIN, pack, `-v${v}`);
}

/** Over a ConfigMap name's 253 characters (sync.ts's guard; versionConfigMapName never gives such a name). */
export function nameTooLong(name: string): boolean {
  return name.length > DNS_SUBDOMAIN.max;
}

/** Label values are limited to 63 characters of a restricted alphabet; longer names are left out. */
export function isLabelValue(value: string): boolean {
  return fits(LABEL_VALUE, value);
}
