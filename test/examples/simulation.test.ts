// Self-contained examples work, not just validate: run through the
// controllers' sync hooks on their own objects, each AgentRuntime finds its
// PromptPack, Provider and ToolRegistry ready and gets valid children
// (kubernetes-models validators), with autoscaling as asked.

import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/hooks/metacontroller.js';
import { validateChild } from '../support/k8s-validate.js';
import { exampleUnits } from './support/files.js';
import { isKustomizeConfig, parseFile } from './support/parse.js';
import { requirements } from './support/references.js';
import { simulate } from './support/simulate.js';

const NOW = new Date('2026-03-01T12:00:00Z');

const units = exampleUnits().map((u) => {
  const parsed = u.files.map(parseFile);
  return {
    name: u.name,
    objects: parsed.flatMap((p) => p.docs.map((d) => d.object)).filter((o) => !isKustomizeConfig(o)),
    external: parsed.flatMap((p) => requirements(p.header).found),
  };
});
// Examples that declare external objects cannot run on their own; the checker covers them.
const runnable = units.filter((u) => u.external.length === 0 && u.objects.some((o) => o.kind === 'AgentRuntime'));
const cases = runnable.flatMap((u) => simulate(u.objects, NOW).map((s) => [`${u.name} ${s.agent.metadata.name}`, s] as const));

type Condition = { type: string; status: string; reason?: string; message?: string };

describe('examples run through the hooks', () => {
  it('covers the self-contained agent examples', () => {
    expect(cases.length).toBeGreaterThanOrEqual(13);
  });

  it.each(cases)('%s: dependencies ready, valid children', (_name, { agent, response }) => {
    const conditions = (response.status.conditions ?? []) as Condition[];
    const byType = Object.fromEntries(conditions.map((c) => [c.type, c]));
    for (const type of ['PromptPackReady', 'ProviderReady', 'ToolRegistryReady']) {
      if (byType[type]) expect(byType[type], type).toMatchObject({ status: 'True' });
    }
    // A referenced registry has every tool available (its Services are part of the example).
    expect(byType.ToolRegistryReady?.reason, byType.ToolRegistryReady?.message).not.toBe('Degraded');
    expect(byType.PromptPackReady).toBeDefined();
    expect(byType.ProviderReady).toBeDefined();
    // Progressing and Degraded are True when something is under way or wrong: neither is, yet.
    expect(byType.Progressing).toMatchObject({ status: 'False' });
    expect(byType.Degraded).toMatchObject({ status: 'False' });
    // Only the pods themselves are missing: nothing but rollout conditions may be False.
    for (const c of conditions.filter((c) => c.status !== 'True' && c.type !== 'Progressing' && c.type !== 'Degraded')) {
      expect(['Ready', 'DeploymentReady', 'ServiceReady'], `${c.type}: ${c.message}`).toContain(c.type);
      expect(c.reason, `${c.type}: ${c.message}`).not.toMatch(/Invalid|Missing|NotFound|Failed/);
    }
    expect(response.status.phase).not.toBe('Failed');

    const kinds = response.children.map((c: KubeObject) => c.kind);
    expect(kinds).toEqual(expect.arrayContaining(['ConfigMap', 'Service', 'Deployment']));
    for (const child of response.children) validateChild(child);
    const autoscaling = (agent.spec as any).runtime?.autoscaling;
    if (autoscaling?.enabled) expect(kinds).toContain(autoscaling.type === 'keda' ? 'ScaledObject' : 'HorizontalPodAutoscaler');
    else expect(kinds).not.toEqual(expect.arrayContaining(['ScaledObject']));
  });
});
