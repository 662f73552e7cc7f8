#!/usr/bin/env bash
# The two datasets both evaluation cases read, imported into one workspace (sourced by the case
# scripts; docs/evaluation-china-confucius.md):
#   un-agreement-chn         every state's share of identical votes with China at the UN General
#                            Assembly, per session (labelled with the year it opens: 1945 + session)
#   china-public-diplomacy   AidData's China's Public Diplomacy Dashboard Dataset 2.0: Confucius
#                            Institutes opened, elite visits and more, per receiving country and year
# Reads:  $SOFTPOWER (the command, default build/softpower), $SOFTPOWER_DATA (default
#         ../shared/data), $out (the case's output folder), $workspace (default $out/case.workspace).
softpower=${SOFTPOWER:-build/softpower}
data=${SOFTPOWER_DATA:-../shared/data}
workspace=${workspace:-$out/case.workspace}

"$softpower" alignment with CHN --positions none --data "$data" --out "$out/agreement-chn"
"$softpower" import --workspace "$workspace" --file "$out/agreement-chn/alignment_with.csv" \
  --unit-column partner --code-system iso3 --year-column year --value-columns agree \
  --name un-agreement-chn
"$softpower" import --workspace "$workspace" \
  --file "$data/cultural-diplomacy/ChinesePublicDiplomacy.csv" \
  --unit-column receiving_country --code-system name --year-column year \
  --value-columns confucius_institutes,total_elite_visits,government_visits,journalist_visits,media_partnerships \
  --name china-public-diplomacy --licence "ODC-By 1.0 (AidData)"
