#!/usr/bin/env bash
# The main job: set up, build, and build the open soft-power index from the real data.
# Writes out/soft-power/ (scores.csv, datasets/, audit.json, results.json, report.html).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/build.sh"
mkdir -p "$root/out"
"$root/build/softpower" index build "$root/examples/soft-power.toml" --out "$root/out/soft-power" \
  --workspace "$root/out/softpower.workspace" "$@"
echo "open $root/out/soft-power/report.html"
