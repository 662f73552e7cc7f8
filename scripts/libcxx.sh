#!/usr/bin/env bash
# Portability of core/random: builds tests/core/random_test.cpp and tests/core/sensitivity_test.cpp
# (with the core files they need and GoogleTest from Debian's sources) with clang++ and LLVM's
# libc++ in build-libcxx/, and runs them. Both tests assert exact values, the same ones the main
# build (GCC, libstdc++) passes, so passing here shows that every draw is the same under both
# standard libraries. Needs clang, libc++-dev, libc++abi-dev and googletest (installed here if
# missing). Usage: scripts/libcxx.sh [gtest filter]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
filter=${1:-'Random.*:Sensitivity.*:Sampling.*'}
missing=()
command -v clang++ >/dev/null || missing+=(clang)
for p in libc++-dev libc++abi-dev googletest libeigen3-dev libboost-dev; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if ((${#missing[@]})); then
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo=sudo
  $sudo apt-get install -y "${missing[@]}"
fi
build="$root/build-libcxx"
mkdir -p "$build"
cxx=(clang++ -std=c++20 -stdlib=libc++ -O2 -I"$root/src" -I"$root/tests" -isystem /usr/include/eigen3)
gtest=/usr/src/googletest/googletest
objects=()
compile() {  # source, object: compiled again only when the source is newer
  if [ ! -f "$2" ] || [ "$1" -nt "$2" ] || [ "$0" -nt "$2" ]; then
    "${cxx[@]}" "${@:3}" -c "$1" -o "$2"
  fi
  objects+=("$2")
}
compile "$gtest/src/gtest-all.cc" "$build/gtest-all.o" -I"$gtest/include" -I"$gtest"
compile "$gtest/src/gtest_main.cc" "$build/gtest_main.o" -I"$gtest/include"
for f in src/softpower/core/{random,sensitivity,sampling,stats,error}.cpp \
  tests/core/{random,sensitivity}_test.cpp; do
  compile "$root/$f" "$build/$(basename "$f" .cpp).o" -I"$gtest/include"
done
clang++ -stdlib=libc++ "${objects[@]}" -o "$build/random_tests" -pthread
"$build/random_tests" --gtest_filter="$filter"
