// canonicalQuantity writes a quantity the way the API server stores it, so a
// child never differs from the live object by spelling alone.
import { describe, expect, it } from 'vitest';
import { canonicalQuantity, QUANTITY } from '../../src/shared/quantity.js';

// input → what kube-apiserver returns (resource.Quantity's canonical form).
const CASES: [number | string, string][] = [
  ['1000m', '1'],
  ['1500m', '1500m'],
  ['100m', '100m'],
  ['0.5', '500m'],
  ['.25', '250m'],
  ['5.', '5'],
  [' 500m ', '500m'],
  ['+2', '2'],
  [2, '2'],
  [0.5, '500m'],
  [1000, '1k'],
  ['2000', '2k'],
  ['1500', '1500'],
  ['2048', '2048'],
  ['100M', '100M'],
  ['1000M', '1G'],
  ['0', '0'],
  ['0Mi', '0'],
  ['0m', '0'],
  ['1e3', '1e3'],
  ['1E3', '1e3'],
  ['1.5e3', '1500'],
  ['12e6', '12e6'],
  ['1Gi', '1Gi'],
  ['1024Mi', '1Gi'],
  ['1536Mi', '1536Mi'],
  ['1.5Gi', '1536Mi'],
  ['0.5Gi', '512Mi'],
  ['1.5Ki', '1536'],
  ['0.5Ki', '512'],
  ['0.1Ki', '102400m'],
  ['5Ki', '5Ki'],
  ['1023Ki', '1023Ki'],
  ['0.0000000001', '1n'],
  ['1.0000000001', '1000000001n'],
];

describe('canonicalQuantity', () => {
  it.each(CASES)('%j → %s', (input, canonical) => {
    expect(canonicalQuantity(input)).toBe(canonical);
  });

  it('is idempotent: a canonical quantity stays as it is', () => {
    for (const [, canonical] of CASES) expect(canonicalQuantity(canonical)).toBe(canonical);
  });

  it('every canonical form is itself a quantity', () => {
    for (const [, canonical] of CASES) expect(QUANTITY.test(canonical)).toBe(true);
  });

  it('leaves what is not a quantity unchanged (the spec checks refuse it first)', () => {
    expect(canonicalQuantity('lots')).toBe('lots');
    expect(canonicalQuantity('1 Gi')).toBe('1 Gi');
    expect(canonicalQuantity(Number.NaN)).toBeNaN();
  });
});
