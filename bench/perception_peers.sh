#!/usr/bin/env bash
# Side by side on one generated GDELT 2.0 export (2 GB by default): softpower perception
# aggregate, R data.table (fread + grouped aggregation) and pandas (read_csv + groupby), all
# from Debian's packages, each summing events by month and directed actor-country pair
# (events, mentions, mention-weighted tone, mean Goldstein, quad-class counts). Prints wall
# time, MB/s and peak resident memory (GNU time) of each, and softpower's speed-up over the
# faster peer. Usage: bash bench/perception_peers.sh [BUILD_DIR] [SIZE]   (e.g. build 2GB)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
build="${1:-$root/build}"
size="${2:-2GB}"
softpower="$build/softpower"
[ -x "$softpower" ] || { echo "no $softpower: build first (bash scripts/build.sh)" >&2; exit 1; }

# The peers and GNU time, from Debian (installed once).
need=()
for p in r-cran-data.table python3-pandas time; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need+=("$p")
done
if ((${#need[@]})); then
  sudo_cmd=(); [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -q "${need[@]}"
fi

work="${SOFTPOWER_BENCH_DIR:-/tmp/softpower-perception-peers}"
mkdir -p "$work"
input="$work/generated-$size.export.CSV"
if [ ! -f "$input" ]; then
  "$softpower" perception generate "$input" --size "$size" --seed 1
fi
bytes=$(stat -c %s "$input")
cat "$input" > /dev/null  # into the page cache, for every contender alike

measure() {  # name, command...
  local name="$1"; shift
  /usr/bin/time -f "%e %M" -o "$work/time.txt" "$@" > "$work/$name.log" 2>&1
  read -r seconds kb < "$work/time.txt"
  awk -v n="$name" -v s="$seconds" -v b="$bytes" -v k="$kb" \
    'BEGIN { printf "%-12s %8.2f s %8.0f MB/s %8.0f MB peak\n", n, s, b / 1e6 / s, k / 1024 }'
  echo "$seconds" > "$work/$name.seconds"
}

echo "input: $input ($((bytes / 1000000)) MB); $(nproc) cores"
measure softpower "$softpower" perception aggregate "$input" --by month --out "$work/softpower"
measure data.table Rscript "$here/peers/perception_datatable.R" "$input" "$work/datatable.csv"
measure pandas /usr/bin/python3 "$here/peers/perception_pandas.py" "$input" "$work/pandas.csv"
for name in softpower data.table pandas; do tail -n 1 "$work/$name.log"; done
best=$(sort -n "$work/data.table.seconds" "$work/pandas.seconds" | head -n 1)
awk -v p="$best" -v s="$(cat "$work/softpower.seconds")" \
  'BEGIN { printf "softpower is %.1fx faster than the faster peer\n", p / s }'
