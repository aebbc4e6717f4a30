// The control plane of `npm run test:cluster` takes its binaries from
// OMNIA_TEST_BIN: the digests come from that folder's README table, and a
// missing or altered binary stops the run with a message naming it.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { binariesDir, binary, expectedDigests } from '../cluster/support/binaries.js';

const dirs: string[] = [];
const tempDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'omnia-bin-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('cluster test binaries', () => {
  it('reads a sha256 for each shipped binary from the README table', () => {
    const digests = expectedDigests(readFileSync(join(binariesDir({}), 'README.md'), 'utf8'));
    expect([...digests.keys()].sort()).toEqual(['kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kwok', 'metacontroller']);
    for (const d of digests.values()) expect(d).toMatch(/^[0-9a-f]{64}$/);
  });

  it('names the missing binary and the variable to set', async () => {
    const empty = tempDir();
    await expect(binary('metacontroller', { OMNIA_TEST_BIN: empty }, tempDir())).rejects.toThrow(
      new RegExp(`metacontroller not found: expected ${empty}/metacontroller.xz \\(set OMNIA_TEST_BIN`),
    );
  });

  it('refuses a binary whose digest differs from the README, and unpacks a matching one once', async () => {
    const dir = tempDir();
    const cache = tempDir();
    writeFileSync(join(dir, 'kwok-src'), '#!/bin/sh\necho fake kwok\n');
    execFileSync('sh', ['-c', `xz -c "${join(dir, 'kwok-src')}" > "${join(dir, 'kwok.xz')}"`]);
    const wrong = 'a'.repeat(64);
    writeFileSync(join(dir, 'README.md'), `| binary | sha256 |\n|---|---|\n| kwok | ${wrong} |\n`);
    await expect(binary('kwok', { OMNIA_TEST_BIN: dir }, cache)).rejects.toThrow(/kwok: sha256 [0-9a-f]{64} does not match a{64}/);

    const right = execFileSync('sha256sum', [join(dir, 'kwok-src')], { encoding: 'utf8' }).split(' ')[0];
    writeFileSync(join(dir, 'README.md'), `| binary | sha256 |\n|---|---|\n| kwok | ${right} |\n`);
    const path = await binary('kwok', { OMNIA_TEST_BIN: dir }, cache);
    expect(execFileSync(path, { encoding: 'utf8' })).toBe('fake kwok\n');
    // Cached: a second call does not unpack again even with the packed file gone.
    rmSync(join(dir, 'kwok.xz'));
    writeFileSync(join(dir, 'kwok.xz'), '');
    expect(await binary('kwok', { OMNIA_TEST_BIN: dir }, cache)).toBe(path);
  });
});
