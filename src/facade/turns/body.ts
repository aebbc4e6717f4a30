import type { IncomingMessage } from 'node:http';
import { readBody } from '../../shared/http/body.js';
import { HttpError } from '../../shared/http/error.js';
import { checkJsonMediaType } from '../../shared/http/media-type.js';

// A JSON request body of an HTTP surface: application/json, at most the
// facade's frame limit (OMNIA_MAX_FRAME_BYTES, the bound a WebSocket message
// has), parsed. Refusals are HttpErrors (415, 413, 400) the surface words in
// its own error shape; the parser's message is not echoed (it may quote the body).
// A refusal that leaves the body unread (wrong media type, too large, cut off)
// closes the connection when it is answered (shared/http/respond.ts).

/** `plusJson` also admits application/<x>+json (A2A's application/a2a+json). */
export async function readJson(req: IncomingMessage, limit: number, plusJson = false): Promise<unknown> {
  const media = checkJsonMediaType(req.headers['content-type'], plusJson);
  if (!media.ok) throw new HttpError(415, 'unsupported_media_type', media.detail);
  const body = await readBody(req, limit);
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    throw new HttpError(400, 'invalid_json', 'the request body is not valid JSON');
  }
}
