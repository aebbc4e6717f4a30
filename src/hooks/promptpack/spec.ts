import { parseDuration } from '../../shared/duration.js';
import { dig, digNonEmptyString, digNumber, digObject } from '../../shared/json.js';

// PromptPack spec with the documented defaults applied (docs/api.md). Problems
// that make the spec unusable are collected rather than thrown: an invalid
// spec is an honest status, never a hook error.

export const DEFAULT_KEY = 'pack.json';
export const DEFAULT_CANARY = { weight: 10, stepWeight: 10, interval: '5m' } as const;

// Semantic Versioning 2.0.0, optionally with a leading "v" as the PromptPack
// spec itself allows for a pack's version.
const SEMVER =
  /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

export interface RolloutSpec {
  type: 'immediate' | 'canary';
  weight: number;
  stepWeight: number;
  intervalSeconds: number;
}

export interface PackSpec {
  configMapName?: string;
  /** The key the user asked for; undefined means "pack.json, else the only key". */
  key?: string;
  version?: string;
  rollout: RolloutSpec;
  /** Reasons the spec cannot be acted on; empty when it can. */
  problems: string[];
}

export function parsePackSpec(spec: unknown): PackSpec {
  const problems: string[] = [];
  const sourceType = digNonEmptyString(spec, 'source', 'type') ?? 'configmap';
  if (sourceType.toLowerCase() !== 'configmap') {
    problems.push(`source.type "${sourceType}" is not supported (only configmap)`);
  }
  const configMapName = digNonEmptyString(spec, 'source', 'configMapRef', 'name');
  if (!configMapName) problems.push('source.configMapRef.name is required');
  const key = digNonEmptyString(spec, 'source', 'configMapRef', 'key');

  const rawVersion = dig(spec, 'version');
  const version = typeof rawVersion === 'number' ? String(rawVersion) : digNonEmptyString(rawVersion);
  if (!version) problems.push('version is required');
  else if (!SEMVER.test(version)) problems.push(`version "${version}" is not a semantic version (e.g. 1.2.0)`);

  // An unknown type is refused, not read as immediate: a typo ("Canary") must
  // not promote a version at once that was meant to canary.
  const type = dig(spec, 'rollout', 'type');
  if (type !== undefined && type !== 'immediate' && type !== 'canary') {
    problems.push(`rollout.type ${JSON.stringify(type)} is not supported (immediate or canary)`);
  }

  return { configMapName, key, version, rollout: parseRollout(dig(spec, 'rollout')), problems };
}

function parseRollout(raw: unknown): RolloutSpec {
  const rollout = digObject(raw);
  const type = rollout?.type === 'canary' ? 'canary' : 'immediate';
  const canary = digObject(rollout, 'canary');
  // Out-of-range numbers are clamped rather than refused: the CRD schema
  // already bounds them, this only keeps the state machine well-defined.
  const weight = clamp(digNumber(canary, 'weight') ?? DEFAULT_CANARY.weight, 0, 100);
  const stepWeight = clamp(digNumber(canary, 'stepWeight') ?? DEFAULT_CANARY.stepWeight, 1, 100);
  const intervalText = digNonEmptyString(canary, 'interval') ?? DEFAULT_CANARY.interval;
  const intervalMs = parseDuration(intervalText) ?? (parseDuration(DEFAULT_CANARY.interval) as number);
  return { type, weight, stepWeight, intervalSeconds: Math.max(1, Math.round(intervalMs / 1000)) };
}

function clamp(n: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, Math.round(n)));
}

/** Versions compare without a leading "v": "v1.2.0" and "1.2.0" are the same pack version. */
export function sameVersion(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && bareVersion(a) === bareVersion(b);
}

export function bareVersion(v: string): string {
  return v.startsWith('v') ? v.slice(1) : v;
}
