// Kubernetes-style status conditions whose lastTransitionTime only moves when
// the condition's status actually changes, so a status recomputed on every sync
// stays byte-identical while nothing happens (no Metacontroller write loops).

export type ConditionStatus = 'True' | 'False' | 'Unknown';

export interface Condition {
  type: string;
  status: ConditionStatus;
  reason: string;
  message: string;
  lastTransitionTime: string;
}

export type DesiredCondition = Omit<Condition, 'lastTransitionTime'>;

/** Attach lastTransitionTime: the observed one when status is unchanged, else `now`. */
export function withTransitionTimes(
  desired: DesiredCondition[],
  observed: unknown,
  now: Date,
): Condition[] {
  const previous = new Map<string, Partial<Condition>>();
  if (Array.isArray(observed)) {
    for (const c of observed) {
      if (c && typeof c === 'object' && typeof (c as Condition).type === 'string') {
        previous.set((c as Condition).type, c as Partial<Condition>);
      }
    }
  }
  // Formatted only when a condition moves: on most syncs none does.
  let stamp: string | undefined;
  return desired.map((c) => {
    const old = previous.get(c.type);
    const keep = old && old.status === c.status && typeof old.lastTransitionTime === 'string';
    // Keys in sorted order: hook answers are canonical JSON (src/shared/canonical-json.ts).
    return {
      lastTransitionTime: keep ? (old.lastTransitionTime as string) : (stamp ??= formatTime(now)),
      message: c.message,
      reason: c.reason,
      status: c.status,
      type: c.type,
    };
  });
}

/** RFC 3339 with second precision, as the API server stores metav1.Time. */
export function formatTime(now: Date): string {
  const iso = now.toISOString();
  // YYYY-MM-DDTHH:mm:ss.sssZ for years 0–9999; extended years keep the general form.
  return iso.length === 24 ? `${iso.slice(0, 19)}Z` : iso.replace(/\.\d{3}Z$/, 'Z');
}
