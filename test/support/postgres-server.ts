import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { postgresBinDir } from './find-binary.js';
import { freePort, run, waitForPort } from './services.js';

export interface PostgresServer {
  url: string;
  port: number;
  stop(): Promise<void>;
}

// PostgreSQL refuses to run as root, so when we are root the data dir is
// handed to the `postgres` OS user and initdb/pg_ctl run through runuser.
function asPostgres(cmd: string, args: string[]): [string, string[]] {
  return userInfo().uid === 0 ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
}

/** A throwaway PostgreSQL cluster (any supported major version) on a free loopback port with trust auth, in its own temp dir. */
export async function startPostgres(): Promise<PostgresServer> {
  const PG_BIN = postgresBinDir();
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'omnia-pg-'));
  const data = join(dir, 'data');
  if (userInfo().uid === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(dir, uid, gid);
  }
  const pgCtl = join(PG_BIN, 'pg_ctl');
  try {
    await run(...asPostgres(join(PG_BIN, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']));
    await run(
      ...asPostgres(pgCtl, [
        '-D', data, '-l', join(dir, 'log'), '-w', '-t', '60',
        '-o', `-p ${port} -c listen_addresses=127.0.0.1 -k ${dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off`,
        'start',
      ]),
    );
    await waitForPort(port, 10_000);
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    async stop() {
      await run(...asPostgres(pgCtl, ['-D', data, '-m', 'immediate', '-w', 'stop'])).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
