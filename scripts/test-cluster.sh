#!/usr/bin/env bash
# `npm run test:cluster`: the scenarios of test/cluster/ on a throw-away control plane
# (etcd, kube-apiserver, kube-controller-manager, kube-scheduler + kwok, Metacontroller,
# our hook server from dist/) on loopback. Binaries come from OMNIA_TEST_BIN (default
# ../shared/bin); with KUBECONFIG set, the scenarios run against that cluster instead.
# Run after `npm test` (which installs the npm dependencies); see README "Tests on a
# real control plane".
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -n "${UPDATE_GOLDEN:-}" ]; then
  echo "npm run test:cluster refuses to run with UPDATE_GOLDEN set; unset it" >&2
  exit 2
fi

bash scripts/install-system-deps.sh
npm run --silent build

mkdir -p .tmp
report=.tmp/vitest-cluster-report.json
rm -f "$report"
status=0
npx vitest run --config vitest.cluster.config.ts --reporter=default --reporter=json --outputFile.json="$report" "$@" || status=$?

if [ -f "$report" ]; then
  node scripts/test-summary.js "$report" || status=1
else
  echo "tests: no report written" >&2
  status=1
fi
exit "$status"
