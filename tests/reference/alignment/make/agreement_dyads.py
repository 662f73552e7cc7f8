#!/usr/bin/env python3
"""Agreement of one state with every other in chosen UN General Assembly sessions, counted
directly from un_votes.csv with the formulas of docs/alignment-agreement.md (not by
softpower): the expected values of tests/reference/alignment/agreement-usa.toml.

Usage, from the repository's root:
  python3 tests/reference/alignment/make/agreement_dyads.py ../shared/data/un-votes USA 1,30,74 \
      tests/reference/alignment/agreement-usa.expected.csv

Votes are levels no = 0 < abstain = 1 < yes = 2; a dyad's roll calls are those both states
cast a vote on; from their 3 x 3 table p (shares), with row and column margins r and c and
d_max = 2: agree = 1 - sum p_ij |i-j| / 2; s_score = 1 - 2 sum p_ij (i-j)^2 / 4; kappa =
(p_o - p_e) / (1 - p_e), p_o = sum p_ii, p_e = sum r_i c_i; kappa_w = 1 - sum p_ij (i-j)^2 /
sum r_i c_j (i-j)^2; pi = (p_o - q) / (1 - q), q = sum ((r_i + c_i) / 2)^2; alignment = 2 (sum
r_i c_j |i-j| - sum p_ij |i-j|) / 2. An undefined value (0 / 0) is written empty.

States are keyed as the softpower registry keys them (src/softpower/core/countries.csv, by
ISO-2 code), with the seats docs/alignment-data.md lists: RU is the Soviet Union to 1991, YU
Yugoslavia to 1992; the votes without a code are West Germany's and North Yemen's. A dyad is
written with the two codes in ascending order (a < b), as softpower writes it.
"""

import csv
import sys
from collections import defaultdict


def main():
    folder, focal, sessions, out = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
    sessions = {int(s) for s in sessions.split(",")}
    with open("src/softpower/core/countries.csv", newline="", encoding="utf-8") as f:
        by_iso2 = {}
        for r in csv.DictReader(f):
            for code in r["iso2"].split("|"):
                if code:
                    by_iso2.setdefault(code, r["code"])
    calls = {}
    with open(f"{folder}/un_roll_calls.csv", newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if int(r["session"]) in sessions:
                calls[int(r["rcid"])] = (int(r["session"]), int(r["date"][:4]))

    def key(iso2, name, year):
        if iso2 == "RU":
            return "SUN" if year <= 1991 else "RUS"
        if iso2 == "YU":
            return "YUG" if year <= 1992 else ("SCG" if year <= 2005 else "SRB")
        if iso2 == "":
            return {"Federal Republic of Germany": "XWG", "Yemen Arab Republic": "XNY"}[name]
        return by_iso2[iso2]

    level = {"no": 0, "abstain": 1, "yes": 2}
    votes = defaultdict(dict)  # rcid -> state -> level
    with open(f"{folder}/un_votes.csv", newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            rcid = int(r["rcid"])
            if rcid in calls:
                votes[rcid][key(r["country_code"], r["country"], calls[rcid][1])] = level[r["vote"]]
    tables = defaultdict(lambda: [[0] * 3 for _ in range(3)])  # (session, other) -> counts
    for rcid, cast in votes.items():
        if focal not in cast:
            continue
        for other, v in cast.items():
            if other != focal:
                t = tables[(calls[rcid][0], other)]
                if focal < other:
                    t[cast[focal]][v] += 1
                else:
                    t[v][cast[focal]] += 1
    rows = []
    for (session, other), t in tables.items():
        n = sum(map(sum, t))
        p = [[x / n for x in row] for row in t]
        r = [sum(p[i]) for i in range(3)]
        c = [sum(p[i][j] for i in range(3)) for j in range(3)]
        absd = sum(p[i][j] * abs(i - j) for i in range(3) for j in range(3))
        sq = sum(p[i][j] * (i - j) ** 2 for i in range(3) for j in range(3))
        po = sum(p[i][i] for i in range(3))
        pe = sum(r[i] * c[i] for i in range(3))
        qe = sum(((r[i] + c[i]) / 2) ** 2 for i in range(3))
        esq = sum(r[i] * c[j] * (i - j) ** 2 for i in range(3) for j in range(3))
        eabs = sum(r[i] * c[j] * abs(i - j) for i in range(3) for j in range(3))

        def ratio(num, den):
            return "" if den == 0 else repr(num / den)

        a, b = sorted((focal, other))
        rows.append((session, a, b, n, repr(1 - absd / 2), repr(1 - 2 * sq / 4),
                     ratio(po - pe, 1 - pe), "" if esq == 0 else repr(1 - sq / esq),
                     ratio(po - qe, 1 - qe), repr(2 * (eabs - absd) / 2)))
    rows.sort()
    with open(out, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["period", "a", "b", "n", "agree", "s_score", "kappa", "kappa_w", "pi",
                    "alignment"])
        w.writerows(rows)
    print(f"{len(rows)} dyads of {focal} in sessions {sorted(sessions)}", file=sys.stderr)


if __name__ == "__main__":
    main()
