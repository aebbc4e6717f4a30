// The AgentRuntime sync answer is canonical as built: every object's keys in
// sorted order, user-given objects sorted where they enter a child. The
// answer, agent.json and tools.json are marked builtSorted
// (src/shared/canonical-json.ts) and serialised without re-sorting, so this
// test is what keeps their bytes canonical.

import { describe, expect, it } from 'vitest';
import { sync } from '../../../src/hooks/agentruntime/sync.js';
import { canonicalJson, sortKeys } from '../../../src/shared/canonical-json.js';
import { readJson } from '../support/golden.js';
import { fixture, syncCases, NOW, reversed } from './fixtures.js';


/** Paths of objects whose keys are not in sorted order. */
function unsortedPaths(value: unknown, path = '$'): string[] {
  if (value === null || typeof value !== 'object') return [];
  if (Array.isArray(value)) return value.flatMap((v, i) => unsortedPaths(v, `${path}[${i}]`));
  const keys = Object.keys(value);
  const own = keys.some((k, i) => i > 0 && (keys[i - 1] as string) > k) ? [`${path} {${keys.join(', ')}}`] : [];
  return [...own, ...keys.flatMap((k) => unsortedPaths((value as Record<string, unknown>)[k], `${path}.${k}`))];
}

describe('agentruntime sync answers are sorted as built', () => {
  for (const name of syncCases()) {
    it(`${name}: every object is in key order, also when every input map arrives reversed`, () => {
      for (const request of [readJson(fixture(name, 'request.json')), reversed(readJson(fixture(name, 'request.json')))]) {
        const response = sync(request, NOW);
        expect(unsortedPaths(response)).toEqual([]);
        // Serialised as built, it is the canonical JSON of the same data arriving unmarked.
        const data = JSON.parse(JSON.stringify(response)) as unknown;
        expect(canonicalJson(response)).toBe(canonicalJson(data));
        // agent.json, tools.json, function.json: pretty canonical JSON inside the ConfigMap.
        for (const child of (response as { children: { kind: string; data?: Record<string, string> }[] }).children) {
          for (const text of Object.values(child.kind === 'ConfigMap' ? (child.data ?? {}) : {})) {
            expect(unsortedPaths(JSON.parse(text))).toEqual([]);
          }
        }
      }
    });
  }

  it('the check can fail: an unsorted object is found and sorted by a copy', () => {
    const response = { children: [{ kind: 'ConfigMap', apiVersion: 'v1' }], status: {} };
    expect(unsortedPaths(response)).toEqual(['$.children[0] {kind, apiVersion}']);
    expect(sortKeys(response)).not.toBe(response);
  });
});
