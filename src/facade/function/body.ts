// What function mode accepts as a request body: at most 1 MiB (spec/003) of
// JSON in UTF-8. The body itself is read by the shared reader
// (src/shared/http/body.ts), which enforces the limit while reading.

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

export type MediaTypeCheck = { ok: true } | { ok: false; detail: string };

/**
 * Content-Type must be application/json; parameters are allowed, but a
 * charset, when given, must be UTF-8 (RFC 8259 §8.1: JSON is UTF-8 on the wire).
 */
export function checkJsonMediaType(header: string | undefined): MediaTypeCheck {
  if (header === undefined || header.trim() === '') {
    return { ok: false, detail: 'Content-Type must be application/json (none was sent)' };
  }
  const [type, ...params] = header.split(';');
  if ((type ?? '').trim().toLowerCase() !== 'application/json') {
    return { ok: false, detail: `Content-Type must be application/json, got ${JSON.stringify(header)}` };
  }
  for (const param of params) {
    const eq = param.indexOf('=');
    if (eq < 0) continue;
    if (param.slice(0, eq).trim().toLowerCase() !== 'charset') continue;
    const charset = param.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1').toLowerCase();
    if (charset !== 'utf-8' && charset !== 'utf8') {
      return { ok: false, detail: `unsupported charset ${JSON.stringify(charset)}: JSON must be UTF-8` };
    }
  }
  return { ok: true };
}
