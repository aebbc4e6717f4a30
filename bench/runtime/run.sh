#!/usr/bin/env bash
# Runtime benchmark (see bench/runtime.md): per-turn overhead and heap per concurrent turn.
# --expose-gc lets the memory measurement collect garbage before each reading.
set -euo pipefail
cd "$(dirname "$0")/../.."
exec node --import tsx --expose-gc bench/runtime/turns.ts "$@"
