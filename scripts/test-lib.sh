# Shared by scripts/test.sh and scripts/test-cluster.sh (sourced, not run).

# Golden files are rewritten only by hand (UPDATE_GOLDEN=1 npx vitest run …) and reviewed:
# a test run that rewrote them would pass whatever the hooks answer.
refuse_update_golden() {
  if [ -n "${UPDATE_GOLDEN:-}" ]; then
    echo "$1 refuses to run with UPDATE_GOLDEN set (it would rewrite the golden files instead of checking them); unset it" >&2
    exit 2
  fi
}

# run_vitest REPORT [vitest args…]: runs vitest, then one plain closing line, the same for
# any reader of the log: "tests: N passed, N failed". Exits with vitest's status (1 when
# no report was written or no test ran).
run_vitest() {
  local report=$1
  shift
  mkdir -p "$(dirname "$report")"
  rm -f "$report"
  local status=0
  npx vitest run --reporter=default --reporter=json --outputFile.json="$report" "$@" || status=$?
  if [ -f "$report" ]; then
    node scripts/test-summary.js "$report" || status=1
  else
    echo "tests: no report written" >&2
    status=1
  fi
  exit "$status"
}
