#!/usr/bin/env bash
# Did opening a first Confucius Institute bring a country's UN votes closer to China's?
# Staggered adoption (Callaway and Sant'Anna) on 34 countries of East Asia, the Pacific and
# South and Central Asia, 2000-2016; and the same for the first year of ten or more Chinese
# elite visits. Read docs/evaluation-china-confucius.md for what the numbers can and cannot say.
# Usage: bash examples/evaluations/china-confucius.sh [OUT]   (default out/evaluations/china-confucius)
set -euo pipefail
out=${1:-out/evaluations/china-confucius}
source "$(dirname "$0")/datasets.sh"
common=(--workspace "$workspace" --dataset china-public-diplomacy,un-agreement-chn
  --outcome agree --periods 2000:2016 --drop-incomplete --reps 1000 --seed 1)

# The first Confucius Institute; controls: countries not yet treated (16 never get one by 2016)
"$softpower" evaluate staggered "${common[@]}" --adoption confucius_institutes \
  --control notyet --out "$out/confucius-notyet"
# The same against the never treated only
"$softpower" evaluate staggered "${common[@]}" --adoption confucius_institutes \
  --control never --out "$out/confucius-never"
# Pre-trends on a common footing: every pre-period against the period before treatment
"$softpower" evaluate staggered "${common[@]}" --adoption confucius_institutes \
  --control notyet --base universal --out "$out/confucius-universal"
# Intensity: the first year with ten or more elite visits (more than 9)
"$softpower" evaluate staggered "${common[@]}" --adoption total_elite_visits --above 9 \
  --control notyet --out "$out/visits"
