#!/usr/bin/env bash
# Function mode (see bench/function.md): first the pod as deployed (facade and
# runtime processes, deployed.ts) against bare express + ajv calling the same
# runtime, then the facade's function handler alone in one process against
# express + ajv with the same handler in-process (in-process.ts).
set -euo pipefail
cd "$(dirname "$0")/../.."
[ -f dist/cli.js ] || npx tsc -p tsconfig.build.json
node --import tsx bench/function/deployed.ts
node --import tsx bench/function/in-process.ts
