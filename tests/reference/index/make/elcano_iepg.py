#!/usr/bin/env python3
"""The Elcano Global Presence Index computed directly from its published inputs and weights,
as the Elcano methodology states it (docs/index-elcano.md), not by softpower: the expected
values of tests/reference/index/elcano-iepg.toml.

  dimension d = sum over its variables v of (within-dimension weight of v / 100) * input v
  IEPG        = (38 economic + 16 military + 46 soft) / 100   (the dimension weights)

Usage, from the repository's root:
  python3 tests/reference/index/make/elcano_iepg.py ../shared/data \
      tests/reference/index/elcano-iepg.expected.csv

One row per unit, year and aggregate: year, unit, code, level (2 a dimension, 3 the index),
score, rank (1 = the largest score of that aggregate in that year; equal scores share the
lowest rank). Units are the
inputs' UN M49 codes (`un276`) keyed as the softpower registry keys them
(src/softpower/core/countries.csv, column m49), as the `elcano` reader does.
"""

import csv
import math
import sys
from collections import defaultdict


def main():
    data, out = sys.argv[1], sys.argv[2]
    with open(f"{data}/elcano/elcano_iepg_weights.csv", newline="") as f:
        weights = list(csv.DictReader(f))
    with open("src/softpower/core/countries.csv", newline="", encoding="utf-8") as f:
        m49 = {}
        for r in csv.DictReader(f):
            if r["m49"]:
                m49.setdefault(int(r["m49"]), r["code"])
    with open(f"{data}/elcano/iepg_final_data_inputs.csv", newline="") as f:
        rows = list(csv.DictReader(f, delimiter=";"))
    dims = {"economic": 38, "military": 16, "soft": 46}
    scores = defaultdict(dict)  # (year, code) -> unit -> score
    for r in rows:
        year = int(r["date_in"][:4])
        unit = m49[int(r["id_master_country"][2:])]
        sums = {d: [] for d in dims}
        for w in weights:
            sums[w["dimension"]].append(float(w["within_dimension_weight_pct"]) *
                                        float(r[w["variable"]]) / 100)
        presence = {d: math.fsum(v) for d, v in sums.items()}
        for d, v in presence.items():
            scores[(year, f"{d}_presence")][unit] = v
        scores[(year, "iepg")][unit] = math.fsum(dims[d] * presence[d] for d in dims) / 100
    table = []
    for (year, code), by_unit in scores.items():
        for unit, s in by_unit.items():
            rank = 1 + sum(1 for other in by_unit.values() if other > s)
            table.append((year, unit, code, 3 if code == "iepg" else 2, s, rank))
    table.sort()
    with open(out, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["year", "unit", "code", "level", "score", "rank"])
        for year, unit, code, level, s, rank in table:
            w.writerow([year, unit, code, level, repr(s), rank])
    print(f"{len(rows)} unit-years, {len(table)} scores", file=sys.stderr)


if __name__ == "__main__":
    main()
