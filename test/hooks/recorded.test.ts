// Requests the real Metacontroller v4.17.2 sent to every hook on a real API
// server (recorded by `npm run test:cluster`, test/cluster/recorded.test.ts;
// Secret values scrubbed), run through the hooks: each is answered with only the
// fields Metacontroller's strict decoder accepts, and valid children. And the
// requests the unit tests simulate (every golden request.json) have the shape
// of the real ones: same top-level fields, same subject field, objects keyed
// the same way, `finalizing` of the same type, only child types the real
// controller lists, no metadata the real subject lacks.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allowedResponseFields, defaultRegistry } from '../../src/hooks/registry.js';
import type { HookKind, HookName } from '../../src/hooks/types.js';
import { requestShape } from '../support/hook-request-shape.js';
import { validateChild } from '../support/k8s-validate.js';
import { FIXTURES, loadCases } from './support/golden.js';

const RECORDED = join(FIXTURES, 'recorded');
const NOW = new Date('2026-12-03T01:00:00Z');

const samples = readdirSync(RECORDED)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((file) => {
    const [kind, hook] = file.replace(/\.json$/, '').split('-') as [HookKind, HookName];
    return { file, kind, hook, request: JSON.parse(readFileSync(join(RECORDED, file), 'utf8')) as unknown };
  });

describe('recorded real hook requests', () => {
  it('cover every hook of every kind', () => {
    const expected = Object.entries(defaultRegistry).flatMap(([kind, e]) => Object.keys(e.hooks).map((h) => `${kind}-${h}.json`));
    expect(samples.map((s) => s.file)).toEqual(expected.sort());
  });

  it.each(samples.map((s) => [s.file, s] as const))('%s: answered with fields Metacontroller accepts and valid children', (_f, s) => {
    const entry = defaultRegistry[s.kind];
    const hook = entry.hooks[s.hook];
    expect(hook).toBeDefined();
    const response = hook!(s.request, NOW) as Record<string, unknown>;
    expect(Object.keys(response).filter((k) => !allowedResponseFields(entry.controller, s.hook).includes(k))).toEqual([]);
    if (s.hook === 'customize') expect(Array.isArray(response.relatedResources)).toBe(true);
    else expect(response.status ?? response.finalized).toBeDefined();
    for (const child of (response.children ?? response.attachments ?? []) as Record<string, unknown>[]) validateChild(child as never);
  });

  it.each(samples.map((s) => [s.file, s] as const))('%s: the simulated requests of that hook have the real shape', (_f, s) => {
    const real = requestShape(s.request);
    const cases = loadCases(s.kind).filter((c) => c.hook === s.hook);
    expect(cases.length).toBeGreaterThan(0);
    for (const c of cases) {
      const sim = requestShape(c.request);
      const where = `${s.kind}/${c.name}`;
      expect(sim.fields, where).toEqual(real.fields);
      expect(sim.subject, where).toBe(real.subject);
      expect(sim.subjectFields, where).toEqual(real.subjectFields);
      expect(sim.finalizing, where).toBe(real.finalizing);
      expect(sim.subjectMetadata.filter((m) => !real.subjectMetadata.includes(m)), where).toEqual([]);
      expect(sim.childTypes.filter((t) => !real.childTypes.includes(t)), where).toEqual([]);
      for (const [map, format] of Object.entries(sim.keyFormat)) {
        if (format && real.keyFormat[map]) expect(format, `${where} ${map}`).toBe(real.keyFormat[map]);
      }
    }
  });
});
