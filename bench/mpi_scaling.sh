#!/usr/bin/env bash
# Wall clock of one softpower command alone and under `mpirun -np 1` and `-np 2`, one thread
# per rank, and whether every configuration writes the same bytes (docs/cluster.md, "Scaling on
# this machine"). Prints, per configuration, the min and max over the repetitions and the load
# average before and after.
#
#   bench/mpi_scaling.sh BUILD REPEAT FILE -- softpower-arguments...
#
# FILE is the output file compared (a path inside the output folder); the arguments are given
# `--out <folder>` by this script. Example:
#   bench/mpi_scaling.sh build 3 sweep.csv -- simulate sweep axelrod --grid q=2:20:2,L=20 --runs 4
set -euo pipefail
build=$1 repeat=$2 file=$3
shift 3
[ "$1" = "--" ] && shift
softpower="$(cd "$build" && pwd)/softpower"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export SOFTPOWER_THREADS=1
# OpenMPI refuses to start as root unless told (a container's or CI's root).
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1

run() {  # label, then the launcher's words (none for alone)
  local label=$1
  shift
  local times=()
  for ((k = 0; k < repeat; k++)); do
    rm -rf "$work/$label"
    local start end
    start=$(date +%s.%N)
    "$@" "$softpower" "${args[@]}" --out "$work/$label" >/dev/null 2>&1
    end=$(date +%s.%N)
    times+=("$(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }')")
  done
  local sorted
  sorted=$(printf '%s\n' "${times[@]}" | sort -g)
  local same="the reference"
  if [ "$label" != alone ]; then
    if cmp -s "$work/alone/$file" "$work/$label/$file"; then same="identical"; else same="DIFFERS"; fi
  fi
  printf '%-14s %6.2f – %6.2f s   %s %s\n' "$label" "$(head -1 <<<"$sorted")" \
    "$(tail -1 <<<"$sorted")" "$file" "$same"
}

args=("$@")
echo "softpower ${args[*]}; $repeat runs each; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
run alone
run np1 mpirun --oversubscribe -np 1
run np2 mpirun --oversubscribe -np 2
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
