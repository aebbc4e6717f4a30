import { describe, expect, it } from 'vitest';
import { hooks } from '../../../src/hooks/provider/index.js';
import type { DecoratorSyncResponse } from '../../../src/hooks/metacontroller.js';
import { loadCases, runCase, statusSchemaErrors, unknownResponseFields } from '../promptpack/golden-cases.js';

const cases = loadCases('provider');

describe('provider hooks: golden files', () => {
  it('has cases for both hooks', () => {
    expect(cases.filter((c) => c.hook === 'sync').length).toBeGreaterThanOrEqual(4);
    expect(cases.some((c) => c.hook === 'customize')).toBe(true);
  });

  for (const c of cases) {
    it(`${c.hook} ${c.name}`, () => {
      const actual = runCase(hooks, c);
      expect(actual).toEqual(c.expected);
      expect(JSON.stringify(runCase(hooks, c))).toBe(JSON.stringify(actual));
      if (c.hook === 'customize') {
        expect(unknownResponseFields(actual, 'customize')).toEqual([]);
        return;
      }
      const response = actual as DecoratorSyncResponse;
      expect(unknownResponseFields(response, 'decorator')).toEqual([]);
      // A decorator's status must fit the CRD's status schema or the API server prunes it.
      expect(statusSchemaErrors('provider.schema.json', 'ProviderStatus', response.status)).toEqual([]);
    });
  }
});
