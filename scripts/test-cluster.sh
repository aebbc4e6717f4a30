#!/usr/bin/env bash
# `npm run test:cluster`: the scenarios of test/cluster/ on a throw-away control plane
# (etcd, kube-apiserver, kube-controller-manager, kube-scheduler + kwok, Metacontroller,
# our hook server from dist/) on loopback. Binaries come from OMNIA_TEST_BIN (default
# ../shared/bin); with KUBECONFIG set, the scenarios run against that cluster instead.
# Run after `npm test` (which installs the npm dependencies); see README "Tests on a
# real control plane".
set -euo pipefail
cd "$(dirname "$0")/.."

source scripts/test-lib.sh
refuse_update_golden "npm run test:cluster"

bash scripts/install-system-deps.sh
npm run --silent build

run_vitest .tmp/vitest-cluster-report.json --config vitest.cluster.config.ts "$@"
