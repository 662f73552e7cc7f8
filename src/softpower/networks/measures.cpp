#include "softpower/networks/measures.hpp"

#include <igraph.h>

#include <algorithm>
#include <map>
#include <mutex>
#include <numeric>

#include "softpower/core/error.hpp"
#include "softpower/networks/igraph_vectors.hpp"

namespace softpower::networks {

namespace {

const igraph_t* raw(const Graph& g) {
  return reinterpret_cast<const igraph_t*>(g.get());
}

std::vector<double> degree(const Graph& g, igraph_neimode_t mode) {
  IntVector out;
  check_igraph(igraph_degree(raw(g), out.get(), igraph_vss_all(), mode, IGRAPH_LOOPS), "degree");
  const std::vector<int> d = out.values();
  return {d.begin(), d.end()};
}

std::vector<double> strength(const Graph& g, igraph_neimode_t mode) {
  RealVector out;
  const igraph_vector_t w = view_of(g.weights());
  check_igraph(igraph_strength(raw(g), out.get(), igraph_vss_all(), mode, IGRAPH_LOOPS, &w),
               "strength");
  return out.values();
}

// The undirected graph of a directed one: the weights of a pair's two ties added.
Graph undirected(const Graph& g) {
  std::map<Graph::Edge, double> weight;
  for (std::size_t e = 0; e < g.edges(); ++e) {
    auto [a, b] = g.edge_list()[e];
    if (b < a) std::swap(a, b);
    weight[{a, b}] += g.weights()[e];
  }
  std::vector<Graph::Edge> edges;
  std::vector<double> weights;
  for (const auto& [edge, w] : weight) {
    edges.push_back(edge);
    weights.push_back(w);
  }
  return Graph(g.nodes(), edges, std::move(weights), false);
}

// Communities renumbered by decreasing size, ties broken by their first node.
std::vector<int> by_size(const std::vector<int>& membership) {
  std::map<int, std::pair<std::size_t, std::size_t>> size_first;  // community -> (size, first)
  for (std::size_t i = 0; i < membership.size(); ++i) {
    auto [it, added] = size_first.emplace(membership[i], std::make_pair(0, i));
    ++it->second.first;
  }
  std::vector<std::pair<int, std::pair<std::size_t, std::size_t>>> order(size_first.begin(),
                                                                         size_first.end());
  std::sort(order.begin(), order.end(), [](const auto& x, const auto& y) {
    if (x.second.first != y.second.first) return x.second.first > y.second.first;
    return x.second.second < y.second.second;
  });
  std::map<int, int> renumber;
  for (std::size_t k = 0; k < order.size(); ++k) renumber[order[k].first] = static_cast<int>(k);
  std::vector<int> out(membership.size());
  for (std::size_t i = 0; i < membership.size(); ++i) out[i] = renumber[membership[i]];
  return out;
}

// igraph's random number generator is one for the process.
std::mutex& igraph_rng_mutex() {
  static std::mutex m;
  return m;
}

}  // namespace

double modularity(const Graph& graph, const std::vector<int>& membership, double resolution) {
  if (membership.size() != graph.nodes()) {
    throw Error("a partition of " + std::to_string(membership.size()) + " nodes for a graph of " +
                std::to_string(graph.nodes()));
  }
  const Graph g = graph.directed()
                      ? undirected(graph)
                      : Graph(graph.nodes(), graph.edge_list(), graph.weights(), false);
  IntVector m(membership.size());
  for (std::size_t i = 0; i < membership.size(); ++i) m[i] = membership[i];
  const igraph_vector_t w = view_of(g.weights());
  igraph_real_t q = 0;
  check_igraph(igraph_modularity(raw(g), m.get(), &w, resolution, false, &q), "modularity");
  return q;
}

Communities leiden_communities(const Graph& graph, double resolution, std::uint64_t seed,
                               int starts) {
  Communities best;
  if (graph.nodes() == 0) return best;
  const Graph g = graph.directed()
                      ? undirected(graph)
                      : Graph(graph.nodes(), graph.edge_list(), graph.weights(), false);
  const std::vector<double> node_weight = strength(g, IGRAPH_ALL);
  // A node without ties is a community of its own. Leiden runs on the others: with a node of
  // weight 0, igraph 0.10's search until convergence may never end (a backbone leaves such
  // nodes).
  std::vector<std::size_t> tied;
  for (std::size_t i = 0; i < g.nodes(); ++i)
    if (node_weight[i] > 0) tied.push_back(i);
  if (tied.size() < g.nodes()) {
    std::vector<std::size_t> position(g.nodes(), 0);
    for (std::size_t k = 0; k < tied.size(); ++k) position[tied[k]] = k;
    std::vector<Graph::Edge> edges;
    edges.reserve(g.edges());
    for (const auto& [a, b] : g.edge_list()) edges.emplace_back(position[a], position[b]);
    const Communities among_tied =
        leiden_communities(Graph(tied.size(), edges, g.weights(), false), resolution, seed, starts);
    std::vector<int> membership(g.nodes(), -1);
    for (std::size_t k = 0; k < tied.size(); ++k) membership[tied[k]] = among_tied.membership[k];
    int next = among_tied.count;
    for (int& m : membership)
      if (m < 0) m = next++;
    best.membership = by_size(membership);
    best.count = next;
    best.modularity = tied.empty() ? 0 : modularity(g, membership, resolution);
    return best;
  }
  const double two_m = std::accumulate(node_weight.begin(), node_weight.end(), 0.0);
  const igraph_vector_t w = view_of(g.weights());
  const igraph_vector_t nw = view_of(node_weight);
  best.modularity = -1;
  for (int s = 0; s < std::max(1, starts); ++s) {
    IntVector membership(g.nodes());
    igraph_integer_t count = 0;
    igraph_real_t quality = 0;
    {
      const std::lock_guard<std::mutex> lock(igraph_rng_mutex());
      check_igraph(igraph_rng_seed(igraph_rng_default(), seed + static_cast<std::uint64_t>(s)),
                   "seeding");
      // A negative number of iterations: until the partition no longer changes.
      check_igraph(
          igraph_community_leiden(raw(g), &w, &nw, two_m > 0 ? resolution / two_m : resolution,
                                  0.01, false, -1, membership.get(), &count, &quality),
          "Leiden communities");
    }
    const std::vector<int> m = membership.values();
    const double q = two_m > 0 ? modularity(g, m, resolution) : 0;
    if (q > best.modularity + 1e-12) {
      best.membership = by_size(m);
      best.modularity = q;
      best.count = static_cast<int>(count);
    }
  }
  return best;
}

NodeMeasures measure(const Graph& graph, const MeasureOptions& options) {
  NodeMeasures m;
  const std::size_t n = graph.nodes();
  if (n == 0) return m;
  const igraph_t* g = raw(graph);
  const igraph_vector_t w = view_of(graph.weights());
  std::vector<double> distance(graph.weights().size());
  std::transform(graph.weights().begin(), graph.weights().end(), distance.begin(),
                 [](double x) { return 1.0 / x; });
  const igraph_vector_t d = view_of(distance);

  m.in_degree = degree(graph, IGRAPH_IN);
  m.out_degree = degree(graph, IGRAPH_OUT);
  m.in_strength = strength(graph, IGRAPH_IN);
  m.out_strength = strength(graph, IGRAPH_OUT);
  {
    RealVector out;
    igraph_real_t value = 0;
    check_igraph(igraph_pagerank(g, IGRAPH_PAGERANK_ALGO_PRPACK, out.get(), &value,
                                 igraph_vss_all(), true, options.damping, &w, nullptr),
                 "PageRank");
    m.pagerank = out.values();
  }
  if (graph.edges() > 0) {
    // ARPACK may start from a random vector drawn from igraph's one generator: seeded here,
    // so that a graph's eigenvectors do not depend on what was computed before in the process
    // (the last bits did).
    const std::lock_guard<std::mutex> lock(igraph_rng_mutex());
    check_igraph(igraph_rng_seed(igraph_rng_default(), 1), "seeding");
    RealVector out;
    igraph_real_t value = 0;
    check_igraph(igraph_eigenvector_centrality(g, out.get(), &value, true, true, &w, nullptr),
                 "eigenvector centrality");
    m.eigenvector = out.values();
    RealVector hub, authority;
    check_igraph(
        igraph_hub_and_authority_scores(g, hub.get(), authority.get(), &value, true, &w, nullptr),
        "hub and authority scores");
    m.hub = hub.values();
    m.authority = authority.values();
  } else {
    m.eigenvector = m.hub = m.authority = std::vector<double>(n, 0.0);
  }
  if (options.paths) {
    RealVector out;
    check_igraph(igraph_betweenness(g, out.get(), igraph_vss_all(), true, &d), "betweenness");
    m.betweenness = out.values();
  }
  if (options.paths) {
    RealVector out;
    check_igraph(igraph_harmonic_centrality(g, out.get(), igraph_vss_all(), IGRAPH_IN, &d, true),
                 "harmonic centrality");
    m.harmonic = out.values();
  }
  const Communities c =
      leiden_communities(graph, options.resolution, options.seed, options.leiden_starts);
  m.community = c.membership;
  m.modularity = c.modularity;
  m.communities = c.count;
  return m;
}

}  // namespace softpower::networks
