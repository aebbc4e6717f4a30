#!/usr/bin/env bash
# Facade benchmarks (loopback only, bounded): echo round trips and idle memory
# (bench.ts), then connection setup (setup.ts); see bench/facade.md. The
# 50 000-connection run (idle.sh) and the instruction counts (instructions.ts)
# take minutes and are run by hand.
set -euo pipefail
cd "$(dirname "$0")/../.."
ulimit -n 16384 2>/dev/null || true
node --import tsx bench/facade/bench.ts "$@"
node --import tsx bench/facade/setup.ts
