// The hook server's buffered logger (src/shared/logger.ts, `buffered: true`)
// in a real child process: a line shorter than the buffer still reaches stdout
// while the process runs, and a line logged right before process.exit is not lost.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const LOGGER = pathToFileURL(join(import.meta.dirname, '../../../src/shared/logger.ts')).href;

describe('buffered logger', () => {
  it('writes a short line out while running and the last line on exit', async () => {
    const script = `
      import { createLogger } from ${JSON.stringify(LOGGER)};
      const logger = createLogger('buffered-test', 'info', { buffered: true });
      logger.info({ creds: { token: 'planted-secret' } }, 'first');
      process.stdin.once('data', () => {
        logger.info('last');
        process.exit(0);
      });
    `;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += String(d)));
    child.stderr.on('data', (d) => (output += String(d)));
    const exited = once(child, 'exit') as Promise<[number | null]>;
    try {
      // Far below the buffer size: only the periodic flush can bring it out.
      for (let i = 0; i < 100 && !output.includes('"first"'); i++) await new Promise((r) => setTimeout(r, 100));
      expect(child.exitCode).toBeNull();
      expect(output).toContain('"msg":"first"');
      // Redaction holds on the buffered logger too.
      expect(output).not.toContain('planted-secret');
      child.stdin.write('go\n');
      const [code] = await exited;
      expect(code, output).toBe(0);
      const lines = output.trim().split('\n').map((l) => JSON.parse(l) as { msg: string; name: string });
      expect(lines.map((l) => l.msg)).toEqual(['first', 'last']);
      expect(lines[1]?.name).toBe('buffered-test');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
