import crypto from 'node:crypto';

// crypto.hash (Node ≥ 20.12) hashes in one call, without the Hash object
// createHash builds; older Node 20 releases take the long way. A string is
// hashed as its UTF-8 bytes.
const oneShot = (crypto as { hash?: typeof crypto.hash }).hash;

export function sha256(data: string | Buffer, encoding: 'hex' | 'base64url'): string {
  return oneShot ? oneShot('sha256', data, encoding) : crypto.createHash('sha256').update(data).digest(encoding);
}
