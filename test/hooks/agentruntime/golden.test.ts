// Golden input → output tests of the AgentRuntime hooks: every fixture's
// response.json must match byte for byte (UPDATE_GOLDEN=1 rewrites them), and
// every emitted child must be a valid Kubernetes object.

import { describe, expect, it } from 'vitest';
import { expectGolden, readJson } from '../../support/golden.js';
import { validateChild } from '../../support/k8s-validate.js';
import { agentRuntimeErrors, prunedFields, statusErrors } from './crd-schema.js';
import { cases, fixture, hookFor, NOW } from './fixtures.js';

// Fixtures whose parent deliberately breaks the CRD schema (the hook must still answer honestly).
const INVALID_PARENTS = new Set(['invalid-spec', 'custom-framework-no-image', 'function-invalid-schema']);

describe('agentruntime golden fixtures', () => {
  const all = cases();

  it('has the fixture set', () => {
    expect(all.length).toBeGreaterThanOrEqual(20);
  });

  it('the schema oracles reject what they should', () => {
    const bad = readJson(fixture('invalid-spec', 'request.json')) as { parent: unknown };
    expect(agentRuntimeErrors(bad.parent).join()).toContain('/spec/runtime/replicas');
    expect(prunedFields({ phase: 'Running', canaryVersion: '1.1.0', replicas: { desired: 1, wanted: 2 } })).toEqual([
      'status.canaryVersion',
      'status.replicas.wanted',
    ]);
    expect(statusErrors({ phase: 'Green' })).not.toEqual([]);
  });

  for (const name of all) {
    it(name, () => {
      const request = readJson(fixture(name, 'request.json')) as { parent: unknown };
      const response = hookFor(name)(request, NOW) as { children?: unknown[]; status?: unknown };
      expectGolden(fixture(name, 'response.json'), response);
      for (const child of response.children ?? []) validateChild(child);
      if (!INVALID_PARENTS.has(name)) expect(agentRuntimeErrors(request.parent)).toEqual([]);
      if (response.status !== undefined) {
        expect(statusErrors(response.status)).toEqual([]);
        expect(prunedFields(response.status)).toEqual([]);
      }
    });
  }
});
