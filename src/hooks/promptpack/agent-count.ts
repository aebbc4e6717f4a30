// How many agents run the pack, as its status reports it. Every status write of
// a PromptPack is an update of an object each of its agents relates to, and
// Metacontroller syncs every one of them on it; counting each new agent of a
// wave at once made a 200-agent wave write the pack's status ~80 times and
// sync every agent that often (bench/fleet.md). So a changed count is written
// at most once per interval, and the sync asks to be called again when the
// interval is over; a change from or to zero (the reason changes) is written
// at once. The versions agents run are never held back: they decide children.

/** Seconds a new count may wait before it is written. */
export const AGENT_COUNT_INTERVAL_SECONDS = 10;

export interface AgentCount {
  /** The count to report. */
  count: number;
  /** agentsCountedAt to report. */
  countedAt: string;
  /** Set when a newer count is held back: seconds until it may be written. */
  resyncAfterSeconds?: number;
}

export function reportedAgentCount(fresh: number, observed: { count?: unknown; countedAt?: unknown }, now: Date): AgentCount {
  const previous = typeof observed.count === 'number' ? observed.count : undefined;
  const at = typeof observed.countedAt === 'string' ? Date.parse(observed.countedAt) : NaN;
  if (previous === fresh && Number.isFinite(at)) return { count: fresh, countedAt: observed.countedAt as string };
  const waitMs = AGENT_COUNT_INTERVAL_SECONDS * 1000 - (now.getTime() - at);
  const hold = previous !== undefined && Number.isFinite(at) && waitMs > 0 && previous > 0 === fresh > 0;
  if (hold) return { count: previous, countedAt: observed.countedAt as string, resyncAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
  return { count: fresh, countedAt: now.toISOString() };
}
