#!/usr/bin/env bash
# `softpower index build` at scale (issue 13): generated specs (bench/index_build_spec.py) of N
# indicators under one root and of a chain of N aggregates, on COINr's ASEM data (51 units),
# each built REPEAT times; prints the wall time and peak resident memory (GNU time) of every
# run and the size of the output. Figures: bench/README.md.
#
#   bash bench/index_build.sh [BUILD_DIR] [REPEAT] [SIZES...]   (default: build 3 1000 10000 100000)
#
# Needs the shared data ($SOFTPOWER_DATA, else ../shared/data beside the checkout) and GNU time
# (Debian's `time` package).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
build="${1:-$root/build}"
repeat="${2:-3}"
shift $(($# > 2 ? 2 : $#))
sizes=("$@")
((${#sizes[@]})) || sizes=(1000 10000 100000)
softpower="$build/softpower"
data="${SOFTPOWER_DATA:-$root/../shared/data}"
[ -x "$softpower" ] || { echo "no $softpower: build first (bash scripts/build.sh)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "needs GNU time (apt-get install time)" >&2; exit 1; }

work="$(mktemp -d "${TMPDIR:-/tmp}/softpower-index-build-XXXXXX")"
trap 'rm -rf "$work"' EXIT

printf '%-7s %8s %4s %9s %10s %10s\n' shape N run seconds "peak MB" "output MB"
for shape in flat chain; do
  for n in "${sizes[@]}"; do
    spec="$work/$shape-$n.toml"
    python3 "$here/index_build_spec.py" "$shape" "$n" >"$spec"
    for ((run = 1; run <= repeat; run++)); do
      out="$work/out-$shape-$n"
      /usr/bin/time -f '%e %M' -o "$work/time" \
        "$softpower" index build "$spec" --data "$data" --out "$out" >/dev/null 2>"$work/log" ||
        { cat "$work/log" >&2; exit 1; }
      read -r seconds kb <"$work/time"
      mb=$(du -sm "$out" | cut -f1)
      printf '%-7s %8s %4s %9s %10s %10s\n' "$shape" "$n" "$run" "$seconds" "$((kb / 1024))" "$mb"
      rm -rf "$out"
    done
  done
done
