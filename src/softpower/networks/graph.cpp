#include "softpower/networks/graph.hpp"

#include <igraph.h>

#include <cmath>
#include <map>
#include <unordered_map>

#include "softpower/core/error.hpp"
#include "softpower/networks/igraph_vectors.hpp"

namespace softpower::networks {

namespace {

// igraph's default handler aborts the process; softpower turns error codes into Errors.
void quiet_igraph() {
  static const bool once = [] {
    igraph_set_error_handler(igraph_error_handler_ignore);
    igraph_set_warning_handler(igraph_warning_handler_ignore);
    return true;
  }();
  (void)once;
}

}  // namespace

void check_igraph(int code, const char* what) {
  if (code != IGRAPH_SUCCESS) {
    throw Error(std::string("igraph: ") + what + ": " +
                igraph_strerror(static_cast<igraph_error_t>(code)));
  }
}

Graph::Graph(std::size_t nodes, const std::vector<Edge>& edges, std::vector<double> weights,
             bool directed)
    : nodes_(nodes), edges_(edges), weights_(std::move(weights)), directed_(directed) {
  quiet_igraph();
  if (weights_.size() != edges_.size()) {
    throw Error("a graph needs one weight per edge: " + std::to_string(edges_.size()) + " edges, " +
                std::to_string(weights_.size()) + " weights");
  }
  IntVector ends(2 * edges_.size());
  for (std::size_t e = 0; e < edges_.size(); ++e) {
    const auto [a, b] = edges_[e];
    if (a >= nodes || b >= nodes) {
      throw Error("edge " + std::to_string(e) + " joins node " + std::to_string(std::max(a, b)) +
                  " of a graph with " + std::to_string(nodes) + " nodes");
    }
    if (!std::isfinite(weights_[e]) || weights_[e] <= 0) {
      throw Error("edge " + std::to_string(e) + " has weight " + std::to_string(weights_[e]) +
                  "; weights must be positive and finite");
    }
    ends[2 * e] = static_cast<igraph_integer_t>(a);
    ends[2 * e + 1] = static_cast<igraph_integer_t>(b);
  }
  graph_ = new igraph_t;
  const igraph_error_t code =
      igraph_create(graph_, ends.get(), static_cast<igraph_integer_t>(nodes), directed);
  if (code != IGRAPH_SUCCESS) {
    delete graph_;
    graph_ = nullptr;
    check_igraph(code, "creating a graph");
  }
}

Graph::~Graph() {
  if (graph_ != nullptr) {
    igraph_destroy(graph_);
    delete graph_;
  }
}

Graph::Graph(Graph&& other) noexcept
    : graph_(std::exchange(other.graph_, nullptr)),
      nodes_(other.nodes_),
      edges_(std::move(other.edges_)),
      weights_(std::move(other.weights_)),
      directed_(other.directed_) {}

Graph& Graph::operator=(Graph&& other) noexcept {
  if (this != &other) {
    if (graph_ != nullptr) {
      igraph_destroy(graph_);
      delete graph_;
    }
    graph_ = std::exchange(other.graph_, nullptr);
    nodes_ = other.nodes_;
    edges_ = std::move(other.edges_);
    weights_ = std::move(other.weights_);
    directed_ = other.directed_;
  }
  return *this;
}

YearGraph year_graph(const DyadSet& ties, int year) {
  std::vector<std::string> labels;
  std::unordered_map<std::string, std::size_t> index;
  std::map<Graph::Edge, double> weight;
  const auto node = [&](const std::string& code) {
    const auto [it, added] = index.emplace(code, labels.size());
    if (added) labels.push_back(code);
    return it->second;
  };
  for (const Dyad& d : ties.dyads) {
    if (d.year != year || d.source == d.target) continue;
    std::size_t a = node(d.source), b = node(d.target);
    if (!ties.directed && b < a) std::swap(a, b);
    weight[{a, b}] += d.weight;
  }
  std::vector<Graph::Edge> edges;
  std::vector<double> weights;
  edges.reserve(weight.size());
  weights.reserve(weight.size());
  for (const auto& [edge, w] : weight) {
    edges.push_back(edge);
    weights.push_back(w);
  }
  const std::size_t n = labels.size();
  return YearGraph{year, std::move(labels), Graph(n, edges, std::move(weights), ties.directed)};
}

}  // namespace softpower::networks
