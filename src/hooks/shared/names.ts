// Kubernetes' name rules (k8s.io/apimachinery/pkg/util/validation) and the one
// way the hooks make any parent name fit them: a name that already fits is kept
// as it is; any other becomes `<prefix>-<hash>` (+ the suffix), where the hash is
// the first 8 hex digits of sha256 of the parent's full name, so the answer is
// deterministic and two parents that share a long prefix still get distinct
// children. A parent may be named with any DNS-1123 subdomain (≤ 253, dots
// allowed); most of its children's names and label values allow less.

import { sha256 } from '../../shared/sha256.js';

export interface NameRule {
  readonly max: number;
  readonly pattern: RegExp;
  /** Characters the rule cannot hold, to be replaced by '-'. */
  readonly invalid: RegExp;
  /** The first character must be a letter (DNS-1035). */
  readonly letterFirst?: true;
}

/** DNS-1123 subdomain: most object names (ConfigMap, HPA, PDB, custom resources). */
export const DNS_SUBDOMAIN: NameRule = {
  max: 253,
  pattern: /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/,
  // A shortened name drops the dots too: every prefix of a label is then valid.
  invalid: /[^a-z0-9-]/g,
};

/** DNS-1123 label: what a name must be where it becomes a host name or a label value. */
export const DNS_LABEL: NameRule = { max: 63, pattern: /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, invalid: /[^a-z0-9-]/g };

/** DNS-1035 label: Service names (they become DNS names, so no leading digit). */
export const DNS_1035_LABEL: NameRule = { max: 63, pattern: /^[a-z]([-a-z0-9]*[a-z0-9])?$/, invalid: /[^a-z0-9-]/g, letterFirst: true };

/** Label values: empty, or ≤ 63 alphanumerics, '-', '_', '.', starting and ending alphanumeric. */
export const LABEL_VALUE: NameRule = { max: 63, pattern: /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/, invalid: /[^-A-Za-z0-9_.]/g };

const HASH_CHARS = 8;

export function fits(rule: NameRule, name: string): boolean {
  return name.length <= rule.max && rule.pattern.test(name);
}

/**
 * `base + suffix` when it fits the rule, else `<prefix of base>-<hash of base><suffix>`.
 * The suffix ('-config', '-canary', …) must itself be valid at the end of a name;
 * one too long to leave room for a hash is hashed with the base instead.
 */
export function fitName(rule: NameRule, base: string, suffix = ''): string {
  const whole = base + suffix;
  if (fits(rule, whole)) return whole;
  if (suffix.length + HASH_CHARS + 2 > rule.max) return fitName(rule, whole);
  const hash = sha256(base, 'hex').slice(0, HASH_CHARS);
  const room = rule.max - suffix.length - HASH_CHARS - 1;
  let prefix = base.toLowerCase().replace(rule.invalid, '-').replace(/^[^a-z0-9]+/, '');
  if (rule.letterFirst && !/^[a-z]/.test(prefix)) prefix = `a${prefix}`;
  // Cut to the room left, then end on an alphanumeric ('-' before the hash follows).
  prefix = prefix.slice(0, room).replace(/[^a-z0-9]+$/, '');
  return `${prefix === '' ? (rule.letterFirst ? 'a' : '') : `${prefix}-`}${hash}${suffix}`;
}
