// The path of a request target, as every router here reads it: the query is
// not part of it, an absolute-form target (`POST http://host/path`, which
// proxies send) is reduced to its path, and an escaped segment is decoded
// only where a route takes it as a value.

/** The path without the query; '' (no route's path) for a target that cannot be read. */
export function pathOf(url: string | undefined): string {
  if (url === undefined) return '/';
  if (url.startsWith('/')) {
    const q = url.indexOf('?');
    return q < 0 ? url : url.slice(0, q);
  }
  try {
    return new URL(url).pathname;
  } catch {
    return '';
  }
}

/** decodeURIComponent, or undefined for a broken escape. */
export function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
