#!/usr/bin/env bash
# Fuzz the HTTP API's request layer (JSON -> Args -> validate -> path confinement, routing,
# static paths) with libFuzzer, AddressSanitizer and UBSan. Needs clang and libclang-rt
# (installed here if missing). Usage: scripts/fuzz.sh [SECONDS=120] [JOBS=1]
# The corpus grows in build-fuzz/corpus (seeded from fuzz/corpus/api); crashes are written
# to build-fuzz/ as crash-*. docs/serve.md ("Fuzzing") describes the target.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-120}
jobs=${2:-1}
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
cmake --build "$build" -j "$(nproc)" --target api_fuzz
mkdir -p "$build/corpus"
cp -n "$root"/fuzz/corpus/api/* "$build/corpus/" 2>/dev/null || true
cd "$build"
./api_fuzz -max_total_time="$seconds" -jobs="$jobs" -workers="$jobs" -max_len=4096 \
  -print_final_stats=1 corpus
