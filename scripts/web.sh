#!/usr/bin/env bash
# Builds the dashboard's front-end (web/) into web/dist, which `softpower serve` serves.
# Idempotent: installs Debian's nodejs and npm only when missing, runs `npm ci` only when
# web/node_modules is missing or older than web/package-lock.json, and rebuilds only when a
# source is newer than web/dist. `--force` rebuilds anyway.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
web="$root/web"
force=0
[ "${1:-}" = "--force" ] && force=1

apt_install() {
  local sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get install -y -q "$@" ||
    { "${sudo_cmd[@]}" apt-get update -q && "${sudo_cmd[@]}" apt-get install -y -q "$@"; }
}

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "web: installing nodejs and npm"
  apt_install nodejs npm
fi
major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$major" -lt 18 ]; then
  echo "web: Node.js $(node -v) is too old; Vite 5 needs 18 or later" >&2
  exit 1
fi

cd "$web"
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "web: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi

# The registry the map's ISO numeric codes come from is an input of the build too.
registry="$root/src/softpower/core/countries.csv"
stale=$force
if [ ! -f dist/index.html ]; then
  stale=1
elif [ -n "$(find index.html vite.config.js package-lock.json src scripts "$registry" -newer dist/index.html -type f -print -quit)" ]; then
  stale=1
fi
if [ "$stale" -eq 1 ]; then
  echo "web: npm run build"
  npm run build --silent
else
  echo "web: web/dist is up to date"
fi
