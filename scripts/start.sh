#!/usr/bin/env bash
# `npm start`: the hook server, a demo agent and an echo function on this
# machine, no cluster needed. Installs the npm dependencies when missing or
# stale, builds, then runs them in the foreground; Ctrl-C (or SIGTERM) stops all.
#   hook server    http://localhost:8080   (POST /hooks/<kind>/<hook>, /healthz, /metrics)
#   demo agent     ws://localhost:8090/ws?agent=demo      (health and metrics on :8091)
#   echo function  POST http://localhost:8092/functions/echo  (function mode, echo handler,
#                  the schemas of scripts/start/function.json; health and metrics on :8093)
# Ports can be moved when taken: HOOKS_PORT, DEMO_PORT, DEMO_HEALTH_PORT, ECHO_PORT, ECHO_HEALTH_PORT.
# OMNIA_START_NO_BUILD=1 skips install and build when dist/ is known fresh.
set -euo pipefail
cd "$(dirname "$0")/.."

HOOKS_PORT="${HOOKS_PORT:-8080}"
FACADE_PORT="${DEMO_PORT:-8090}"
HEALTH_PORT="${DEMO_HEALTH_PORT:-8091}"
ECHO_PORT="${ECHO_PORT:-8092}"
ECHO_HEALTH="${ECHO_HEALTH_PORT:-8093}"

# npm writes node_modules/.package-lock.json on every install: older than the
# lockfile means the lockfile changed since.
if [ -z "${OMNIA_START_NO_BUILD:-}" ]; then
  if [ ! -d node_modules ] || [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    echo "installing npm dependencies (npm ci)"
    npm ci --no-audit --no-fund --loglevel=error
  fi
  echo "building"
  npm run --silent build
fi

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for var in HOOKS_PORT FACADE_PORT HEALTH_PORT ECHO_PORT ECHO_HEALTH; do
  if listening "${!var}"; then
    echo "port ${!var} is already in use; move it with HOOKS_PORT, DEMO_PORT, DEMO_HEALTH_PORT, ECHO_PORT or ECHO_HEALTH_PORT" >&2
    exit 1
  fi
done

pids=()
stop() {
  trap - INT TERM EXIT
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait "${pids[@]}" 2>/dev/null || true
}
trap 'stop; exit 130' INT
trap 'stop; exit 143' TERM
trap stop EXIT

PORT="$HOOKS_PORT" node dist/cli.js hooks &
pids+=("$!")

OMNIA_HANDLER_MODE=demo \
OMNIA_SESSION_TYPE=memory \
OMNIA_FACADE_ALLOW_UNAUTHENTICATED=true \
OMNIA_FACADE_PORT="$FACADE_PORT" \
OMNIA_HEALTH_PORT="$HEALTH_PORT" \
OMNIA_AGENT_NAME=demo \
  node dist/cli.js facade &
pids+=("$!")

OMNIA_MODE=function \
OMNIA_HANDLER_MODE=echo \
OMNIA_FACADE_ALLOW_UNAUTHENTICATED=true \
OMNIA_FACADE_PORT="$ECHO_PORT" \
OMNIA_HEALTH_PORT="$ECHO_HEALTH" \
OMNIA_AGENT_NAME=echo \
OMNIA_CONFIG_DIR=scripts/start \
  node dist/cli.js facade &
pids+=("$!")

# Wait (up to 15 s) until both listen; give up at once if either exits.
for _ in $(seq 150); do
  for pid in "${pids[@]}"; do
    kill -0 "$pid" 2>/dev/null || { echo "start-up failed; see the logs above" >&2; exit 1; }
  done
  if listening "$HOOKS_PORT" && listening "$FACADE_PORT" && listening "$HEALTH_PORT" && listening "$ECHO_PORT"; then break; fi
  sleep 0.1
done
if ! { listening "$HOOKS_PORT" && listening "$FACADE_PORT" && listening "$ECHO_PORT"; }; then
  echo "start-up timed out; see the logs above" >&2
  exit 1
fi

cat <<MSG

  hook server   http://localhost:${HOOKS_PORT}/hooks/<kind>/<hook>   (metrics: http://localhost:${HOOKS_PORT}/metrics)
  demo agent    ws://localhost:${FACADE_PORT}/ws?agent=demo
                openai baseURL http://localhost:${FACADE_PORT}/v1 (model "demo"), A2A card http://localhost:${FACADE_PORT}/.well-known/agent-card.json
                health http://localhost:${HEALTH_PORT}/healthz, metrics http://localhost:${HEALTH_PORT}/metrics
  echo function curl -X POST http://localhost:${ECHO_PORT}/functions/echo -H 'Content-Type: application/json' -d '{"text":"hi"}'
                health http://localhost:${ECHO_HEALTH}/healthz, metrics http://localhost:${ECHO_HEALTH}/metrics

  Ctrl-C stops them all.

MSG

# Whichever stops first takes the other down with it.
set +e
wait -n "${pids[@]}"
status=$?
stop
exit "$status"
