// Which PromptPack version(s) the agent runs, from the PromptPack's status
// contract (docs/api.md): `active` for the stable track, `canary` while one runs,
// or the pinned version only.

import type { ObjectMap } from '../metacontroller.js';
import { findObject } from '../shared/objects.js';
import { dig, digNumber, digString } from '../shared/spec-reader.js';
import { T } from './constants.js';
import type { AgentSpec } from './spec.js';
import type { Problem } from './problems.js';

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

function readVersion(status: unknown, field: 'active' | 'canary'): PackVersion | undefined {
  const version = digString(status, field, 'version');
  const configMapName = digString(status, field, 'configMapName');
  if (!version || !configMapName) return undefined;
  return {
    version,
    configMapName,
    key: digString(status, field, 'key') || 'pack.json',
    contentHash: digString(status, field, 'contentHash') ?? '',
  };
}

export function resolvePack(spec: AgentSpec, related: ObjectMap, namespace: string): PackResult {
  const ref = spec.promptPackRef;
  const pending = (reason: string, message: string): PackResult => ({
    problem: { condition: 'PromptPackReady', reason, message, severity: 'pending' },
  });
  if (!ref.name) return { problem: { condition: 'PromptPackReady', reason: 'InvalidReference', message: 'spec.promptPackRef.name is required', severity: 'failed' } };
  const pack = findObject(related, T.promptPack, ref.name, namespace);
  if (!pack) return pending('NotFound', `PromptPack ${ref.name} not found in namespace ${namespace}`);
  const status = dig(pack, 'status');
  const active = readVersion(status, 'active');
  const canaryBase = readVersion(status, 'canary');
  const weight = digNumber(status, 'canary', 'weight');
  const canary = canaryBase ? { ...canaryBase, weight: clampWeight(weight ?? 0) } : undefined;

  if (ref.version !== undefined) {
    const pinned = [active, canaryBase].find((v) => v?.version === ref.version);
    if (!pinned) {
      const available = [active, canaryBase].filter((v): v is PackVersion => !!v).map((v) => v.version);
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
