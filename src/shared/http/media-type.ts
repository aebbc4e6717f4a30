// Whether a request's Content-Type is JSON the programs can read: the media
// type application/json (and, where a caller takes them, structured-syntax
// types such as application/merge-patch+json), any parameters, but a charset,
// when given, must be UTF-8 (RFC 8259 §8.1: JSON is UTF-8 on the wire).

export type MediaTypeCheck = { ok: true } | { ok: false; detail: string };

const OK: MediaTypeCheck = Object.freeze({ ok: true });
const PLUS_JSON = /^application\/[a-z0-9.+-]+\+json$/;

/** The check, with a detail for the 415 answer; `plusJson` also admits application/<x>+json. */
export function checkJsonMediaType(header: string | undefined, plusJson = false): MediaTypeCheck {
  // What Metacontroller, the facade and most clients send, spelled exactly: skip the parse.
  if (header === 'application/json') return OK;
  if (header === undefined || header.trim() === '') {
    return { ok: false, detail: 'Content-Type must be application/json (none was sent)' };
  }
  const [type, ...params] = header.split(';');
  const media = (type ?? '').trim().toLowerCase();
  if (media !== 'application/json' && !(plusJson && PLUS_JSON.test(media))) {
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
  return OK;
}
