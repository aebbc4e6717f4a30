#!/usr/bin/env bash
# Facade benchmark (loopback only, bounded): see bench/facade.md for results.
set -euo pipefail
cd "$(dirname "$0")/../.."
ulimit -n 16384 2>/dev/null || true
exec node --import tsx bench/facade/bench.ts "$@"
