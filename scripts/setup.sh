#!/usr/bin/env bash
# Installs what softpower needs to build and test, from Debian's packages (and the dashboard's
# npm packages, through web.sh).
# Idempotent: asks apt-get only for packages that are missing, so a second run does nothing.
set -euo pipefail

packages=(
  g++ cmake make pkg-config git
  libeigen3-dev libcli11-dev nlohmann-json3-dev libtomlplusplus-dev libsqlite3-dev
  libcpp-httplib-dev libkainjow-mustache-dev libfmt-dev libfast-float-dev zlib1g-dev libdeflate-dev libzip-dev libboost-dev coinor-libcbc-dev libigraph-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  python3 python3-jsonschema
  # The Python package (bindings/python, docs/python.md) and its tests.
  python3-dev python3-pybind11 python3-pandas python3-pytest
  # The R package (bindings/r, docs/r.md), its tests and its vignette.
  r-base-dev r-cran-rcpp r-cran-jsonlite r-cran-data.table r-cran-testthat r-cran-knitr
  r-cran-rmarkdown pandoc
  # MPI for runs over many processes or machines (docs/cluster.md).
  libopenmpi-dev openmpi-bin
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get install -y -q "${missing[@]}" ||
    { "${sudo_cmd[@]}" apt-get update -q && "${sudo_cmd[@]}" apt-get install -y -q "${missing[@]}"; }
else
  echo "setup: all Debian packages present"
fi

# The dashboard's front-end (web/ -> web/dist, served by `softpower serve`): npm ci and a Vite
# build, each only when needed.
"$(dirname "$0")/web.sh"
