import { KEY_PATTERN } from '../../contract/vendors.js';
import { ProviderError } from './types.js';

// One classification for all vendors' SDK errors. The SDKs have already
// retried what the vendor marked retryable (maxRetries / retryOptions are set
// explicitly), so whatever arrives here is final for this turn.

interface StatusLike {
  status?: unknown;
  message?: unknown;
  headers?: unknown;
  name?: unknown;
}

function headerValue(headers: unknown, name: string): string | undefined {
  if (headers && typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  if (headers && typeof headers === 'object') {
    const v = (headers as Record<string, unknown>)[name];
    return typeof v === 'string' ? v : undefined;
  }
  return undefined;
}

/** Drop anything that looks like a key, and bound the length: vendor messages go to clients and logs. */
export function scrub(text: string, secrets: (string | undefined)[]): string {
  let out = text;
  for (const s of secrets) if (s && s.length >= 4) out = out.split(s).join('[redacted]');
  out = out.replace(KEY_PATTERN, '[redacted]');
  return out.length > 500 ? `${out.slice(0, 500)}…` : out;
}

export function isAbort(err: unknown, signal?: AbortSignal): boolean {
  if (signal?.aborted) return true;
  const name = (err as StatusLike | undefined)?.name;
  return name === 'AbortError' || name === 'APIUserAbortError';
}

export function classifyVendorError(vendor: string, err: unknown, secrets: (string | undefined)[]): ProviderError {
  if (err instanceof ProviderError) return err;
  const e = (err ?? {}) as StatusLike;
  const status = typeof e.status === 'number' ? e.status : undefined;
  const raw = typeof e.message === 'string' ? e.message : String(err);
  const detail = scrub(raw, secrets);
  if (status === 401 || status === 403) {
    // The vendor's own text may echo part of the key: say only what happened.
    return new ProviderError('AGENT_UNAVAILABLE', `${vendor} rejected the API key (HTTP ${status}); check the provider's credential Secret`, status);
  }
  if (status === 429) {
    const after = headerValue(e.headers, 'retry-after');
    const hint = after ? `; the vendor asks to retry after ${after}s` : '';
    return new ProviderError('RATE_LIMITED', `${vendor} is rate limiting this agent (HTTP 429) and retries were exhausted${hint}`, status);
  }
  if (status !== undefined && status >= 500) {
    return new ProviderError('AGENT_UNAVAILABLE', `${vendor} failed with HTTP ${status} after retries: ${detail}`, status);
  }
  if (status !== undefined) {
    return new ProviderError('INTERNAL_ERROR', `${vendor} rejected the request (HTTP ${status}): ${detail}`, status);
  }
  const name = typeof e.name === 'string' ? e.name : '';
  if (/Connection|Timeout|fetch failed|ECONNREFUSED|ECONNRESET|socket|terminated/i.test(`${name} ${raw}`)) {
    return new ProviderError('AGENT_UNAVAILABLE', `cannot reach ${vendor}: ${detail}`);
  }
  return new ProviderError('AGENT_UNAVAILABLE', `${vendor} call failed: ${detail}`);
}

export function streamCut(vendor: string): ProviderError {
  return new ProviderError('AGENT_UNAVAILABLE', `${vendor}'s stream ended before the reply was complete (connection cut); please retry`);
}
