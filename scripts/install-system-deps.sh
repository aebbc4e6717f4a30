#!/usr/bin/env bash
# The programs the test suites start for real: redis-server, PostgreSQL's
# initdb/pg_ctl/postgres (any supported major version), and etcd for the
# control plane of `npm run test:cluster`. Found on PATH, through
# PG_BIN / REDIS_SERVER, or in the distributions' versioned folders
# (test/support/find-binary.ts looks in the same places). When one is missing
# and the machine has apt-get (Debian, Ubuntu), it is installed from the
# distribution's packages; elsewhere the script says what to install and fails.
# Idempotent and quiet when everything is already there.
set -euo pipefail

have_postgres() {
  local d
  for d in "${PG_BIN:-}" "$(dirname "$(command -v initdb 2>/dev/null || echo /nonexistent/x)")" \
           "$(pg_config --bindir 2>/dev/null || true)" /usr/lib/postgresql/*/bin /usr/pgsql-*/bin; do
    [ -n "$d" ] && [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && [ -x "$d/postgres" ] && return 0
  done
  return 1
}
have_redis() { [ -x "${REDIS_SERVER:-}" ] || command -v redis-server >/dev/null 2>&1; }

need=()
have_redis || need+=(redis-server)
have_postgres || need+=(postgresql)
command -v etcd >/dev/null 2>&1 || need+=(etcd-server)
[ ${#need[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "the tests need ${need[*]}: install them with your package manager (or set REDIS_SERVER / PG_BIN)" >&2
  exit 1
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "installing ${need[*]} from the distribution's packages"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
