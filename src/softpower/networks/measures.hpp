#pragma once
// Centrality and communities of a weighted graph, each from igraph (docs/networks.md,
// "Measures"): degree and strength, PageRank, eigenvector centrality, hub and authority scores,
// betweenness and harmonic closeness (weights turned into distances as 1 / weight), and Leiden
// communities maximising modularity.

#include <cstdint>
#include <vector>

#include "softpower/networks/graph.hpp"

namespace softpower::networks {

struct MeasureOptions {
  double damping = 0.85;    ///< PageRank's damping factor
  double resolution = 1.0;  ///< modularity's resolution γ (larger: more, smaller communities)
  std::uint64_t seed = 1;   ///< of Leiden's random node order
  int leiden_starts = 10;   ///< Leiden runs from different seeds; the best modularity is kept
  /// Betweenness and harmonic closeness, which need every shortest path and take most of the
  /// time; false leaves them empty (an index that takes neither from a network).
  bool paths = true;
};

/// Per node, in the graph's node order. For an undirected graph in = out.
struct NodeMeasures {
  std::vector<double> in_degree, out_degree;      ///< ties (edges), not weights
  std::vector<double> in_strength, out_strength;  ///< sums of weights
  std::vector<double> pagerank;                   ///< sums to 1; directed along the ties, weighted
  std::vector<double> eigenvector;     ///< weighted, by in-ties when directed; the largest is 1
  std::vector<double> hub, authority;  ///< Kleinberg's, weighted; the largest of each is 1
  /// Shortest paths through the node (pairs counted once, ordered pairs when directed),
  /// distances 1 / weight.
  std::vector<double> betweenness;
  /// Mean over the other nodes of 1 / distance from them to the node (distance 1 / weight; 0
  /// for a node that cannot be reached).
  std::vector<double> harmonic;
  std::vector<int> community;  ///< 0-based, numbered by decreasing size
  double modularity = 0;       ///< of `community`, at the resolution asked for
  int communities = 0;
};

/// Every measure of the graph. Communities are found on the undirected graph (a directed
/// tie's weights in both directions added). An empty graph gives empty vectors.
NodeMeasures measure(const Graph& graph, const MeasureOptions& options = {});

struct Communities {
  std::vector<int> membership;  ///< 0-based, numbered by decreasing size, ties by first node
  double modularity = 0;
  int count = 0;
};

/// Leiden communities maximising modularity with resolution γ (Traag et al. 2019, igraph's
/// implementation with node weights = strengths and resolution γ / 2m), run to convergence
/// from `starts` seeds (seed, seed + 1, ...), the partition of highest modularity kept.
Communities leiden_communities(const Graph& graph, double resolution, std::uint64_t seed,
                               int starts);

/// Newman's modularity of a partition of the graph (undirected, weighted) at resolution γ.
double modularity(const Graph& graph, const std::vector<int>& membership, double resolution);

}  // namespace softpower::networks
