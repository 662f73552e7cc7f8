#!/usr/bin/env python3
"""Georgia as a target in the UNDP's GDELT 1.0 extracts, month by month, counted directly from
the files (not by softpower): the expected values of tests/reference/perception/georgia-target.toml.

Usage, from the repository's root:
  python3 tests/reference/perception/make/gdelt_georgia.py ../shared/data/gdelt/undp-georgia-gdelt1 \
      tests/reference/perception

The files are R's write.csv output, gzipped: quoted text, NA for a missing value, and in some
files a first column of row names (a row one field longer than the header). An event targets
Georgia when Actor2CountryCode is GEO; its period is the month of SQLDATE. Per month, as
docs/perception.md defines the sums:
  events, mentions (sum of NumMentions), tone = sum NumMentions * AvgTone / sum NumMentions,
  goldstein = the mean GoldsteinScale of the events that have one, q1..q4 = events per
  QuadClass, share = events / all events of the month, coop = (q1 + q2) / events.
Writes georgia-target.expected.csv (Georgia's rows of targets.csv) and
georgia-periods.expected.csv (every month's events and mentions, periods.csv).
"""

import csv
import glob
import gzip
import math
import sys
from collections import defaultdict


def main():
    folder, out = sys.argv[1], sys.argv[2]
    geo = defaultdict(lambda: {"events": 0, "mentions": 0, "tone": [], "gold": [],
                               "quad": [0, 0, 0, 0]})
    periods = defaultdict(lambda: [0, 0])
    for path in sorted(glob.glob(f"{folder}/*.csv.gz")):
        with gzip.open(path, "rt", newline="", encoding="utf-8") as f:
            rows = csv.reader(f)
            header = next(rows)
            col = {name: i for i, name in enumerate(header)}
            for row in rows:
                o = 1 if len(row) > len(header) else 0
                get = lambda name: row[col[name] + o]  # noqa: E731
                date = get("SQLDATE")
                period = f"{date[:4]}-{date[4:6]}"
                mentions = int(get("NumMentions"))
                periods[period][0] += 1
                periods[period][1] += mentions
                if get("Actor2CountryCode").strip() != "GEO":
                    continue
                g = geo[period]
                g["events"] += 1
                g["mentions"] += mentions
                g["tone"].append(mentions * float(get("AvgTone")))
                if get("GoldsteinScale") not in ("NA", ""):
                    g["gold"].append(float(get("GoldsteinScale")))
                g["quad"][int(get("QuadClass")) - 1] += 1
    with open(f"{out}/georgia-target.expected.csv", "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["period", "country", "events", "mentions", "tone", "goldstein", "q1", "q2",
                    "q3", "q4", "share", "coop"])
        for period in sorted(geo):
            g = geo[period]
            tone = math.fsum(g["tone"]) / g["mentions"] if g["mentions"] else ""
            gold = math.fsum(g["gold"]) / len(g["gold"]) if g["gold"] else ""
            q = g["quad"]
            w.writerow([period, "GEO", g["events"], g["mentions"], repr(tone), repr(gold)] + q +
                       [repr(g["events"] / periods[period][0]), repr((q[0] + q[1]) / g["events"])])
    with open(f"{out}/georgia-periods.expected.csv", "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["period", "events", "mentions"])
        for period in sorted(periods):
            w.writerow([period] + periods[period])
    print(f"{sum(p[0] for p in periods.values())} events in {len(periods)} months; "
          f"Georgia the target of {sum(g['events'] for g in geo.values())}", file=sys.stderr)


if __name__ == "__main__":
    main()
