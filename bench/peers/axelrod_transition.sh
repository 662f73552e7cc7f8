#!/usr/bin/env bash
# Castellano, Marsili and Vespignani's (2000) order–disorder transition of Axelrod's model:
# F = 10, Poisson traits, periodic 50 × 50 lattice, S_max/N at absorption for q = 200, 210, …,
# 300, RUNS runs each (default 100) on all cores, with the time each point took.
#
#   bash bench/peers/axelrod_transition.sh [BUILD_DIR] [RUNS]
#
# Uses the diffusion_axelrod benchmark program of BUILD_DIR (default: build); its own lines go
# to stderr as each q finishes, the table to stdout at the end. The paper's
# Fig. 1 reads S_max/N ≈ 0.90 at q = 200, ≈ 0.28 at q = 250 and ≈ 0.06 at q = 300.
set -euo pipefail
build="${1:-build}"
runs="${2:-100}"
program="$build/diffusion_axelrod"
if [[ ! -x "$program" ]]; then
  echo "axelrod_transition: no $program; build it with: cmake --build $build --target diffusion_axelrod" >&2
  exit 1
fi
json="$(mktemp)"
trap 'rm -f "$json"' EXIT
start=$(date +%s)
SOFTPOWER_AXELROD_RUNS="$runs" "$program" --benchmark_filter='BM_CastellanoTransition' \
  --benchmark_out="$json" --benchmark_out_format=json >&2
end=$(date +%s)
python3 - "$json" "$runs" "$((end - start))" <<'PY'
import json, sys
data = json.load(open(sys.argv[1]))
print(f"Axelrod, F = 10, Poisson traits, periodic 50 x 50, {sys.argv[2]} runs per q")
print(f"{'q':>5} {'Smax/N':>8} {'se':>6} {'attempts/run':>14} {'seconds':>9}")
for b in data["benchmarks"]:
    q = b["name"].split("/")[1]
    print(f"{q:>5} {b['Smax/N']:8.3f} {b['se']:6.3f} {b['attempts/run']:14.4g} {b['real_time']:9.1f}")
print(f"total {sys.argv[3]} s on {data['context']['num_cpus']} cores")
PY
