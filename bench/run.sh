#!/usr/bin/env bash
# `npm run bench`: every benchmark found at bench/<name>/run.{sh,ts,mjs,js}, in
# name order. Each writes its own numbers; see bench/<name>.md for results.
# A failing benchmark does not stop the others; the exit status reports it.
set -uo pipefail
cd "$(dirname "$0")/.."

if [ -z "${BENCH_NO_BUILD:-}" ]; then
  echo "== building dist/"
  npm run --silent build || exit 1
fi
export BENCH_NO_BUILD=1

failed=()
shopt -s nullglob
for script in bench/*/run.*; do
  name="$(basename "$(dirname "$script")")"
  echo "== bench/$name ($script)"
  case "$script" in
    *.sh) bash "$script" "$@" ;;
    *.ts) node --import tsx "$script" "$@" ;;
    *.mjs | *.js) node "$script" "$@" ;;
    *) echo "skipping $script: unknown script type"; continue ;;
  esac
  status=$?
  [ "$status" -eq 0 ] || failed+=("$name")
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "== failed: ${failed[*]}" >&2
  exit 1
fi
