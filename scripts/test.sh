#!/usr/bin/env bash
# The one command that runs every test on a fresh machine: installs what it needs
# (Debian's redis-server and postgresql for the session-store suites, the npm
# dependencies), checks generated files are fresh, type-checks, builds, tests.
set -euo pipefail
cd "$(dirname "$0")/.."

source scripts/test-lib.sh
refuse_update_golden "npm test"

bash scripts/install-system-deps.sh
# helm for the chart test: from PATH, or built once per machine (scripts/install-helm.sh).
OMNIA_HELM="$(bash scripts/install-helm.sh)"
export OMNIA_HELM
npm ci --no-audit --no-fund --loglevel=error
npm run --silent check:generated
npm run --silent typecheck
npm run --silent build

run_vitest .tmp/vitest-report.json "$@"
