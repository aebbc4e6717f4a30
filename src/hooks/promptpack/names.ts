import { DEFAULT_PACK_FILE } from '../../contract/paths.js';
import { sha256 } from '../../shared/sha256.js';
import { bareVersion } from './spec.js';

// Names and labels of the per-version ConfigMaps the PromptPack owns.

export const MANAGED_BY = 'omnia-hooks';
export const VERSION_ANNOTATION = 'omnia.altairalabs.ai/promptpack-version';
export const HASH_ANNOTATION = 'omnia.altairalabs.ai/content-hash';
export const PACK_LABEL = 'omnia.altairalabs.ai/promptpack';
// The rollout is written on the version ConfigMaps too, so a PromptPack whose
// status is lost (restored from a backup without it) still knows which version
// serves and how far a canary got, instead of promoting spec.version at once.
export const ROLLOUT_ANNOTATIONS = {
  /** active | canary, on the ConfigMap of that version (absent on retained ones). */
  role: 'omnia.altairalabs.ai/promptpack-role',
  /** The canary's status.canary.weight, canaryStartedAt and lastStepTime. */
  weight: 'omnia.altairalabs.ai/canary-weight',
  startedAt: 'omnia.altairalabs.ai/canary-started-at',
  lastStepTime: 'omnia.altairalabs.ai/canary-last-step-time',
} as const;
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

/** Label values are limited to 63 characters of a restricted alphabet. */
export function isLabelValue(value: string): boolean {
  return /^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$/.test(value);
}

const LABEL_PREFIX = 52;
const LABEL_HASH = 10;

/**
 * The PACK_LABEL value for a pack: its name when that is a valid label value,
 * else the first 52 characters, a dash and 10 hex digits of its sha256 (63 in
 * all, still unique in practice). The PromptPack's version ConfigMaps and the
 * AgentRuntime's Deployments both carry it, and PromptPack customize selects
 * the Deployments of its agents by it, so both sides must call this function.
 */
export function packLabelValue(packName: string): string {
  if (isLabelValue(packName)) return packName;
  return `${packName.slice(0, LABEL_PREFIX)}-${sha256(packName, 'hex').slice(0, LABEL_HASH)}`;
}
