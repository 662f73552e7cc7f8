#!/bin/sh
# The R package's checks against a CMake build of the checkout (BUILD, default ../../build):
# R CMD check --no-manual (install, examples, and the testthat tests, among them the drift
# test: the generated files equal what the generator gives now) with no ERROR or WARNING. The
# vignette is neither built nor run here (--no-build-vignettes, --ignore-vignettes: it takes
# minutes; R CMD build bindings/r builds it, docs/r.md). Run by ctest as r_package.
set -eu
package=$(cd "$(dirname "$0")/.." && pwd)
root=$(cd "$package/../.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/softpower-r-check.XXXXXX")
trap 'rm -rf "$work"' EXIT
export SOFTPOWER_BUILD_DIR="$build" SOFTPOWER_SOURCE_DIR="$root"
export SOFTPOWER_CLI="${SOFTPOWER_CLI:-$build/softpower}"
# No package repository is asked for anything.
printf 'options(repos = character(0))\n' > "$work/Rprofile"
export R_PROFILE_USER="$work/Rprofile" _R_CHECK_CRAN_INCOMING_=false
cd "$work"
R CMD build --no-build-vignettes "$package" > build.log 2>&1 || { cat build.log; exit 1; }
if ! R CMD check --no-manual --ignore-vignettes softpower_*.tar.gz > check.log 2>&1; then
  cat check.log softpower.Rcheck/tests/testthat.Rout.fail 2>/dev/null
  exit 1
fi
cat check.log
# The testthat summary: passed, failed, skipped (and why).
grep -E '^\[ FAIL|^── Skip|^• ' softpower.Rcheck/tests/testthat.Rout || true
if grep -q -E '^Status: .*(ERROR|WARNING)' check.log; then exit 1; fi
