import { DEFAULT_PACK_FILE } from '../../contract/paths.js';
import { DNS_SUBDOMAIN, fitName, fits, LABEL_VALUE } from '../shared/names.js';
import { bareVersion } from './spec.js';

// Names and labels of the per-version ConfigMaps the PromptPack owns.

export const MANAGED_BY = 'omnia-hooks';
export const VERSION_ANNOTATION = 'omnia.altairalabs.ai/promptpack-version';
export const HASH_ANNOTATION = 'omnia.altairalabs.ai/content-hash';
export const PACK_LABEL = 'omnia.altairalabs.ai/promptpack';
/**
 * On an agent's Service (with PACK_LABEL): the versions its Deployments run,
 * sorted and comma-separated. The pack relates the Services (~1 KB each), not
 * the Deployments (~11 KB), to count its agents and keep these versions.
 */
export const VERSIONS_ANNOTATION = 'omnia.altairalabs.ai/promptpack-versions';
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

/** Label values are limited to 63 characters of a restricted alphabet. */
export function isLabelValue(value: string): boolean {
  return fits(LABEL_VALUE, value);
}

/**
 * The PACK_LABEL value for a pack: its name when that is a valid label value,
 * else shortened as every derived name is (a prefix and a hash of the name,
 * ../shared/names.ts). The PromptPack's version ConfigMaps and the
 * AgentRuntime's Service both carry it, and PromptPack customize selects the
 * Services of its agents by it, so both sides must call this function.
 */
export function packLabelValue(packName: string): string {
  return fitName(LABEL_VALUE, packName);
}
