#!/usr/bin/env bash
# Did the Philippines' 2016 turn towards China (President Duterte from June 2016) show in its
# UN votes? One treated country from session 71 (opened September 2016, labelled 2016), its
# synthetic counterparts among 33 other countries of AidData's China public-diplomacy region.
# Read docs/evaluation-philippines-2016.md for what the numbers can and cannot say.
# Usage: bash examples/evaluations/philippines-2016.sh [OUT]   (default out/evaluations/philippines-2016)
set -euo pipefail
out=${1:-out/evaluations/philippines-2016}
source "$(dirname "$0")/datasets.sh"
# The donor pool: the countries of AidData's public-diplomacy dataset (as ISO3 codes)
region=AFG,AUS,BGD,BRN,BTN,FJI,FSM,IDN,IND,JPN,KAZ,KGZ,KHM,KIR,KOR,LAO,LKA,MDV,MMR,MNG,MYS,NPL,NRU,NZL,PAK,PHL,PNG,PRK,SGP,THA,TJK,TKM,TLS,TON,UZB,VNM,VUT,WSM
"$softpower" evaluate panel --workspace "$workspace" --dataset un-agreement-chn --outcome agree \
  --treated PHL --start 2016 --periods 2000:2019 --units "$region" --drop-incomplete \
  --estimators did,sc,sdid --se placebo --reps 500 --seed 1 --out "$out/agreement-chn"
