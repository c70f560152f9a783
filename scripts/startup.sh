#!/usr/bin/env bash
# Start-up and memory of Despacho against a bare Tauri window (issue 9; docs/PERFORMANCE.md).
# NOT run by CI. Builds both in release (unless SKIP_BUILD=1), then, under Xvfb, runs them
# alternately N times with DESPACHO_EXIT_AFTER_FIRST_PAINT=1 and prints, for each, the median
# and p95 of the first paint (milliseconds from the kernel's start of the process to two
# animation frames after the first screen mounted, as the process itself reports it) and of the
# wall time (fork to exit, measured here), and Despacho / bare. Despacho opens a copy of the
# ten-year store (its first screen: unlock when encrypted — its key file is copied too —, the
# offer to protect it when plaintext). Then, unless NO_MEMORY=1, runs
# tests/e2e/perf.measure.mjs for the sign-in → desk time and the memory idle on the desk
# (app + WebKit processes) against the bare window.
#
# Usage: scripts/startup.sh [N=15]
#   env: CARGO_TARGET_DIR (default target), TEN_YEARS_DB (default /tmp/despacho-ten-years-seed1.db,
#   generated with despacho-cli when missing), EMPTY_STORE=1 (start on a new store: setup),
#   SKIP_BUILD=1, NO_MEMORY=1, DISPLAY (else Xvfb), PROFILE=debug (both built and run with the
#   debug profile instead of release: the same profile for both, as the budget asks, when a
#   release build does not fit).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
n="${1:-15}"
target="${CARGO_TARGET_DIR:-$root/target}"
profile="${PROFILE:-release}"
app="$target/$profile/despacho"
bare="$target/$profile/bare-window"
cli="$target/$profile/despacho-cli"
store="${TEN_YEARS_DB:-/tmp/despacho-ten-years-seed1.db}"

if [ -z "${SKIP_BUILD:-}" ]; then
  (cd ui && npm run build >/dev/null)
  # One cargo command: Tauri's features unify, so it is compiled once for both.
  release=(); [ "$profile" = debug ] || release=(--profile "$profile")
  cargo build "${release[@]}" -p despacho -p bare-window -p despacho-cli --features tauri/custom-protocol
fi
for b in "$app" "$bare"; do [ -x "$b" ] || { echo "startup: $b is missing" >&2; exit 1; }; done

if [ -z "${EMPTY_STORE:-}" ] && [ ! -f "$store" ]; then
  [ -x "$cli" ] || cli="$target/debug/despacho-cli"
  echo "startup: generating the ten-year store into $store (about a minute)" >&2
  printf 'contraseña de prueba 1\n' | "$cli" --db "$store" init --admin sg --password-stdin >/dev/null
  "$cli" --db "$store" generate --years 10 --seed 1 >/dev/null
fi

