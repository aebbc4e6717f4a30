import { DEFAULT_PACK_FILE } from '../../contract/paths.js';
import { bareVersion } from './spec.js';

// Names and labels of the per-version ConfigMaps the PromptPack owns.

export const MANAGED_BY = 'omnia-hooks';
export const VERSION_ANNOTATION = 'omnia.altairalabs.ai/promptpack-version';
export const HASH_ANNOTATION = 'omnia.altairalabs.ai/content-hash';
export const PACK_LABEL = 'omnia.altairalabs.ai/promptpack';
/** The key under which every version ConfigMap holds its pack: the file the runtime mounts (pod contract). */
export const CHILD_KEY = DEFAULT_PACK_FILE;

const MAX_NAME = 253;

/**
 * `<pack>-v<version with dots as dashes>`, e.g. `support-v1-2-0`. Anything a
 * DNS subdomain cannot hold (`+build`, upper case) also becomes a dash.
 */
export function versionConfigMapName(pack: string, version: string): string {
  const v = bareVersion(version).toLowerCase().replace(/[^a-z0-9-]/g, '-');
  return `${pack}-v${v}`;
}

export function nameTooLong(name: string): boolean {
  return name.length > MAX_NAME;
}

/** Label values are limited to 63 characters of a restricted alphabet; longer names are left out. */
export function isLabelValue(value: string): boolean {
  return /^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$/.test(value);
}
