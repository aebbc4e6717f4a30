#!/usr/bin/env bash
# Instructions per AgentRuntime sync (parse + sync + canonical JSON, no HTTP),
# for two trees with a built dist/: valgrind's instruction count of N syncs
# minus that of 0 syncs (start-up, module loading, the steady request's
# preparation), divided by N. Stable on a noisy machine, unlike time.
# Node runs --jitless: with the JIT on, which functions get optimised after a
# few hundred syncs varies from run to run and dominates the count (a first
# try with the JIT gave +47 % for one build while CPU time in the same process
# differed by 5 %); the interpreter's count follows the work the code does.
#   bash bench/ab/callgrind.sh TREE_A TREE_B [N (40)]
set -euo pipefail
cd "$(dirname "$0")/../.."
a=${1:?usage: callgrind.sh TREE_A TREE_B [N]}; b=${2:?}; n=${3:-40}
out=$(mktemp -d)
count() { # tree scenario iterations → instructions
  TREE="$1" valgrind --tool=callgrind --callgrind-out-file="$out/cg.out" \
    node --jitless --import tsx bench/ab/pure.ts "$2" "$3" >/dev/null 2>"$out/log" || { cat "$out/log" >&2; exit 1; }
  grep -o 'Collected : [0-9]*' "$out/log" | grep -o '[0-9]*$'
}
for scenario in create steady; do
  for side in A B; do
    tree=$a; [ "$side" = B ] && tree=$b
    zero=$(count "$tree" "$scenario" 0)
    full=$(count "$tree" "$scenario" "$n")
    echo "{\"scenario\":\"$scenario\",\"side\":\"$side\",\"tree\":\"$tree\",\"syncs\":$n,\"instructionsPerSync\":$(( (full - zero) / n ))}"
  done
done
rm -rf "$out"
