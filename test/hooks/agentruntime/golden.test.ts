// Golden input → output tests of the AgentRuntime hooks, on the harness every
// kind shares (test/hooks/support/golden.ts): every fixture's response.json
// must match byte for byte, and every emitted child must be a valid
// Kubernetes object.

import { describe, expect, it } from 'vitest';
import { hooks } from '../../../src/hooks/agentruntime/index.js';
import { validateChild } from '../../support/k8s-validate.js';
import { describeHookGoldens, loadCases, readJson } from '../support/golden.js';
import { agentRuntimeErrors, prunedFields, statusErrors } from './crd-schema.js';
import { fixture } from './fixtures.js';

// Fixtures whose parent deliberately breaks the CRD schema (the hook must still answer honestly).
const INVALID_PARENTS = new Set(['invalid-spec', 'custom-framework-no-image', 'function-invalid-schema']);

describe('agentruntime golden fixtures', () => {
  it('has the fixture set, with a finalize case', () => {
    const all = loadCases('agentruntime');
    expect(all.length).toBeGreaterThanOrEqual(20);
    expect(all.some((c) => c.hook === 'finalize')).toBe(true);
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
});

describeHookGoldens('agentruntime', hooks, {
  shape: 'composite',
  statusDefinition: 'AgentRuntimeStatus',
  minSyncCases: 15,
  checkChild: (child) => validateChild(child as Parameters<typeof validateChild>[0]),
  checkCase(c, answer) {
    if (!INVALID_PARENTS.has(c.name)) expect(agentRuntimeErrors((c.request as { parent: unknown }).parent)).toEqual([]);
    const status = (answer as { status?: unknown }).status;
    if (status !== undefined) expect(prunedFields(status)).toEqual([]);
  },
});
