// `/functions/<name>` and nothing else: one function per pod (spec/003), so a
// request either names this pod's function or it is a 404.
import { decodeSegment, pathOf } from '../../shared/http/path.js';

const PREFIX = '/functions/';

/** The function name a request URL addresses, or undefined for any other path. */
export function functionNameOf(url: string | undefined): string | undefined {
  const path = pathOf(url);
  if (!path.startsWith(PREFIX)) return undefined;
  const segment = path.slice(PREFIX.length);
  if (segment === '' || segment.includes('/')) return undefined;
  return decodeSegment(segment);
}
