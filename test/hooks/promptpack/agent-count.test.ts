// The pack's agent count is written at most once per interval (issue 19): each
// status write of a pack syncs every agent using it, and a wave of new agents
// changed the count with almost every one of them.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hooks as packHooks } from '../../../src/hooks/promptpack/index.js';
import { AGENT_COUNT_INTERVAL_SECONDS, reportedAgentCount } from '../../../src/hooks/promptpack/agent-count.js';
import type { CompositeSyncResponse, KubeObject } from '../../../src/hooks/metacontroller.js';
import { FIXTURES } from '../support/golden.js';

type Obj = Record<string, any>;
const T0 = new Date('2026-01-01T00:02:00Z');
const at = (seconds: number): Date => new Date(T0.getTime() + seconds * 1000);
const sync = (request: Obj, now: Date): CompositeSyncResponse => (packHooks.sync as (r: unknown, n: Date) => CompositeSyncResponse)(request, now);

/** The canary-waiting case (two agents) with `n` agents' Services, and the status a previous sync wrote. */
function withAgents(n: number, status?: Obj): Obj {
  const request = JSON.parse(readFileSync(`${FIXTURES}/promptpack/canary-waiting/request.json`, 'utf8'));
  const services = request.related['Service.v1'] as Record<string, KubeObject>;
  const template = services['agents/support-bot']!;
  request.related['Service.v1'] = {};
  for (let i = 0; i < n; i++) {
    const s = structuredClone(template);
    s.metadata.name = `bot-${i}`;
    s.metadata.labels = { ...s.metadata.labels, 'app.kubernetes.io/instance': `bot-${i}` };
    request.related['Service.v1'][`agents/bot-${i}`] = s;
  }
  if (status) request.parent.status = status;
  return request;
}

const agentsCondition = (r: CompositeSyncResponse): Obj => (r.status.conditions as Obj[]).find((c) => c.type === 'AgentsNotified')!;

describe('the agent count in a PromptPack status', () => {
  it('is written at once the first time, with the time it was counted', () => {
    const r = sync(withAgents(2), T0);
    expect(r.status.referencingAgents).toBe(2);
    expect(r.status.agentsCountedAt).toBe(T0.toISOString());
  });

  it('holds a change back within the interval and asks to be synced when it is over', () => {
    const first = sync(withAgents(2), T0);
    const r = sync(withAgents(5, first.status), at(3));
    expect(r.status.referencingAgents).toBe(2);
    expect(agentsCondition(r).message).toMatch(/^2 AgentRuntimes /);
    expect(r.status.agentsCountedAt).toBe(T0.toISOString());
    // The status is the one already written: this sync writes nothing.
    expect(r.status).toEqual(first.status);
    expect(r.resyncAfterSeconds).toBeLessThanOrEqual(AGENT_COUNT_INTERVAL_SECONDS - 3);
    // The canary's own resync (its step interval) is not delayed by it.
    expect(r.resyncAfterSeconds).toBeGreaterThanOrEqual(1);
  });

  it('writes the newest count once the interval is over', () => {
    const first = sync(withAgents(2), T0);
    const r = sync(withAgents(5, first.status), at(AGENT_COUNT_INTERVAL_SECONDS));
    expect(r.status.referencingAgents).toBe(5);
    expect(r.status.agentsCountedAt).toBe(at(AGENT_COUNT_INTERVAL_SECONDS).toISOString());
  });

  it('writes a change to or from zero at once (the reason changes)', () => {
    const none = sync(withAgents(0), T0);
    expect(agentsCondition(none).reason).toBe('NoReferencingAgents');
    const some = sync(withAgents(1, none.status), at(1));
    expect(some.status.referencingAgents).toBe(1);
    expect(agentsCondition(some).reason).toBe('AgentsReferencing');
    const gone = sync(withAgents(0, some.status), at(2));
    expect(gone.status.referencingAgents).toBe(0);
  });

  it('keeps its time while the count does not change', () => {
    const first = sync(withAgents(2), T0);
    const r = sync(withAgents(2, first.status), at(600));
    expect(r.status.referencingAgents).toBe(2);
    expect(r.status.agentsCountedAt).toBe(T0.toISOString());
  });

  it('as a rule: at most one count change per interval, the last count written once it is over, never a stale zero or non-zero', () => {
    // A wave: one more agent every 200 ms for 30 s, then quiet.
    let written: { count?: unknown; countedAt?: unknown } = {};
    const writes: number[] = [];
    for (let ms = 0; ms <= 60_000; ms += 200) {
      const fresh = Math.min(150, Math.floor(ms / 200));
      const r = reportedAgentCount(fresh, written, new Date(T0.getTime() + ms));
      if (r.count !== written.count) writes.push(ms);
      expect(r.count > 0).toBe(fresh > 0);
      written = { count: r.count, countedAt: r.countedAt };
    }
    expect(written.count).toBe(150);
    for (let i = 2; i < writes.length; i++) expect(writes[i]! - writes[i - 1]!).toBeGreaterThanOrEqual(AGENT_COUNT_INTERVAL_SECONDS * 1000);
    expect(writes.length).toBeLessThanOrEqual(2 + Math.ceil(30 / AGENT_COUNT_INTERVAL_SECONDS));
  });
});
