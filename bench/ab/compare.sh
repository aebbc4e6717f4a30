#!/usr/bin/env bash
# Before/after A/B of the two hot paths a refactor must not slow down: the hook
# server's AgentRuntime sync (hooks.ts) and the facade's WebSocket echo round
# trip (facade.ts). Both builds run side by side in the same run, rounds
# alternate A/B and B/A, and every figure is CPU time per request read from
# /proc (or process.cpuUsage), so machine load moves both alike.
# Not a standing benchmark (`npm run bench` runs bench/*/run.*): it needs a
# base revision. callgrind.sh adds instruction counts of the hook's own work.
#   bash bench/ab/compare.sh BASE_REV [ROUNDS (6)] [SECONDS per round (4)]
# BASE_REV is checked out into .tmp/ab/base (a git worktree, removed at the end).
set -euo pipefail
cd "$(dirname "$0")/../.."
rev=${1:?usage: bash bench/ab/compare.sh BASE_REV [ROUNDS] [SECONDS]}
rounds=${2:-6}
seconds=${3:-4}
base=.tmp/ab/base
git worktree remove --force "$base" 2>/dev/null || rm -rf "$base"
mkdir -p .tmp/ab
git worktree add --detach "$base" "$rev" >/dev/null
trap 'git worktree remove --force "$base" >/dev/null 2>&1 || true' EXIT
ln -s "$PWD/node_modules" "$base/node_modules"
npx tsc -p "$base/tsconfig.build.json"
npm run --silent build
echo "# load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
# The generator gets core 1; the servers are pinned to core 0 by hooks.ts / facade.ts.
A="$base" B="$PWD" taskset -c 1 node --import tsx bench/ab/hooks.ts "$rounds" "$seconds"
A="$base" B="$PWD" node --import tsx bench/ab/facade.ts "$rounds" "$seconds"
A="$base" B="$PWD" taskset -c 1 node --import tsx bench/ab/in-process.ts "$(( rounds * 2 ))"
echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
