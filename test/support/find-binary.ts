import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';

// Where the test servers' programs are, on any machine: an explicit variable
// first, then PATH, then the distributions' versioned folders. What the tests
// need from the system is listed in the README ("What the tests need").

const INSTALL_HINT = 'run scripts/install-system-deps.sh (Debian/Ubuntu), or install it and put it on PATH';

/** The first `name` on PATH, or undefined. */
export function onPath(name: string, path = process.env.PATH ?? ''): string | undefined {
  for (const dir of path.split(delimiter)) {
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

/** redis-server: REDIS_SERVER, else PATH. */
export function redisServerBinary(): string {
  const found = process.env.REDIS_SERVER ?? onPath('redis-server');
  if (!found || !existsSync(found)) throw new Error(`redis-server not found (set REDIS_SERVER or ${INSTALL_HINT})`);
  return found;
}

/** Folders that may hold PostgreSQL's server programs, newest major version first. */
function postgresCandidates(): string[] {
  const dirs: string[] = [];
  if (process.env.PG_BIN) dirs.push(process.env.PG_BIN);
  const initdb = onPath('initdb');
  if (initdb) dirs.push(join(initdb, '..'));
  try {
    dirs.push(execFileSync('pg_config', ['--bindir'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
  } catch {
    // no pg_config (Debian ships it in libpq-dev): the versioned folders below
  }
  // Debian/Ubuntu: /usr/lib/postgresql/<major>/bin; Fedora/RHEL: /usr/pgsql-<major>/bin.
  for (const [root, pattern] of [['/usr/lib/postgresql', /^(\d+)$/], ['/usr', /^pgsql-(\d+)$/]] as const) {
    if (!existsSync(root)) continue;
    const versions = readdirSync(root)
      .map((d) => ({ d, m: pattern.exec(d) }))
      .filter((v) => v.m)
      .sort((a, b) => Number(b.m![1]) - Number(a.m![1]));
    for (const { d } of versions) dirs.push(join(root, d, 'bin'));
  }
  return dirs;
}

/** The folder with initdb, pg_ctl and postgres: PG_BIN, else PATH, pg_config, the versioned folders. */
export function postgresBinDir(): string {
  const needed = ['initdb', 'pg_ctl', 'postgres'];
  const dir = postgresCandidates().find((d) => needed.every((b) => existsSync(join(d, b))));
  if (!dir) throw new Error(`PostgreSQL's initdb, pg_ctl and postgres not found (set PG_BIN to their folder or ${INSTALL_HINT})`);
  return dir;
}
