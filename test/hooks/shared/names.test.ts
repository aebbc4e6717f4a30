// fitName: a name that fits is kept byte for byte; any other becomes a
// deterministic, valid `<prefix>-<hash><suffix>`, checked against the tests'
// own oracle (test/support/k8s-names.ts), not against the regexes it uses.

import { describe, expect, it } from 'vitest';
import { DNS_1035_LABEL, DNS_LABEL, DNS_SUBDOMAIN, fitName, LABEL_VALUE, type NameRule } from '../../../src/hooks/shared/names.js';
import { dns1035Label, dns1123Label, dns1123Subdomain, labelValue } from '../../support/k8s-names.js';

const rules: [string, NameRule, (v: string) => string | undefined][] = [
  ['subdomain', DNS_SUBDOMAIN, dns1123Subdomain],
  ['DNS-1123 label', DNS_LABEL, dns1123Label],
  ['DNS-1035 label', DNS_1035_LABEL, dns1035Label],
  ['label value', LABEL_VALUE, labelValue],
];

const x = (n: number, c = 'a'): string => c.repeat(n);
// Legal AgentRuntime names (DNS-1123 subdomains) and some the API server would refuse.
const names = [
  'a', 'demo', 'my.agent', '1agent', '0', x(62), x(63), x(64), x(253), `${x(60)}.b`, `${x(61)}-b`, `a.${x(250)}`,
  `${x(55)}.${x(30)}`, '9.9.9', `${x(56)}-------b`, 'UPPER', 'a_b', '-', '', '...', 'ä',
];

describe('fitName', () => {
  for (const [rule, r, oracle] of rules) {
    it(`${rule}: keeps a fitting name, makes every other valid`, () => {
      for (const name of names) {
        for (const suffix of ['', '-config', '-canary']) {
          const out = fitName(r, name, suffix);
          if (oracle(name + suffix) === undefined && name !== '') expect(out).toBe(name + suffix);
          expect(oracle(out), `${rule} ${JSON.stringify(name)}+${suffix} → ${out}`).toBeUndefined();
          expect(out.endsWith(suffix)).toBe(true);
        }
      }
    });
  }

  it('is deterministic and tells apart long names sharing their prefix', () => {
    const a = `${x(70)}-one`;
    const b = `${x(70)}-two`;
    expect(fitName(DNS_LABEL, a)).toBe(fitName(DNS_LABEL, a));
    expect(fitName(DNS_LABEL, a)).not.toBe(fitName(DNS_LABEL, b));
    expect(fitName(DNS_1035_LABEL, 'my.agent')).toMatch(/^my-agent-[0-9a-f]{8}$/);
    // The dotted name and its dashed look-alike stay apart.
    expect(fitName(DNS_1035_LABEL, 'my.agent')).not.toBe(fitName(DNS_1035_LABEL, 'my-agent'));
    expect(fitName(DNS_1035_LABEL, '1agent')).toMatch(/^a1agent-[0-9a-f]{8}$/);
  });

  it('shares one hash between a parent\'s children', () => {
    const long = x(100);
    const hash = fitName(DNS_LABEL, long).slice(-8);
    expect(fitName(DNS_LABEL, long, '-canary')).toBe(`${x(63 - 7 - 9)}-${hash}-canary`);
    expect(fitName(DNS_SUBDOMAIN, x(253), '-config')).toMatch(new RegExp(`^a{${253 - 7 - 9}}-[0-9a-f]{8}-config$`));
  });

  it('hashes a suffix too long to leave room with the base', () => {
    const out = fitName(DNS_LABEL, 'pack', `-v${x(70, '1')}`);
    expect(dns1123Label(out)).toBeUndefined();
    expect(out).not.toBe(fitName(DNS_LABEL, 'pack', `-v${x(71, '1')}`));
  });
});
