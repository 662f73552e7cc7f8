#pragma once
// A weighted graph held by igraph's C library (Debian's libigraph 0.10), in a small owning
// type: nodes 0..n-1, edges with positive weights, directed or not. igraph's errors become
// softpower::Error; igraph never aborts the process (docs/networks.md, "Graph engine").

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "softpower/core/dyads.hpp"

struct igraph_s;  // igraph_t

namespace softpower::networks {

class Graph {
 public:
  using Edge = std::pair<std::size_t, std::size_t>;
  /// Throws Error for a node out of range, a weight that is not positive and finite, or a
  /// weight count that differs from the edge count.
  Graph(std::size_t nodes, const std::vector<Edge>& edges, std::vector<double> weights,
        bool directed);
  ~Graph();
  Graph(Graph&& other) noexcept;
  Graph& operator=(Graph&& other) noexcept;
  Graph(const Graph&) = delete;
  Graph& operator=(const Graph&) = delete;

  std::size_t nodes() const { return nodes_; }
  std::size_t edges() const { return edges_.size(); }
  bool directed() const { return directed_; }
  const std::vector<Edge>& edge_list() const { return edges_; }
  const std::vector<double>& weights() const { return weights_; }
  const igraph_s* get() const { return graph_; }

 private:
  igraph_s* graph_ = nullptr;
  std::size_t nodes_ = 0;
  std::vector<Edge> edges_;
  std::vector<double> weights_;
  bool directed_ = false;
};

/// One year's ties as a graph, with the node labels (registry codes) in order of first
/// appearance. A pair given twice (or both ways in an undirected source) adds its weights.
struct YearGraph {
  int year = 0;
  std::vector<std::string> labels;
  Graph graph;
};

/// The graph of `year` from a source's ties; an empty graph when the year has none.
YearGraph year_graph(const DyadSet& ties, int year);

/// Throws Error naming `what` when igraph returned an error code.
void check_igraph(int code, const char* what);

}  // namespace softpower::networks
