#!/usr/bin/env bash
# Load test of the dashboard's instant reweighting from a second process: `softpower serve`
# (the Open Soft Power Index of examples/soft-power.toml, no rate limit) on a free loopback
# port, and wrk (Debian's package, event-driven, two threads) keeping 200 requests in flight
# on 200 keep-alive connections for 10 s. Each request moves one pillar's weight. Prints
# requests per second and latency percentiles for the weights page's answer (ranking without
# pillar scores) and for the full answer. Target (issue 7): p99 < 20 ms at 200 concurrent.
#   bash bench/server_load.sh [BUILD_DIR] [CONNECTIONS] [SECONDS] [ROUNDS]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
build="${1:-$root/build}"
connections="${2:-200}"
seconds="${3:-10}"
rounds="${4:-3}"
softpower="$build/softpower"
[ -x "$softpower" ] || { echo "no $softpower: build first (bash scripts/build.sh)" >&2; exit 1; }

if ! command -v wrk > /dev/null; then
  sudo_cmd=(); [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -q wrk
fi

log="$(mktemp)"
# One client address holds every connection: raise the per-client cap (256) above them.
"$softpower" serve --port 0 --rate 0 --max-connections "$((connections + 64))" \
  --max-connections-per-client "$((connections + 64))" > "$log" 2>&1 &
server=$!
trap 'kill "$server" 2> /dev/null || true; wait "$server" 2> /dev/null || true; rm -f "$log"' EXIT
url=""
for _ in $(seq 1 300); do
  url="$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$log" | head -1 || true)"
  [ -n "$url" ] && curl -sf "$url/api/index/scores" > /dev/null 2>&1 && break
  sleep 0.1
done
[ -n "$url" ] || { echo "the server did not start:" >&2; cat "$log" >&2; exit 1; }
pillars="$(curl -sf "$url/api/index/scores" |
  python3 -c 'import json, sys; print(",".join(json.load(sys.stdin)["pillars"]))')"
units="$(curl -sf "$url/api/index/scores" | python3 -c 'import json, sys; print(len(json.load(sys.stdin)["units"]))')"
echo "POST $url/api/index/reweight: $units countries, pillars $pillars; $connections connections, ${seconds} s, $(nproc) cores"
for answer in ranking full; do
  full=0; [ "$answer" = full ] && full=1
  bytes="$(curl -sf -X POST -H 'Content-Type: application/json' \
    -d "{\"weights\":{}$([ $full = 1 ] || echo ',"pillars":false')}" "$url/api/index/reweight" | wc -c)"
  for r in $(seq 1 "$rounds"); do
    printf '%-8s %6s bytes  ' "$answer" "$bytes"
    SOFTPOWER_PILLARS="$pillars" SOFTPOWER_FULL="$full" \
      wrk -t2 -c"$connections" -d"${seconds}s" --timeout 10s -s "$here/load/reweight.lua" \
      "$url/api/index/reweight" | tail -1
  done
done
