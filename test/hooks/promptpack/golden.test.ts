import { expect } from 'vitest';
import { validateChild } from '../../support/k8s-validate.js';
import { hooks } from '../../../src/hooks/promptpack/index.js';
import { describeHookGoldens } from '../support/golden.js';

describeHookGoldens('promptpack', hooks, {
  shape: 'composite',
  statusDefinition: 'PromptPackStatus',
  minSyncCases: 10,
  checkChild(child) {
    // kubernetes-models schema, metadata.name present, no ownerReferences (throws otherwise).
    validateChild(child as Parameters<typeof validateChild>[0]);
    expect(child).toMatchObject({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { namespace: 'agents' } });
  },
});
