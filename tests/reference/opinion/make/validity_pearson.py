#!/usr/bin/env python3
"""Pearson's r between a favourable view of the US (Pew, via FiveThirtyEight) and each state's
agreement with the US at the UN, written independently of softpower's opinion capability:
its own table of the 37 publics' names, its own pairing and Python's statistics.correlation.

    python3 validity_pearson.py DATA/opinion/TRUMPWORLD-us.csv alignment_with.csv OUT.csv

alignment_with.csv is what `softpower alignment with USA --positions none` writes (its agreement
values are held to the formulas by tests/reference/alignment/agreement-usa.toml). A session is
dated 1945 + session, the year it opens. Per year with at least 5 countries, pooled over every
country-year, and within countries (each value less its country's mean, countries with at least
two years)."""

import csv
import sys
from statistics import correlation

PUBLICS = {
    "Canada": "CAN", "France": "FRA", "Germany": "DEU", "Greece": "GRC", "Hungary": "HUN",
    "Italy": "ITA", "Netherlands": "NLD", "Poland": "POL", "Spain": "ESP", "Sweden": "SWE",
    "UK": "GBR", "Russia": "RUS", "Australia": "AUS", "India": "IND", "Indonesia": "IDN",
    "Japan": "JPN", "Philippines": "PHL", "South Korea": "KOR", "Vietnam": "VNM",
    "Israel": "ISR", "Jordan": "JOR", "Lebanon": "LBN", "Tunisia": "TUN", "Turkey": "TUR",
    "Ghana": "GHA", "Kenya": "KEN", "Nigeria": "NGA", "Senegal": "SEN", "South Africa": "ZAF",
    "Tanzania": "TZA", "Argentina": "ARG", "Brazil": "BRA", "Chile": "CHL", "Colombia": "COL",
    "Mexico": "MEX", "Peru": "PER", "Venezuela": "VEN",
}


def main(poll_path, agreement_path, out_path):
    poll = {}
    with open(poll_path, newline="") as f:
        for row in csv.DictReader(f):
            for name, code in PUBLICS.items():
                if row[name].strip():
                    poll[(code, int(row["year"]))] = float(row[name])
    agree = {}
    with open(agreement_path, newline="") as f:
        for row in csv.DictReader(f):
            if row["agree"].strip():
                agree[(row["partner"], 1945 + int(row["session"]))] = float(row["agree"])
    pairs = sorted((k, poll[k], agree[k]) for k in poll if k in agree)
    rows = []
    for year in sorted({k[1] for k, _, _ in pairs}):
        x = [p for k, p, _ in pairs if k[1] == year]
        y = [a for k, _, a in pairs if k[1] == year]
        if len(x) >= 5:
            rows.append(["year", year, len(x), len(x), correlation(x, y)])
    countries = sorted({k[0] for k, _, _ in pairs})
    rows.append(["pooled", "", len(countries), len(pairs),
                 correlation([p for _, p, _ in pairs], [a for _, _, a in pairs])])
    wx, wy, within = [], [], 0
    for c in countries:
        mine = [(p, a) for k, p, a in pairs if k[0] == c]
        if len(mine) < 2:
            continue
        within += 1
        mx = sum(p for p, _ in mine) / len(mine)
        my = sum(a for _, a in mine) / len(mine)
        wx += [p - mx for p, _ in mine]
        wy += [a - my for _, a in mine]
    rows.append(["within", "", within, len(wx), correlation(wx, wy)])
    with open(out_path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["scope", "year", "countries", "pairs", "r"])
        for r in rows:
            w.writerow([*r[:4], repr(r[4])])


if __name__ == "__main__":
    main(*sys.argv[1:])
