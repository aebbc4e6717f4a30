// `npm test` (scripts/test.sh) must check golden files, never rewrite them: with
// UPDATE_GOLDEN set it stops at once, before installing or running anything.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SCRIPT = fileURLToPath(new URL('../../scripts/test.sh', import.meta.url));

describe('scripts/test.sh', () => {
  for (const value of ['1', 'true']) {
    it(`refuses to run with UPDATE_GOLDEN=${value}`, () => {
      const run = spawnSync('bash', [SCRIPT], { env: { ...process.env, UPDATE_GOLDEN: value }, encoding: 'utf8', timeout: 20_000 });
      expect(run.status).toBe(2);
      expect(run.stderr).toContain('refuses to run with UPDATE_GOLDEN set');
      // Nothing ran: no install step and no test runner printed anything.
      expect(run.stdout).toBe('');
    });
  }
});
