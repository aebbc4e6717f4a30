import { formatTime } from '../shared/conditions.js';
import type { ObservedRollout, Served } from './observed.js';
import type { RolloutSpec } from './spec.js';
import { sameVersion } from './spec.js';

// The rollout state machine, as one pure function of (spec, validated
// candidate, what is serving now, clock). Rules:
// - The first valid version becomes active at once (nothing to canary against).
// - rollout.type immediate: a valid new version replaces the active one.
// - rollout.type canary: a valid new version starts at `weight`, grows by
//   `stepWeight` once per `interval` measured from the lastStepTime this hook
//   wrote (one step per sync, so a late resync never skips observation time),
//   and is promoted when the weight reaches 100.
// - A published version is immutable: content changed without a version bump
//   is refused upstream (source.ts checkPublished) and arrives here as no candidate.
// - An invalid candidate is never served: the active version keeps serving. A
//   running canary is frozen (same weight, same clock, re-served from its own
//   ConfigMap) rather than withdrawn: canary agents mount that ConfigMap, and a
//   source that is briefly unreadable must not cost the canary its progress.
// - Setting spec.version back to the active version rolls a canary back.

export interface CanaryServed extends Served {
  weight: number;
}

export type RolloutEvent =
  | 'first-version' // nothing served before; the candidate went live
  | 'serving' // spec.version is the active version, with its published content
  | 'switched' // immediate rollout to a new version
  | 'canary-started'
  | 'canary-step' // weight grew this sync
  | 'canary-waiting' // running, next step not due yet
  | 'promoted' // canary reached 100 and became active
  | 'rolled-back' // spec.version went back to the active version during a canary
  | 'refused' // candidate invalid; active keeps serving
  | 'canary-frozen' // candidate unreadable mid-canary; the canary holds its weight
  | 'nothing-to-serve'; // candidate invalid and nothing active

export interface RolloutDecision {
  active?: Served;
  canary?: CanaryServed;
  canaryStartedAt?: string;
  lastStepTime?: string;
  resyncAfterSeconds?: number;
  event: RolloutEvent;
}

export interface RolloutInput {
  rollout: RolloutSpec;
  /** spec.version as valid content, or undefined when the candidate failed validation. */
  candidate?: Served;
  candidateVersion?: string;
  /** The active version recovered from its observed ConfigMap. */
  activeServed?: Served;
  /** The running canary recovered from its observed ConfigMap (kept while the candidate is unreadable). */
  canaryServed?: Served;
  observed: ObservedRollout;
  now: Date;
}

export function decideRollout(input: RolloutInput): RolloutDecision {
  const { rollout, candidate, activeServed: active, observed, now } = input;

  if (!active) {
    return candidate ? { active: candidate, event: 'first-version' } : { event: 'nothing-to-serve' };
  }
  if (sameVersion(input.candidateVersion, active.version)) {
    // Same version as the one serving: a candidate here has the published bytes
    // (sync refuses changed content for a published version), otherwise the
    // serving bytes are kept. Any canary is abandoned.
    const event = observed.canary && !sameVersion(observed.canary.version, active.version) ? 'rolled-back' : 'serving';
    return { active: candidate ?? active, event: candidate ? event : 'refused' };
  }
  if (!candidate) {
    const frozen = input.canaryServed;
    if (!frozen || !observed.canary) return { active, event: 'refused' };
    return {
      active,
      canary: { ...frozen, weight: Math.min(100, Math.max(0, observed.canary.weight)) },
      canaryStartedAt: observed.canaryStartedAt,
      lastStepTime: observed.lastStepTime,
      event: 'canary-frozen',
    };
  }
  if (rollout.type === 'immediate') return { active: candidate, event: 'switched' };

  const intervalMs = rollout.intervalSeconds * 1000;
  const running = observed.canary && sameVersion(observed.canary.version, candidate.version) ? observed.canary : undefined;
  if (!running) {
    if (rollout.weight >= 100) return { active: candidate, event: 'promoted' };
    const stamp = formatTime(now);
    return {
      active,
      canary: { ...candidate, weight: rollout.weight },
      canaryStartedAt: stamp,
      lastStepTime: stamp,
      resyncAfterSeconds: rollout.intervalSeconds,
      event: 'canary-started',
    };
  }

  const lastStepMs = parseTime(observed.lastStepTime) ?? now.getTime();
  const elapsedMs = now.getTime() - lastStepMs;
  if (elapsedMs >= intervalMs) {
    const weight = Math.min(100, running.weight + rollout.stepWeight);
    if (weight >= 100) return { active: candidate, event: 'promoted' };
    return {
      active,
      canary: { ...candidate, weight },
      canaryStartedAt: observed.canaryStartedAt ?? formatTime(now),
      lastStepTime: formatTime(now),
      resyncAfterSeconds: rollout.intervalSeconds,
      event: 'canary-step',
    };
  }
  // Not due yet: ask to be called back when it is. A lastStepTime in the
  // future (clock skew) waits at most one interval.
  const remainingMs = Math.min(intervalMs, intervalMs - elapsedMs);
  return {
    active,
    canary: { ...candidate, weight: Math.min(100, Math.max(0, running.weight)) },
    canaryStartedAt: observed.canaryStartedAt ?? observed.lastStepTime ?? formatTime(now),
    lastStepTime: observed.lastStepTime ?? formatTime(now),
    resyncAfterSeconds: Math.max(1, Math.ceil(remainingMs / 1000)),
    event: 'canary-waiting',
  };
}

function parseTime(text: string | undefined): number | undefined {
  if (!text) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}
