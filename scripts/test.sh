#!/usr/bin/env bash
# Set up, build and run every test (unit and integration on ../shared/data, then the
# dashboard's browser tests).
# Exits non-zero when any test fails.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/build.sh"
ctest --test-dir "$root/build" --output-on-failure -j "$(nproc)"
# The dashboard end to end: the real server, headless Chromium, every page (screenshots in
# build/e2e-artifacts).
"$root/scripts/e2e.sh" "$root/build"
