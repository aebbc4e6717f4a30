import { describe, expect, it } from 'vitest';
import { compareVersions } from '../../../src/hooks/promptpack/semver.js';

describe('compareVersions (status.versions[] order)', () => {
  it('orders by SemVer 2.0.0 precedence, not by text', () => {
    const shuffled = ['10.0.0', '2.0.0', '1.10.0', '1.2.0', '1.0.0', '1.0.0-rc.1', '1.0.0-alpha', '1.0.0-alpha.10', '1.0.0-alpha.2', '1.0.0-alpha.beta'];
    expect([...shuffled].sort(compareVersions)).toEqual([
      '1.0.0-alpha',
      '1.0.0-alpha.2',
      '1.0.0-alpha.10',
      '1.0.0-alpha.beta',
      '1.0.0-rc.1',
      '1.0.0',
      '1.2.0',
      '1.10.0',
      '2.0.0',
      '10.0.0',
    ]);
  });

  it('compares numbers beyond double precision exactly', () => {
    expect(compareVersions('1.0.9007199254740993', '1.0.9007199254740992')).toBe(1);
  });

  it('is total: versions equal in precedence are ordered by text, so the order never depends on input order', () => {
    expect(compareVersions('1.0.0+build.2', '1.0.0+build.1')).toBe(1);
    expect(compareVersions('v1.0.0', '1.0.0')).toBe(1);
    expect(compareVersions('1.0.0', '1.0.0')).toBe(0);
    const a = ['1.0.0+b', 'v1.0.0', '1.0.0+a', '1.0.0'];
    expect([...a].sort(compareVersions)).toEqual([...a].reverse().sort(compareVersions));
  });

  it('puts text that is not a version after every version', () => {
    expect(['latest', '2.0.0', 'abc', '1.0.0'].sort(compareVersions)).toEqual(['1.0.0', '2.0.0', 'abc', 'latest']);
  });
});
