// The control plane's binaries: shipped xz-compressed in OMNIA_TEST_BIN (default
// ../shared/bin beside the repository), unpacked once into .tmp/cluster-bin and
// checked against the sha256 column of that folder's README table, which is the
// one place their provenance is written down.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, createReadStream, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(import.meta.dirname, '../../..');

export type BinaryName = 'kube-apiserver' | 'kube-controller-manager' | 'kube-scheduler' | 'kwok' | 'metacontroller';

export function binariesDir(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(REPO_ROOT, env.OMNIA_TEST_BIN || '../shared/bin');
}

/** name → sha256 of the uncompressed binary, read from the README's table rows. */
export function expectedDigests(readme: string): Map<string, string> {
  const digests = new Map<string, string>();
  for (const line of readme.split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    const digest = cells.at(-2) ?? '';
    if (cells.length > 3 && /^[0-9a-f]{64}$/.test(digest)) digests.set(cells[1] as string, digest);
  }
  return digests;
}

function sha256(path: string): Promise<string> {
  return new Promise((res, rej) => {
    const hash = createHash('sha256');
    createReadStream(path).on('data', (d) => hash.update(d)).on('error', rej).on('end', () => res(hash.digest('hex')));
  });
}

/**
 * The path of an unpacked, verified binary. Throws naming the missing file and
 * the variable to set, or the digest mismatch, rather than failing later in a spawn.
 */
export async function binary(name: BinaryName, env: NodeJS.ProcessEnv = process.env, cache = join(REPO_ROOT, '.tmp', 'cluster-bin')): Promise<string> {
  const dir = binariesDir(env);
  const packed = join(dir, `${name}.xz`);
  const readmePath = join(dir, 'README.md');
  if (!existsSync(packed)) {
    throw new Error(`${name} not found: expected ${packed} (set OMNIA_TEST_BIN to the folder holding ${name}.xz and its README.md)`);
  }
  if (!existsSync(readmePath)) throw new Error(`${readmePath} is missing: it holds the sha256 of ${name}`);
  const digest = expectedDigests(readFileSync(readmePath, 'utf8')).get(name);
  if (!digest) throw new Error(`${readmePath} has no sha256 row for ${name}`);

  mkdirSync(cache, { recursive: true });
  const target = join(cache, name);
  // The stamp records which digest the cached file was checked against, so a
  // second run skips both the unpacking and the hashing.
  const stamp = `${target}.sha256`;
  if (existsSync(target) && existsSync(stamp) && readFileSync(stamp, 'utf8') === digest) return target;

  const partial = `${target}.partial`;
  const xz = spawnSync('sh', ['-c', 'xz -dc "$1" > "$2"', 'xz', packed, partial], { stdio: ['ignore', 'ignore', 'pipe'] });
  if (xz.status !== 0) throw new Error(`unpacking ${packed} failed: ${xz.stderr?.toString() || `exit ${xz.status}`}`);
  const actual = await sha256(partial);
  if (actual !== digest) throw new Error(`${name}: sha256 ${actual} does not match ${digest} in ${readmePath}`);
  chmodSync(partial, 0o755);
  renameSync(partial, target);
  writeFileSync(stamp, digest);
  return target;
}

/** A binary the machine provides (etcd, kubectl, openssl), or a clear error. */
export function systemBinary(name: string, hint: string): string {
  const found = spawnSync('sh', ['-c', 'command -v "$1"', 'sh', name], { encoding: 'utf8' });
  const path = found.stdout.trim();
  if (found.status !== 0 || !path) throw new Error(`${name} not found on PATH: ${hint}`);
  return path;
}
