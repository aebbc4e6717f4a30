// `/functions/<name>` and nothing else: one function per pod (spec/003), so a
// request either names this pod's function or it is a 404.

const PREFIX = '/functions/';

/** The function name a request URL addresses, or undefined for any other path. */
export function functionNameOf(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  if (!path.startsWith(PREFIX)) return undefined;
  const segment = path.slice(PREFIX.length);
  if (segment === '' || segment.includes('/')) return undefined;
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
