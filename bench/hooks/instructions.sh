#!/usr/bin/env bash
# Instructions per AgentRuntime sync against the in-process JSON floor
# (JSON.parse of the same request + JSON.stringify of the same response), both counted by valgrind
# --tool=callgrind under `node --jitless` (bench/ab/pure.ts): N operations
# minus none, divided by N. The count does not move with machine load, which
# CPU time on a shared machine does; it replaces the withdrawn "≤ 3× the floor
# in CPU time" goal as the figure reported beside the CPU ratios (hooks.md).
#   [SCENARIOS="create steady"] bash bench/hooks/instructions.sh [N (40)]     (needs dist/: npm run build)
set -euo pipefail
cd "$(dirname "$0")/../.."
n=${1:-40}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
count() { # scenario iterations [floor] → instructions
  TREE="$PWD" valgrind --tool=callgrind --callgrind-out-file="$out/cg.out" \
    node --jitless --import tsx bench/ab/pure.ts "$@" >/dev/null 2>"$out/log" || { cat "$out/log" >&2; exit 1; }
  grep -o 'Collected : [0-9]*' "$out/log" | grep -o '[0-9]*$'
}
echo "# load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
for scenario in ${SCENARIOS:-create steady}; do
  # Each side minus its own zero: the floor's set-up computes the response once.
  sync=$(( ($(count "$scenario" "$n") - $(count "$scenario" 0)) / n ))
  floor=$(( ($(count "$scenario" "$n" floor) - $(count "$scenario" 0 floor)) / n ))
  echo "{\"scenario\":\"$scenario\",\"operations\":$n,\"instructionsPerSync\":$sync,\"instructionsPerFloorOp\":$floor,\"syncVsFloor\":$(awk "BEGIN{printf \"%.2f\", $sync/$floor}")}"
done
