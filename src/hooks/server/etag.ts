// Metacontroller's optional response cache (`webhook.etag.enabled`): it sends
// back the ETag of its cached answer in If-None-Match, and a 304 tells it to
// reuse that answer. The hook still runs; only the bytes on the wire are saved.
import { sha256 } from '../../shared/sha256.js';

/**
 * A strong ETag: a quoted, shortened sha256 of the exact response bytes (a
 * string is hashed as its UTF-8 bytes, the bytes the server sends).
 */
export function etagOf(body: Buffer | string): string {
  return `"${sha256(body, 'base64url').slice(0, 27)}"`;
}

/** RFC 9110 If-None-Match: `*` or a list of (possibly weak) tags, compared weakly. */
export function ifNoneMatchMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const bare = (tag: string) => tag.trim().replace(/^W\//, '');
  const want = bare(etag);
  return header.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || bare(t) === want;
  });
}
