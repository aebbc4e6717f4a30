// Which PromptPack version(s) the agent runs, from the PromptPack's status
// contract (docs/api.md): `active` for the stable track, `canary` while one runs,
// or the pinned version only (from active, canary or `versions[]`).

import { DEFAULT_PACK_FILE } from '../../../contract/paths.js';
import type { ObjectMap } from '../../metacontroller.js';
import { findObject } from '../../shared/objects.js';
import { dig, digNumber, digString } from '../../../shared/json.js';
import { DNS_SUBDOMAIN, fits } from '../../shared/names.js';
import { T } from '../constants.js';
import type { AgentSpec } from '../spec.js';
import type { Problem } from '../status/problems.js';

export interface PackVersion {
  version: string;
  configMapName: string;
  key: string;
  contentHash: string;
}

export interface PackPlan {
  /** What `<name>` runs. */
  stable: PackVersion;
  /** What `<name>-canary` runs, with its traffic weight (percent), while a canary is split off. */
  canary?: PackVersion & { weight: number };
  message: string;
}

export type PackResult = { plan: PackPlan } | { problem: Problem };

function toVersion(raw: unknown): PackVersion | undefined {
  const version = digString(raw, 'version');
  const configMapName = digString(raw, 'configMapName');
  // The pods mount the ConfigMap by this name: one the API server would refuse
  // would keep the Deployment from ever being created.
  if (!version || !configMapName || !fits(DNS_SUBDOMAIN, configMapName)) return undefined;
  return {
    version,
    configMapName,
    key: digString(raw, 'key') || DEFAULT_PACK_FILE,
    contentHash: digString(raw, 'contentHash') ?? '',
  };
}

function readVersion(status: unknown, field: 'active' | 'canary'): PackVersion | undefined {
  return toVersion(dig(status, field));
}

/** status.versions[]: every version ConfigMap the pack serves or retains (pinned ones included). */
function readVersions(status: unknown): PackVersion[] {
  const list = dig(status, 'versions');
  return Array.isArray(list) ? list.map(toVersion).filter((v): v is PackVersion => !!v) : [];
}

/** Pack versions compare without a leading "v", as the PromptPack controller compares them. */
function sameVersion(a: string, b: string): boolean {
  const bare = (v: string): string => (v.startsWith('v') ? v.slice(1) : v);
  return bare(a) === bare(b);
}

export function resolvePack(spec: AgentSpec, related: ObjectMap, namespace: string): PackResult {
  const ref = spec.promptPackRef;
  const pending = (reason: string, message: string): PackResult => ({
    problem: { condition: 'PromptPackReady', reason, message, severity: 'pending' },
  });
  if (!ref.name) return { problem: { condition: 'PromptPackReady', reason: 'InvalidReference', message: 'spec.promptPackRef.name is required', severity: 'failed' } };
  const pack = findObject(related, T.promptPack, ref.name, namespace);
  if (!pack) return pending('NotFound', `PromptPack ${ref.name} not found in namespace ${namespace}`);
  if (digString(pack, 'metadata', 'deletionTimestamp')) {
    // The pack keeps only the version ConfigMaps agents run (its finalize hook):
    // moving to any other version could mount one that is gone, so what runs stays.
    return pending(
      'PromptPackDeleting',
      `PromptPack ${ref.name} is being deleted: the pods keep the version they run (the pack keeps its ConfigMap while this agent runs it); point spec.promptPackRef at another PromptPack`,
    );
  }
  const status = dig(pack, 'status');
  const active = readVersion(status, 'active');
  const canaryBase = readVersion(status, 'canary');
  const weight = digNumber(status, 'canary', 'weight');
  const canary = canaryBase ? { ...canaryBase, weight: clampWeight(weight ?? 0) } : undefined;
  // A canary the pack reports but that cannot be read is no sign the canary
  // ended: wait (keeping a running canary Deployment) instead of dropping it.
  const rawCanary = dig(status, 'canary');
  if (rawCanary !== undefined && rawCanary !== null && !canaryBase) {
    return pending('NotReady', `PromptPack ${ref.name} reports a canary this agent cannot read (status.canary needs version and configMapName)`);
  }

  if (ref.version !== undefined) {
    // Looked up in active, then canary, then the retained versions: the first two
    // are authoritative for content while they serve; versions[] adds the ones
    // kept alive only because an AgentRuntime pins them.
    const candidates = [active, canaryBase, ...readVersions(status)].filter((v): v is PackVersion => !!v);
    const pinnedVersion = ref.version;
    const pinned = candidates.find((v) => sameVersion(v.version, pinnedVersion));
    if (!pinned) {
      const available = [...new Set(candidates.map((v) => v.version))];
      return pending(
        'VersionNotAvailable',
        `PromptPack ${ref.name} does not serve pinned version ${ref.version} (available: ${available.join(', ') || 'none'})`,
      );
    }
    return { plan: { stable: pinned, message: `PromptPack ${ref.name} version ${pinned.version} (pinned)` } };
  }
  if (ref.track === 'canary' && canary) {
    return { plan: { stable: canaryBase!, message: `PromptPack ${ref.name} version ${canary.version} (canary track)` } };
  }
  if (!active) {
    const phase = digString(status, 'phase') ?? 'Pending';
    return pending('NotReady', `PromptPack ${ref.name} has no active version yet (phase ${phase})`);
  }
  if (canary && ref.track === 'stable') {
    return {
      plan: {
        stable: active,
        canary,
        message: `PromptPack ${ref.name} version ${active.version}, canary ${canary.version} at ${canary.weight}%`,
      },
    };
  }
  return { plan: { stable: active, message: `PromptPack ${ref.name} version ${active.version}` } };
}

function clampWeight(w: number): number {
  return Math.min(100, Math.max(0, Math.round(w)));
}
