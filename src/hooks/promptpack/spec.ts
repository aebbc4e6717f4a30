import { parseDuration } from '../../shared/duration.js';
import { isObject, type Json } from '../../shared/json.js';
import { SpecReader } from '../request/spec-reader.js';

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

export function parsePackSpec(raw: unknown): PackSpec {
  // Every field read through SpecReader: a wrong type is a problem with its path, never passed over.
  const r = new SpecReader();
  if (raw !== undefined && raw !== null && !isObject(raw)) r.fail('spec', 'expected object');
  const spec = isObject(raw) ? raw : undefined;
  const problems: string[] = [];
  const source = r.object(spec, 'source', 'spec');
  const sourceType = r.string(source, 'type', 'spec.source') || 'configmap';
  if (sourceType.toLowerCase() !== 'configmap') {
    problems.push(`source.type "${sourceType}" is not supported (only configmap)`);
  }
  const ref = r.object(source, 'configMapRef', 'spec.source');
  const configMapName = r.string(ref, 'name', 'spec.source.configMapRef') || undefined;
  if (!configMapName) problems.push('source.configMapRef.name is required');
  const key = r.string(ref, 'key', 'spec.source.configMapRef') || undefined;

  const rawVersion = spec?.version;
  const version = typeof rawVersion === 'number' ? String(rawVersion) : r.string(spec, 'version', 'spec') || undefined;
  if (!version) problems.push('version is required');
  else if (!SEMVER.test(version)) problems.push(`version "${version}" is not a semantic version (e.g. 1.2.0)`);

  const rollout = parseRollout(r, r.object(spec, 'rollout', 'spec'));
  return { configMapName, key, version, rollout, problems: [...problems, ...r.errors] };
}

function parseRollout(r: SpecReader, rollout: Json | undefined): RolloutSpec {
  const type = r.oneOf(rollout, 'type', 'spec.rollout', ['immediate', 'canary'] as const, 'immediate');
  const canary = r.object(rollout, 'canary', 'spec.rollout');
  // Out-of-range numbers are clamped rather than refused: the CRD schema
  // already bounds them, this only keeps the state machine well-defined.
  const weight = clamp(r.int(canary, 'weight', 'spec.rollout.canary') ?? DEFAULT_CANARY.weight, 0, 100);
  const stepWeight = clamp(r.int(canary, 'stepWeight', 'spec.rollout.canary') ?? DEFAULT_CANARY.stepWeight, 1, 100);
  const intervalText = r.string(canary, 'interval', 'spec.rollout.canary') || DEFAULT_CANARY.interval;
  let intervalMs = parseDuration(intervalText);
  if (intervalMs === undefined) {
    r.fail('spec.rollout.canary.interval', `"${intervalText}" is not a duration (e.g. 5m)`);
    intervalMs = parseDuration(DEFAULT_CANARY.interval) as number;
  }
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
