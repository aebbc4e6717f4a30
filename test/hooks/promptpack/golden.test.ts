import { describe, expect, it } from 'vitest';
import { validateChild } from '../../support/k8s-validate.js';
import { hooks } from '../../../src/hooks/promptpack/index.js';
import type { CompositeSyncResponse } from '../../../src/hooks/metacontroller.js';
import { loadCases, runCase, statusSchemaErrors, unknownResponseFields } from '../support/golden-cases.js';

const cases = loadCases('promptpack');

describe('promptpack hooks: golden files', () => {
  it('has cases for both hooks', () => {
    expect(cases.filter((c) => c.hook === 'sync').length).toBeGreaterThanOrEqual(10);
    expect(cases.some((c) => c.hook === 'customize')).toBe(true);
  });

  for (const c of cases) {
    it(`${c.hook} ${c.name}`, () => {
      const actual = runCase(hooks, c);
      expect(actual).toEqual(c.expected);
      // Same request and clock → byte-identical answer.
      expect(JSON.stringify(runCase(hooks, c))).toBe(JSON.stringify(actual));
      if (c.hook === 'customize') {
        expect(unknownResponseFields(actual, 'customize')).toEqual([]);
        return;
      }
      const response = actual as CompositeSyncResponse;
      expect(unknownResponseFields(response, 'composite')).toEqual([]);
      expect(statusSchemaErrors('promptpack.schema.json', 'PromptPackStatus', response.status)).toEqual([]);
      for (const child of response.children) {
        // kubernetes-models schema, metadata.name present, no ownerReferences (throws otherwise).
        validateChild(child);
        expect(child).toMatchObject({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { namespace: 'agents' } });
      }
    });
  }
});
