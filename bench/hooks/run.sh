#!/usr/bin/env bash
# AgentRuntime sync throughput of the hook server on one core, against the
# floor of JSON.parse + JSON.stringify of the same bytes. See bench/hooks.md.
#   bash bench/hooks/run.sh [--requests N] [--seconds S] [--concurrency C] [--rounds R] [--log-level L]
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ -z "${BENCH_NO_BUILD:-}" ]; then npm run --silent build; fi
# The load generator gets core 1; it pins the server and the floor to core 0.
exec taskset -c 1 node --import tsx bench/hooks/sync.ts "$@"
