#!/usr/bin/env bash
# Idle connections on one facade process as the pod runs it (bench/facade/idle.ts):
# 50 000 by default, held 60 s. Not run by `npm run bench` (minutes, and it
# takes most of the machine's file descriptors). Needs dist/ (npm run build).
set -euo pipefail
cd "$(dirname "$0")/../.."
# Each connection is a descriptor in the facade and one in a client: take the
# hard limit (raising it further needs CAP_SYS_RESOURCE); idle.ts caps the count
# to what the facade process may open and says so.
ulimit -n "$(ulimit -Hn)"
echo "# open files: $(ulimit -n) (hard $(ulimit -Hn)); load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
[ -f dist/facade/main.js ] || npx tsc -p tsconfig.build.json
exec node --import tsx bench/facade/idle.ts "$@"
