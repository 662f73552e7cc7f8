#!/usr/bin/env python3
"""Change points of stored series by an independent PELT, checked against exhaustive optimal
partitioning: the expected values of the tests/reference/core/pelt-*.toml cases.

Written from Killick, Fearnhead and Eckley (2012), "Optimal detection of changepoints with a
linear computational cost", JASA 107, 1590-1598, with the costs and the penalty that
docs/changepoints.md gives for softpower (not from softpower's code):

  F(0) = -beta;  F(t) = min over s of F(s) + C(y[s:t]) + beta, s = 0 or m <= s <= t - m
  PELT keeps s for time t + 1 only when F(s) + C(y[s:t]) <= F(t)   (their theorem 3.1, K = 0)

  mean:     C = sum (y - mean)^2 / sigma^2, sigma = median |y_i - y_(i-1)| * 1.4826 / sqrt(2)
            (the sample standard deviation when that is 0); beta = 2 ln n; m = 2
  meanvar:  C = n (ln(2 pi v) + 1), v = the segment's maximum-likelihood variance, floored at
            1e-12 (1 + mean^2); beta = 3 ln n; m = 5

A series shorter than 2 m values is not searched. Segment sums are taken directly (math.fsum)
rather than from prefix sums. For every series the script also runs optimal partitioning
without pruning (O(n^2)) and stops when the two differ in change points or in cost (1e-9).

Usage:
  python3 pelt.py SERIES.csv OUT.csv --group country,partner --period period --value value \
      [--cost mean|meanvar] [--keep role,series]
Rows with an empty value are left out of their series (as softpower leaves out unobserved
periods). OUT.csv has the group columns, the --keep columns (taken from the series' first row),
the period column, and before, after, change: one row per change point.
"""

import argparse
import csv
import math
import statistics
import sys


def median(values):
    return statistics.median(values)


def sample_sd(values):
    return statistics.stdev(values) if len(values) > 1 else 0.0


def noise_scale(y):
    diffs = [abs(y[i] - y[i - 1]) for i in range(1, len(y))]
    if not diffs:
        return 1.0
    mad = median(diffs) * 1.4826 / math.sqrt(2.0)
    if mad > 0:
        return mad
    sd = sample_sd(y)
    return sd if sd > 0 else 1.0


def make_cost(y, cost):
    if cost == "mean":
        sigma2 = noise_scale(y) ** 2

        def c(a, b):
            seg = y[a:b]
            mean = math.fsum(seg) / len(seg)
            return math.fsum((v - mean) ** 2 for v in seg) / sigma2
    else:

        def c(a, b):
            seg = y[a:b]
            n = len(seg)
            mean = math.fsum(seg) / n
            var = math.fsum((v - mean) ** 2 for v in seg) / n
            var = max(var, 1e-12 * (1.0 + mean * mean))
            return n * (math.log(2 * math.pi * var) + 1)

    return c


def segment(y, cost, prune):
    n = len(y)
    m = 2 if cost == "mean" else 5
    beta = (2.0 if cost == "mean" else 3.0) * math.log(max(n, 2))
    c = make_cost(y, cost)
    F = [math.inf] * (n + 1)
    last = [0] * (n + 1)
    F[0] = -beta
    candidates = []
    for t in range(m, n + 1):
        if prune:
            candidates.append(t - m)
            admissible = candidates
        else:
            admissible = [0] + list(range(m, t - m + 1))
        best, arg, costs = math.inf, 0, {}
        for s in admissible:
            if F[s] == math.inf:
                continue
            costs[s] = c(s, t)
            v = F[s] + costs[s] + beta
            if v < best:
                best, arg = v, s
        F[t], last[t] = best, arg
        if prune:
            candidates = [s for s in candidates if F[s] == math.inf or F[s] + costs[s] <= best]
    changes = []
    t = n
    while t > 0 and last[t] > 0:
        changes.append(last[t])
        t = last[t]
    changes.reverse()
    return changes, F[n]


def segment_means(y, changes):
    bounds = [0] + changes + [len(y)]
    return [math.fsum(y[a:b]) / (b - a) for a, b in zip(bounds, bounds[1:])]


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("series")
    p.add_argument("out")
    p.add_argument("--group", required=True)
    p.add_argument("--period", required=True)
    p.add_argument("--value", required=True)
    p.add_argument("--cost", choices=["mean", "meanvar"], default="mean")
    p.add_argument("--keep", default="")
    a = p.parse_args()
    group = a.group.split(",")
    keep = [k for k in a.keep.split(",") if k]
    with open(a.series, newline="") as f:
        rows = list(csv.DictReader(f))
    series = {}
    for r in rows:
        if r[a.value] == "":
            continue
        series.setdefault(tuple(r[g] for g in group), []).append(r)
    m = 2 if a.cost == "mean" else 5
    out = []
    found = 0
    for key in sorted(series):
        rs = series[key]
        y = [float(r[a.value]) for r in rs]
        if len(y) < 2 * m:
            continue
        changes, total = segment(y, a.cost, prune=True)
        exhaustive, total_op = segment(y, a.cost, prune=False)
        if changes != exhaustive or abs(total - total_op) > 1e-9 * max(1.0, abs(total)):
            sys.exit(f"{key}: PELT {changes} ({total}) and optimal partitioning "
                     f"{exhaustive} ({total_op}) differ")
        means = segment_means(y, changes)
        for i, at in enumerate(changes):
            before, after = means[i], means[i + 1]
            out.append(list(key) + [rs[0][k] for k in keep] +
                       [rs[at][a.period], repr(before), repr(after), repr(after - before)])
            found += 1
    with open(a.out, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(group + keep + [a.period, "before", "after", "change"])
        w.writerows(out)
    print(f"{len(series)} series, {found} change points; PELT and optimal partitioning agree",
          file=sys.stderr)


if __name__ == "__main__":
    main()
