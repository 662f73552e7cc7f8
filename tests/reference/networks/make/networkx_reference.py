#!/usr/bin/env python3
"""Reference centralities by networkx (an implementation independent of igraph) for the
networks capability's tests (tests/networks/measures_test.cpp).

Reads the shared data's dyad-year files directly (COW codes as written, no registry), builds
one year's graph as docs/networks.md describes it, and writes one row per COW code:
  atop-2018.csv  alliances 2018: directed, weight = kinds of pledge (defence, offence,
                 neutrality, non-aggression, consultation) ccode1 makes to ccode2
  igo-1950.csv   IGO co-membership 1950: undirected, weight = shared IGOs
  counts.csv     each graph's nodes and ties (a tie: a row of the file with weight above 0)
Distances for betweenness and harmonic closeness are 1 / weight, as exact fractions.

Made with Debian 12's python3-networkx 2.8.8, python3-numpy, python3-scipy:
  /usr/bin/python3 tests/reference/networks/make/networkx_reference.py ../shared/data tests/reference/networks
"""
import csv
from fractions import Fraction
import gzip
import sys

import networkx as nx


def read(path, year, weight_of, directed):
    g = nx.DiGraph() if directed else nx.Graph()
    with gzip.open(path, "rt") as f:
        for row in csv.DictReader(f):
            if int(row["year"]) != year:
                continue
            w = weight_of(row)
            if w <= 0:
                continue
            a, b = int(row["ccode1"]), int(row["ccode2"])
            if a == b:
                continue
            if g.has_edge(a, b):
                g[a][b]["weight"] += w
            else:
                g.add_edge(a, b, weight=w)
    # Exact distances: paths of equal length are equal (1/3 + 1/6 = 1/2), as igraph's
    # comparison with a tolerance takes them, where floating-point sums may differ in the last bit.
    for a, b, d in g.edges(data=True):
        d["dist"] = Fraction(1, d["weight"])
    return g


def write(g, out, counts, name):
    counts.append([name, g.number_of_nodes(), g.number_of_edges()])
    n = g.number_of_nodes()
    pr = nx.pagerank(g, alpha=0.85, weight="weight", tol=1e-13, max_iter=100000)
    ev = nx.eigenvector_centrality_numpy(g, weight="weight")
    top = max(abs(v) for v in ev.values())
    bt = nx.betweenness_centrality(g, weight="dist", normalized=False)
    hc = nx.harmonic_centrality(g, distance="dist")
    directed = g.is_directed()
    with open(out, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["cow", "in_degree", "out_degree", "in_strength", "out_strength", "pagerank",
                    "eigenvector", "betweenness", "harmonic"])
        for v in sorted(g.nodes()):
            if directed:
                deg = (g.in_degree(v), g.out_degree(v),
                       g.in_degree(v, weight="weight"), g.out_degree(v, weight="weight"))
            else:
                deg = (g.degree(v), g.degree(v), g.degree(v, weight="weight"),
                       g.degree(v, weight="weight"))
            w.writerow([v, *deg, repr(pr[v]), repr(abs(ev[v]) / top), repr(float(bt[v])),
                        repr(float(hc[v] / (n - 1)))])


def main():
    data, out = sys.argv[1], sys.argv[2]
    kinds = ["atop_defense", "atop_offense", "atop_neutral", "atop_nonagg", "atop_consul"]
    atop = read(f"{data}/networks/atop_alliance.csv.gz", 2018,
                lambda r: sum(1 for k in kinds if int(r[k]) != 0), True)
    counts = []
    write(atop, f"{out}/atop-2018.csv", counts, "atop-2018")
    igo = read(f"{data}/networks/cow_igo_ndy.csv.gz", 1950, lambda r: int(r["dyadigos"]), False)
    write(igo, f"{out}/igo-1950.csv", counts, "igo-1950")
    with open(f"{out}/counts.csv", "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["graph", "nodes", "ties"])
        w.writerows(counts)


main()
