// Metacontroller always sends `application/json`; anything else is a client we
// do not understand (415) rather than a body we should guess at.

export function isJsonContentType(header: string | undefined): boolean {
  if (!header) return false;
  // What Metacontroller sends, spelled exactly: skip the parse.
  if (header === 'application/json') return true;
  const [type, ...params] = header.split(';');
  const media = (type ?? '').trim().toLowerCase();
  if (media !== 'application/json' && !/^application\/[a-z0-9.+-]+\+json$/.test(media)) return false;
  for (const param of params) {
    const [key, value] = param.split('=');
    if (key?.trim().toLowerCase() === 'charset') {
      const charset = (value ?? '').trim().replace(/^"|"$/g, '').toLowerCase();
      if (charset !== 'utf-8' && charset !== 'utf8') return false;
    }
  }
  return true;
}
