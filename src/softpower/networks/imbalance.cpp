#include "softpower/networks/imbalance.hpp"

#include <algorithm>
#include <cmath>
#include <map>

namespace softpower::networks {

namespace {

struct Ends {
  std::vector<double> out_strength, in_strength;
  std::vector<double> out_degree, in_degree;
};

Ends ends_of(const Graph& g) {
  Ends e{std::vector<double>(g.nodes(), 0.0), std::vector<double>(g.nodes(), 0.0),
         std::vector<double>(g.nodes(), 0.0), std::vector<double>(g.nodes(), 0.0)};
  for (std::size_t k = 0; k < g.edges(); ++k) {
    const auto [a, b] = g.edge_list()[k];
    const double w = g.weights()[k];
    e.out_strength[a] += w;
    e.out_degree[a] += 1;
    e.in_strength[b] += w;
    e.in_degree[b] += 1;
    if (!g.directed()) {
      e.out_strength[b] += w;
      e.out_degree[b] += 1;
      e.in_strength[a] += w;
      e.in_degree[a] += 1;
    }
  }
  return e;
}

double alpha(double weight, double strength, double degree) {
  if (degree <= 1) return 1.0;
  return std::pow(1.0 - weight / strength, degree - 1.0);
}

}  // namespace

std::vector<PairFlow> pair_flows(const Graph& g) {
  const Ends e = ends_of(g);
  std::map<std::pair<std::size_t, std::size_t>, PairFlow> pairs;
  for (std::size_t k = 0; k < g.edges(); ++k) {
    const auto [from, to] = g.edge_list()[k];
    const double w = g.weights()[k];
    const std::size_t a = std::min(from, to), b = std::max(from, to);
    PairFlow& p = pairs[{a, b}];
    p.a = a;
    p.b = b;
    if (!g.directed()) {
      p.a_to_b = p.b_to_a = w;
    } else if (from == a) {
      p.a_to_b = w;
    } else {
      p.b_to_a = w;
    }
  }
  std::vector<PairFlow> out;
  out.reserve(pairs.size());
  for (auto& [key, p] : pairs) {
    p.share_of_a = e.out_strength[p.a] > 0 ? p.a_to_b / e.out_strength[p.a] : 0;
    p.share_of_b = e.out_strength[p.b] > 0 ? p.b_to_a / e.out_strength[p.b] : 0;
    out.push_back(p);
  }
  return out;
}

std::vector<PartnerFlow> partner_flows(const Graph& g, std::size_t country) {
  std::vector<PartnerFlow> out;
  for (const PairFlow& p : pair_flows(g)) {
    if (p.a == country) out.push_back({p.b, p.a_to_b, p.b_to_a, p.share_of_a, p.share_of_b});
    if (p.b == country) out.push_back({p.a, p.b_to_a, p.a_to_b, p.share_of_b, p.share_of_a});
  }
  std::stable_sort(out.begin(), out.end(), [](const PartnerFlow& x, const PartnerFlow& y) {
    return x.to + x.from > y.to + y.from;
  });
  return out;
}

std::vector<double> concentration(const Graph& g) {
  const Ends e = ends_of(g);
  std::vector<double> h(g.nodes(), 0.0);
  for (std::size_t k = 0; k < g.edges(); ++k) {
    const auto [a, b] = g.edge_list()[k];
    const double w = g.weights()[k];
    h[a] += (w / e.out_strength[a]) * (w / e.out_strength[a]);
    if (!g.directed()) h[b] += (w / e.out_strength[b]) * (w / e.out_strength[b]);
  }
  return h;
}

std::vector<EdgeSignificance> disparity(const Graph& g) {
  const Ends e = ends_of(g);
  std::vector<EdgeSignificance> out(g.edges());
  for (std::size_t k = 0; k < g.edges(); ++k) {
    const auto [a, b] = g.edge_list()[k];
    const double w = g.weights()[k];
    out[k].from_source = alpha(w, e.out_strength[a], e.out_degree[a]);
    out[k].from_target = alpha(w, e.in_strength[b], e.in_degree[b]);
  }
  return out;
}

std::vector<std::size_t> backbone(const Graph& g, double level) {
  const std::vector<EdgeSignificance> s = disparity(g);
  std::vector<std::size_t> kept;
  for (std::size_t k = 0; k < s.size(); ++k) {
    if (s[k].from_source < level || s[k].from_target < level) kept.push_back(k);
  }
  return kept;
}

Graph backbone_graph(const Graph& g, double level) {
  const std::vector<std::size_t> kept = backbone(g, level);
  std::vector<Graph::Edge> edges;
  std::vector<double> weights;
  edges.reserve(kept.size());
  weights.reserve(kept.size());
  for (const std::size_t k : kept) {
    edges.push_back(g.edge_list()[k]);
    weights.push_back(g.weights()[k]);
  }
  return Graph(g.nodes(), edges, std::move(weights), g.directed());
}

}  // namespace softpower::networks