work=$(mktemp -d)
xvfb=""
cleanup() { [ -n "$xvfb" ] && kill "$xvfb" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
if [ -z "${DISPLAY:-}" ]; then
  d=99; while [ -e "/tmp/.X$d-lock" ]; do d=$((d + 1)); done
  Xvfb ":$d" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 & xvfb=$!
  export DISPLAY=":$d"
  sleep 1
fi
# EMPTY_STORE=1: a new store (first screen: setup) instead of a copy of the ten-year store.
[ -n "${EMPTY_STORE:-}" ] || cp "$store" "$work/despacho.db"
# An encrypted store (ADR 0008) keeps its key file beside it: its first screen is unlock
# (a plaintext one shows the offer to protect it).
[ -n "${EMPTY_STORE:-}" ] || [ ! -f "$store.keys" ] || cp "$store.keys" "$work/despacho.db.keys"
mkdir -p "$work/home"

# The bare window's extra environment (set by Despacho's warm-up, below).
bare_env=()
# One run: prints "<first-paint-ms> <wall-ms>".
run() {
  local bin=$1 out t0 t1 fp
  t0=$(date +%s%N)
  local pre=()
  [ "$bin" != "$bare" ] || pre=("${bare_env[@]}")
  out=$(HOME="$work/home" XDG_DATA_HOME="$work/home/data" DESPACHO_DB="$work/despacho.db" \
    DESPACHO_EXIT_AFTER_FIRST_PAINT=1 timeout 60 "${pre[@]}" "$bin" 2>/dev/null) || { echo "startup: $bin failed" >&2; return 1; }
  t1=$(date +%s%N)
  fp=$(sed -n 's/^first-paint-ms=\([0-9]*\).*/\1/p' <<<"$out")
  [ -n "$fp" ] || { echo "startup: $bin printed no first-paint-ms" >&2; return 1; }
  echo "$fp $(((t1 - t0) / 1000000))"
}

# Median and p95 (nearest rank) of a column of numbers.
stats() { sort -n | awk '{ v[NR] = $1 } END { p = int(0.95 * NR + 0.999); if (p > NR) p = NR; printf "%d %d\n", v[int((NR + 1) / 2)], v[p] }'; }

echo "warming up (one run each, not counted)…" >&2
# Despacho's warm-up also tells how it draws its window: where it turns WebKit's compositing off
# (no GPU: src-tauri/src/rendering.rs; it says so in its start-up marks), the bare window is
# drawn the same way, its warm-up included; BARE_DEFAULT=1 keeps WebKit's default for it (a
# default Tauri window) instead.
rendering=$(HOME="$work/home" XDG_DATA_HOME="$work/home/data" DESPACHO_DB="$work/despacho.db" \
  DESPACHO_EXIT_AFTER_FIRST_PAINT=1 timeout 60 "$app" 2>&1 >/dev/null | sed -n 's/^startup-mark rendering-\([a-z-]*\) .*/\1/p')
if [ "$rendering" = software ] && [ -z "${BARE_DEFAULT:-}" ]; then
  bare_env=(env WEBKIT_DISABLE_COMPOSITING_MODE=1)
fi
run "$bare" >/dev/null
: >"$work/bare"; : >"$work/app"
for i in $(seq 1 "$n"); do
  # Alternate which goes first, so that neither always follows the other.
  if [ $((i % 2)) -eq 1 ]; then run "$bare" >>"$work/bare"; run "$app" >>"$work/app"
  else run "$app" >>"$work/app"; run "$bare" >>"$work/bare"; fi
done

read -r bfp50 bfp95 < <(cut -d' ' -f1 "$work/bare" | stats)
read -r bw50 bw95 < <(cut -d' ' -f2 "$work/bare" | stats)
read -r afp50 afp95 < <(cut -d' ' -f1 "$work/app" | stats)
read -r aw50 aw95 < <(cut -d' ' -f2 "$work/app" | stats)
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
echo "start-up ($profile), $n alternate runs each, $(date -u +%FT%TZ), load $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
echo "Despacho's rendering: ${rendering:-unknown}; the bare window's: $([ ${#bare_env[@]} -gt 0 ] && echo 'compositing off, the same' || echo "WebKit's default")"
printf '%-13s %18s %18s\n' "" "first paint p50/p95" "wall p50/p95"
printf '%-13s %12s ms %15s ms\n' "bare window" "$bfp50 / $bfp95" "$bw50 / $bw95"
printf '%-13s %12s ms %15s ms\n' "despacho" "$afp50 / $afp95" "$aw50 / $aw95"
printf '%-13s %15s %18s   (budget ≤ 1.15)\n' "ratio" "$(ratio "$afp50" "$bfp50") / $(ratio "$afp95" "$bfp95")" "$(ratio "$aw50" "$bw50") / $(ratio "$aw95" "$bw95")"

if [ -z "${NO_MEMORY:-}" ]; then
  echo
  echo "sign-in → desk and memory idle on the desk (WebDriver, tests/e2e/perf.measure.mjs):"
  (cd tests/e2e && DESPACHO_APP="$app" BARE_WINDOW="$bare" TEN_YEARS_DB="$store" node perf.measure.mjs signin memory)
fi
