// Secret values never leave `omnia render`: a Secret's data and stringData are
// replaced, and any string that carries one of the input Secrets' values has
// it masked (a hook never copies one, but the printout must not depend on that).

import type { KubeObject } from '../hooks/metacontroller.js';

export const REDACTED = '<redacted>';

// Shorter values would mask ordinary words ("true", port numbers) all over the output.
const MIN_MASKED_LENGTH = 6;

/** Every value of the Secrets among `objects`, decoded. */
export function secretValues(objects: readonly KubeObject[]): string[] {
  const values = new Set<string>();
  for (const o of objects.filter((x) => x.kind === 'Secret' && x.apiVersion === 'v1')) {
    for (const v of Object.values((o.data ?? {}) as Record<string, unknown>)) {
      if (typeof v === 'string') values.add(Buffer.from(v, 'base64').toString('utf8')).add(v);
    }
    for (const v of Object.values((o.stringData ?? {}) as Record<string, unknown>)) if (typeof v === 'string') values.add(v);
  }
  return [...values].filter((v) => v.length >= MIN_MASKED_LENGTH).sort((a, b) => b.length - a.length);
}

/** `text` with every occurrence of a secret value masked. */
export function maskText(text: string, secrets: readonly string[]): string {
  return secrets.reduce((s, secret) => s.split(secret).join(REDACTED), text);
}

function mask(value: unknown, secrets: readonly string[]): unknown {
  if (typeof value === 'string') return maskText(value, secrets);
  if (Array.isArray(value)) return value.map((v) => mask(v, secrets));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mask(v, secrets)]));
  }
  return value;
}

/** A copy of `object` safe to print: Secret payloads replaced, known secret values masked. */
export function redact<T extends KubeObject>(object: T, secrets: readonly string[]): T {
  const out = mask(object, secrets) as T;
  if (out.kind === 'Secret') {
    for (const field of ['data', 'stringData'] as const) {
      const payload = out[field] as Record<string, unknown> | undefined;
      if (payload) (out as Record<string, unknown>)[field] = Object.fromEntries(Object.keys(payload).map((k) => [k, REDACTED]));
    }
  }
  return out;
}
