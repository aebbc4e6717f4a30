// The name-rule oracle against names Kubernetes is known to accept and refuse
// (the cases of apimachinery's validation tests), and validateChild using it.

import { describe, expect, it } from 'vitest';
import { dns1035Label, dns1123Label, dns1123Subdomain, labelKey, labelValue } from './k8s-names.js';
import { validateChild } from './k8s-validate.js';

const x = (n: number, c = 'a'): string => c.repeat(n);

const table: [string, (v: string) => string | undefined, string[], string[]][] = [
  ['DNS-1123 label', dns1123Label, ['a', '0', 'a-b', '1-2', 'abc-123', x(63)], ['', 'A', '-a', 'a-', 'a.b', 'a_b', 'ä', x(64)]],
  [
    'DNS-1123 subdomain',
    dns1123Subdomain,
    ['a', 'my.agent', '0.a-b.c', `${x(100)}.${x(100)}`, x(253), 'a.0'],
    ['', 'a.', '.a', 'a..b', 'a.-b', 'a-.b', 'A.b', 'a_b', x(254)],
  ],
  ['DNS-1035 label', dns1035Label, ['a', 'a0', 'a-b', x(63)], ['', '0a', '1', '-a', 'a-', 'a.b', 'Ab', x(64)]],
  ['label value', labelValue, ['', 'a', 'A', '0', 'a.b', 'a_b', 'a-b', 'My.Agent_1', x(63)], ['-a', 'a-', '.a', 'a.', '_a', 'a b', 'a/b', x(64)]],
  [
    'label key',
    labelKey,
    ['a', 'app.kubernetes.io/instance', 'omnia.altairalabs.ai/track', 'A_b.c', `${x(253)}/${x(63)}`],
    ['', '/a', 'a/', 'A.b/c', 'a/b/c', x(64), `${x(254)}/a`, 'a/-b'],
  ],
];

describe('Kubernetes name rules (test oracle)', () => {
  for (const [rule, check, good, bad] of table) {
    it(`${rule}: accepts the valid and refuses the invalid`, () => {
      for (const v of good) expect(check(v), `${rule} ${v}`).toBeUndefined();
      for (const v of bad) expect(check(v), `${rule} ${JSON.stringify(v)}`).toBeTypeOf('string');
    });
  }
});

describe('validateChild checks names, labels and selectors', () => {
  const labels = { 'app.kubernetes.io/instance': 'my.agent' };
  const service = (name: string, selector: Record<string, string> = labels) => ({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { labels, name },
    spec: { ports: [{ port: 80 }], selector },
  });
  const deployment = (name: string, match: Record<string, string>, podLabels: Record<string, string>) => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      selector: { matchLabels: match },
      template: { metadata: { labels: podLabels }, spec: { containers: [{ image: 'i', name: 'c' }], volumes: [{ configMap: { name: 'my.agent-config' }, name: 'v' }] } },
    },
  });

  it('accepts valid children', () => {
    expect(() => validateChild(service('my-agent'))).not.toThrow();
    expect(() => validateChild(deployment('my-agent', labels, { ...labels, x: 'y' }))).not.toThrow();
    expect(() => validateChild({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `${x(240)}.config` } })).not.toThrow();
  });

  it('refuses a Service named with a dot, a digit first or over 63 characters', () => {
    expect(() => validateChild(service('my.agent'))).toThrow(/metadata.name.*DNS-1035/);
    expect(() => validateChild(service('1agent'))).toThrow(/DNS-1035/);
    expect(() => validateChild(service(x(64)))).toThrow(/more than 63/);
  });

  it('refuses a label value or selector value over 63 characters', () => {
    expect(() => validateChild({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { labels: { a: x(64) }, name: 'c' } })).toThrow(/metadata.labels/);
    expect(() => validateChild(service('s', { a: x(64) }))).toThrow(/spec.selector/);
    expect(() => validateChild(deployment('d', { a: x(64) }, { a: x(64) }))).toThrow(/matchLabels/);
  });

  it('refuses a Deployment named beyond a DNS label', () => {
    expect(() => validateChild(deployment('my.agent', labels, labels))).toThrow(/DNS-1123 label/);
    expect(() => validateChild(deployment(x(64), labels, labels))).toThrow(/more than 63/);
  });

  it('refuses a ConfigMap name over 253 characters', () => {
    expect(() => validateChild({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: x(254) } })).toThrow(/more than 253/);
  });
});
