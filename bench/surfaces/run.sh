#!/usr/bin/env bash
# Time to first token per facade surface (see bench/surfaces.md).
set -euo pipefail
cd "$(dirname "$0")/../.."
exec node --import tsx bench/surfaces/ttft.ts "$@"
