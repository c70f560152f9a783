#!/usr/bin/env bash
# Runs the end-to-end tests against the built app ($DESPACHO_APP), under Xvfb when there is no display.
set -euo pipefail
cd "$(dirname "$0")"
: "${DESPACHO_APP:?set DESPACHO_APP to the built despacho binary}"
export DESPACHO_CLI="${DESPACHO_CLI:-$(dirname "$DESPACHO_APP")/despacho-cli}"
[ -x "$DESPACHO_CLI" ] || { echo "e2e: $DESPACHO_CLI is missing (cargo build -p despacho-cli)" >&2; exit 1; }
xvfb_pid=""
if [ -z "${DISPLAY:-}" ]; then
  n=99
  while [ -e "/tmp/.X$n-lock" ]; do n=$((n + 1)); done
  export DISPLAY=":$n"
  Xvfb "$DISPLAY" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
  xvfb_pid=$!
  sleep 1
fi
trap '[ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null || true' EXIT
rm -rf artifacts && mkdir -p artifacts
node --test --test-concurrency=1 --test-timeout=180000 app.test.mjs sessions.test.mjs finance.test.mjs cooperation.test.mjs elections.test.mjs travel.test.mjs encryption.test.mjs rendering.test.mjs
