#!/usr/bin/env bash
# Helm for the chart test (test/manifests/chart.test.ts renders charts/omnia-hooks
# with the real `helm template`). Uses `helm` from PATH when there is one;
# otherwise builds Helm 4 from the Go module proxy (Go is on the machine) into a
# cache outside the checkout, so later runs on this machine reuse it. Prints the
# binary's path.
set -euo pipefail
HELM_VERSION=v4.3.2
if command -v helm >/dev/null 2>&1; then command -v helm; exit 0; fi
dir="${XDG_CACHE_HOME:-$HOME/.cache}/omnia-hooks/helm-$HELM_VERSION"
if [ ! -x "$dir/helm" ]; then
  command -v go >/dev/null 2>&1 || { echo "helm is not on PATH and Go is missing to build it: install helm (https://helm.sh) or Go" >&2; exit 1; }
  echo "building helm $HELM_VERSION from the Go module proxy (once per machine; a few minutes)" >&2
  mkdir -p "$dir"
  GOBIN="$dir" GOFLAGS=-mod=mod go install "helm.sh/helm/v4/cmd/helm@$HELM_VERSION" >&2
fi
echo "$dir/helm"
