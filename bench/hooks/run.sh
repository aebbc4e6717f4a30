#!/usr/bin/env bash
# AgentRuntime sync throughput and CPU per request of the hook server on one
# core, against the floor of JSON.parse + JSON.stringify of the same bytes and
# a bare node:http server answering the same bytes. See bench/hooks.md.
#   bash bench/hooks/run.sh [--requests N] [--seconds S] [--concurrency C] [--rounds R] [--warmup N]
#                           [--log-level L] [--port P (bare server: P+1)] [--cpu-prof DIR]
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ -z "${BENCH_NO_BUILD:-}" ]; then npm run --silent build; fi
# The load generator gets core 1; it pins the servers and the in-process references to core 0.
exec taskset -c 1 node --import tsx bench/hooks/sync.ts "$@"
