// The Kubernetes name and label rules (k8s.io/apimachinery/pkg/util/validation),
// as the tests' oracle. Written out here on purpose rather than imported from
// src/hooks/shared/names.ts: a mistake there must not pass its own check.
// Each function answers undefined when the value is valid, else why not.

const ALNUM_DASH = /^[a-z0-9](?:[-a-z0-9]*[a-z0-9])?$/;
const ALNUM_DASH_LETTER_FIRST = /^[a-z](?:[-a-z0-9]*[a-z0-9])?$/;
const LABEL_VALUE_CHARS = /^[A-Za-z0-9](?:[-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

type Check = (value: string) => string | undefined;

function longer(value: string, max: number): string | undefined {
  return value.length > max ? `"${value}" is ${value.length} characters, more than ${max}` : undefined;
}

/** RFC 1123 label: ≤ 63, lower-case alphanumerics and '-', alphanumeric at both ends (namespaces, host names). */
export const dns1123Label: Check = (v) =>
  v === '' ? 'empty' : (longer(v, 63) ?? (ALNUM_DASH.test(v) ? undefined : `"${v}" is not a DNS-1123 label`));

/** RFC 1123 subdomain: ≤ 253, dot-separated parts each like a label (of any length): most object names. */
export const dns1123Subdomain: Check = (v) =>
  v === ''
    ? 'empty'
    : (longer(v, 253) ?? (v.split('.').every((part) => ALNUM_DASH.test(part)) ? undefined : `"${v}" is not a DNS-1123 subdomain`));

/** RFC 1035 label: a DNS-1123 label that starts with a letter (Service names). */
export const dns1035Label: Check = (v) =>
  v === '' ? 'empty' : (longer(v, 63) ?? (ALNUM_DASH_LETTER_FIRST.test(v) ? undefined : `"${v}" is not a DNS-1035 label`));

/** A label value: empty, or ≤ 63 alphanumerics, '-', '_', '.', alphanumeric at both ends. */
export const labelValue: Check = (v) =>
  v === '' ? undefined : (longer(v, 63) ?? (LABEL_VALUE_CHARS.test(v) ? undefined : `"${v}" is not a label value`));

/** A label key: `[<DNS-1123 subdomain>/]<name>`, the name like a non-empty label value. */
export const labelKey: Check = (k) => {
  const slash = k.lastIndexOf('/');
  const name = slash < 0 ? k : k.slice(slash + 1);
  if (slash >= 0) {
    const prefix = dns1123Subdomain(k.slice(0, slash));
    if (prefix) return `label key "${k}": prefix ${prefix}`;
  }
  return name === '' ? `label key "${k}" has an empty name` : labelValue(name) && `label key "${k}": ${labelValue(name)}`;
};

/** Every problem of a label map (keys and values), prefixed with where it is. */
export function labelProblems(where: string, labels: unknown): string[] {
  if (labels === undefined) return [];
  if (labels === null || typeof labels !== 'object' || Array.isArray(labels)) return [`${where}: not a map`];
  const out: string[] = [];
  for (const [k, v] of Object.entries(labels)) {
    const problem = labelKey(k) ?? (typeof v === 'string' ? labelValue(v) : `value of ${k} is not a string`);
    if (problem) out.push(`${where}: ${problem}`);
  }
  return out;
}
