#!/usr/bin/env bash
# Fuzz every target in fuzz/targets/ (or the ones named) with libFuzzer, AddressSanitizer and
# UBSan, each for SECONDS. Needs clang and libclang-rt (installed here if missing).
# Usage: scripts/fuzz.sh [SECONDS=60] [TARGET...]
# Each target's corpus grows in build-fuzz/corpus/<name> (seeded from fuzz/corpus/<name>);
# crashes are written to build-fuzz/crash-<name>-*. The executions per target are printed at
# the end and kept in build-fuzz/summary.tsv (docs/reliability.md lists the figures).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-60}
shift || true
missing=()
command -v clang++ >/dev/null || missing+=(clang)
dpkg -s libclang-rt-14-dev >/dev/null 2>&1 || missing+=(libclang-rt-14-dev)
if ((${#missing[@]})); then
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo=sudo
  $sudo apt-get install -y "${missing[@]}"
fi
build="$root/build-fuzz"
CC=clang CXX=clang++ cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DSOFTPOWER_FUZZ=ON -DSOFTPOWER_TESTS=OFF -DSOFTPOWER_BENCH=OFF \
  -DCMAKE_CXX_FLAGS="-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer" >/dev/null
if (($#)); then
  names=("$@")
else
  names=()
  for f in "$root"/fuzz/targets/*.cpp; do names+=("$(basename "$f" .cpp)"); done
fi
cmake --build "$build" -j "$(nproc)" --target "${names[@]/%/_fuzz}"
printf 'target\tseconds\texecutions\tcorpus\n' >"$build/summary.tsv"
status=0
for name in "${names[@]}"; do
  corpus="$build/corpus/$name"
  mkdir -p "$corpus"
  cp -n "$root/fuzz/corpus/$name"/* "$corpus/" 2>/dev/null || true
  log="$build/$name.log"
  echo "== $name: $seconds s"
  if ! (cd "$build" && "./${name}_fuzz" -max_total_time="$seconds" -max_len=65536 -timeout=10 \
      -rss_limit_mb=2048 -artifact_prefix="crash-$name-" -print_final_stats=1 "$corpus" \
      >"$log" 2>&1); then
    status=1
    tail -40 "$log"
  fi
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  printf '%s\t%s\t%s\t%s\n' "$name" "$seconds" "${runs:-?}" "$(ls "$corpus" | wc -l)" \
    >>"$build/summary.tsv"
done
column -t "$build/summary.tsv"
exit $status
