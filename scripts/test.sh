#!/usr/bin/env bash
# The one command that runs every test on a fresh machine: installs what it needs
# (Debian's redis-server and postgresql for the session-store suites, the npm
# dependencies), checks generated files are fresh, type-checks, builds, tests.
set -euo pipefail
cd "$(dirname "$0")/.."

# Golden files are rewritten only by hand (UPDATE_GOLDEN=1 npx vitest run …) and reviewed:
# a test run that rewrote them would pass whatever the hooks answer.
if [ -n "${UPDATE_GOLDEN:-}" ]; then
  echo "npm test refuses to run with UPDATE_GOLDEN set (it would rewrite the golden files instead of checking them); unset it" >&2
  exit 2
fi

bash scripts/install-system-deps.sh
# helm for the chart test: from PATH, or built once per machine (scripts/install-helm.sh).
OMNIA_HELM="$(bash scripts/install-helm.sh)"
export OMNIA_HELM
npm ci --no-audit --no-fund --loglevel=error
npm run --silent check:generated
npm run --silent typecheck
npm run --silent build

mkdir -p .tmp
report=.tmp/vitest-report.json
rm -f "$report"
status=0
npx vitest run --reporter=default --reporter=json --outputFile.json="$report" "$@" || status=$?

# One plain closing line, the same for any reader of the log: "N passed, N failed".
if [ -f "$report" ]; then
  node scripts/test-summary.js "$report" || status=1
else
  echo "tests: no report written" >&2
  status=1
fi
exit "$status"
