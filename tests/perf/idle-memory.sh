#!/usr/bin/env bash
# Resident memory of Despacho idle on its first screen: the app process plus its WebKit
# child processes, with a fresh data folder, under Xvfb. Prints one line per process and the
# total in MiB. Usage: tests/perf/idle-memory.sh [path/to/despacho] [seconds-to-settle]
set -euo pipefail
app="${1:-${CARGO_TARGET_DIR:-target}/debug/despacho}"
settle="${2:-8}"
home=$(mktemp -d)
n=99; while [ -e "/tmp/.X$n-lock" ]; do n=$((n + 1)); done
Xvfb ":$n" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 & xvfb=$!
trap 'kill $app_pid $xvfb 2>/dev/null || true; rm -rf "$home"' EXIT
sleep 1
DISPLAY=":$n" HOME="$home" XDG_DATA_HOME="$home/data" "$app" >/dev/null 2>&1 & app_pid=$!
sleep "$settle"
descendants() { local p; for p in $(pgrep -P "$1"); do echo "$p"; descendants "$p"; done; }
total=0
for pid in "$app_pid" $(descendants "$app_pid"); do
  rss=$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
  printf '%-28s %8d KiB\n' "$(cat "/proc/$pid/comm" 2>/dev/null)" "$rss"
  total=$((total + rss))
done
printf 'total                        %8d KiB (%d MiB)\n' "$total" $((total / 1024))
