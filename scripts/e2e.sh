#!/usr/bin/env bash
# End-to-end tests of the dashboard: builds web/ if needed, then web/e2e/dashboard.e2e.mjs
# starts `softpower serve` on a free port with the real data, drives Debian's headless
# Chromium through every page with playwright-core, and stops the server. Exits non-zero
# when a test fails. Screenshots of every page go to $SOFTPOWER_E2E_OUT (default
# build/e2e-artifacts).
#
#   scripts/e2e.sh [BUILD_DIR]     the softpower binary is BUILD_DIR/softpower (default build/,
#                                  or $SOFTPOWER_BIN); build it first (scripts/build.sh)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build="${1:-$root/build}"
bin="${SOFTPOWER_BIN:-$build/softpower}"
if [ ! -x "$bin" ]; then
  bin=""
else
  bin=$(realpath "$bin")
fi
if [ -z "$bin" ]; then
  echo "e2e: no softpower binary at $bin (build it with scripts/build.sh, or set SOFTPOWER_BIN)" >&2
  exit 1
fi

"$root/scripts/web.sh"
# The helpers' unit tests first (Node's own runner, no browser): parseCsv and the like.
(cd "$root/web" && node --test test/)

browser="${CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$browser" ]; then
  echo "e2e: installing chromium"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get install -y -q chromium ||
    { "${sudo_cmd[@]}" apt-get update -q && "${sudo_cmd[@]}" apt-get install -y -q chromium; }
fi

export SOFTPOWER_BIN="$bin" CHROMIUM="$browser"
export SOFTPOWER_E2E_OUT=$(realpath -m "${SOFTPOWER_E2E_OUT:-$root/build/e2e-artifacts}")
# Keep the run lean: one engine thread per operation the server runs.
export SOFTPOWER_THREADS="${SOFTPOWER_THREADS:-2}"
cd "$root/web"
# A bound on a hung browser, not a speed target: the run takes 3-5 minutes on 2 loaded cores.
exec timeout 600 node e2e/dashboard.e2e.mjs
