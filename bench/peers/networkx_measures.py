#!/usr/bin/python3
"""networkx side by side with bench/networks_measures.cpp: the same measures (degree,
strength, PageRank, eigenvector, hubs and authorities, betweenness and harmonic closeness with
distance 1/weight, and Louvain communities, networkx's nearest to Leiden) on the COW IGO
co-membership network, for the years given (all 199 take hours in networkx: time a sample).

  /usr/bin/python3 bench/peers/networkx_measures.py ../shared/data 1850 1900 1950 2000 2014
"""
import csv
import gzip
import sys
import time

import networkx as nx


def graphs(path, years):
    g = {y: nx.Graph() for y in years}
    with gzip.open(path, "rt") as f:
        for row in csv.DictReader(f):
            y = int(row["year"])
            w = int(row["dyadigos"])
            if y in g and w > 0:
                g[y].add_edge(int(row["ccode1"]), int(row["ccode2"]), weight=w, dist=1.0 / w)
    return g


def measures(g):
    dict(g.degree()), dict(g.degree(weight="weight"))
    nx.pagerank(g, weight="weight")
    nx.eigenvector_centrality_numpy(g, weight="weight")
    nx.hits(g, max_iter=10000)
    nx.betweenness_centrality(g, weight="dist", normalized=False)
    nx.harmonic_centrality(g, distance="dist")
    nx.community.louvain_communities(g, weight="weight", seed=1)


def main():
    years = [int(y) for y in sys.argv[2:]]
    g = graphs(f"{sys.argv[1]}/networks/cow_igo_ndy.csv.gz", years)
    for y in years:
        t = time.process_time()
        measures(g[y])
        pr = time.process_time()
        nx.pagerank(g[y], weight="weight")
        print(f"{y}: {g[y].number_of_nodes()} countries, {g[y].number_of_edges()} ties: "
              f"all measures {pr - t:.3f} s, PageRank {1000 * (time.process_time() - pr):.1f} ms CPU")


main()
