#!/usr/bin/env python3
"""Pearson's r between a favourable view of the US (Pew, via FiveThirtyEight) and each state's
agreement with the US at the UN, written independently of softpower's opinion capability:
its own table of the 37 publics' names, its own pairing and Python's statistics.correlation.

    python3 validity_pearson.py DATA/opinion/TRUMPWORLD-us.csv alignment_with.csv OUT.csv

alignment_with.csv is what `softpower alignment with USA --positions none` writes (its agreement
values are held to the formulas by tests/reference/alignment/agreement-usa.toml). A session is
dated 1945 + session, the year it opens. Per year with at least 5 countries, pooled over every
country-year, within countries (each value less its country's mean, countries with at least
two years), and two-way: the residuals of least squares on country and year dummies, solved
here by Gaussian elimination on the normal equations (softpower demeans by alternating
projections instead)."""

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


def solve(a, b):
    """x with a x = b, by Gaussian elimination with partial pivoting."""
    n = len(b)
    m = [row[:] + [b[i]] for i, row in enumerate(a)]
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(m[r][col]))
        m[col], m[pivot] = m[pivot], m[col]
        for r in range(n):
            if r != col and m[r][col] != 0:
                f = m[r][col] / m[col][col]
                m[r] = [v - f * w for v, w in zip(m[r], m[col])]
    return [m[i][n] / m[i][i] for i in range(n)]


def two_way_residuals(keys, values):
    """values less their least-squares fit on country dummies and year dummies (one year left
    out, so the design has full rank)."""
    countries = sorted({c for c, _ in keys})
    years = sorted({y for _, y in keys})[1:]
    columns = [("c", c) for c in countries] + [("y", y) for y in years]

    def row(key):
        return [1.0 if (kind == "c" and key[0] == v) or (kind == "y" and key[1] == v) else 0.0
                for kind, v in columns]

    design = [row(k) for k in keys]
    k = len(columns)
    xtx = [[sum(d[i] * d[j] for d in design) for j in range(k)] for i in range(k)]
    xty = [sum(d[i] * v for d, v in zip(design, values)) for i in range(k)]
    beta = solve(xtx, xty)
    return [v - sum(b * x for b, x in zip(beta, d)) for d, v in zip(design, values)]


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
    repeated = [(k, p, a) for k, p, a in pairs if sum(1 for q, _, _ in pairs if q[0] == k[0]) >= 2]
    keys = [k for k, _, _ in repeated]
    rows.append(["two_way", "", len({k[0] for k in keys}), len(keys),
                 correlation(two_way_residuals(keys, [p for _, p, _ in repeated]),
                             two_way_residuals(keys, [a for _, _, a in repeated]))])
    with open(out_path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["scope", "year", "countries", "pairs", "r"])
        for r in rows:
            w.writerow([*r[:4], repr(r[4])])


if __name__ == "__main__":
    main(*sys.argv[1:])
