#pragma once
// Imbalances of a weighted network (docs/networks.md, "Imbalance"): for each pair the flow
// each way and its asymmetry, for each country how much of its ties go to one partner
// (dependence) and how concentrated they are (Herfindahl), and the backbone of a dense
// network by the disparity filter (Serrano, Boguñá and Vespignani 2009).

#include <vector>

#include "softpower/networks/graph.hpp"

namespace softpower::networks {

/// A pair of countries (a < b) with a tie either way.
struct PairFlow {
  std::size_t a = 0, b = 0;
  double a_to_b = 0, b_to_a = 0;  ///< weights (undirected: equal)
  /// (a_to_b − b_to_a) / (a_to_b + b_to_a): 1 all from a, −1 all from b, 0 balanced.
  double asymmetry() const { return (a_to_b - b_to_a) / (a_to_b + b_to_a); }
  double share_of_a = 0;  ///< a_to_b over a's out-strength: a's dependence on b
  double share_of_b = 0;  ///< b_to_a over b's out-strength
};

/// Every pair with a tie, ordered by (a, b).
std::vector<PairFlow> pair_flows(const Graph& graph);

/// One country's flows with one partner, seen from the country.
struct PartnerFlow {
  std::size_t partner = 0;
  double to = 0, from = 0;      ///< weight to the partner and from it (undirected: equal)
  double share_of_country = 0;  ///< `to` over the country's out-strength: its dependence
  double share_of_partner = 0;  ///< `from` over the partner's out-strength
  /// (to − from) / (to + from): 1 all from the country, −1 all to it.
  double asymmetry() const { return (to - from) / (to + from); }
};

/// The country's flows with every partner, by decreasing gross flow (to + from), ties by the
/// partner's index.
std::vector<PartnerFlow> partner_flows(const Graph& graph, std::size_t country);

/// Per node, Σ share² over its partners (the Herfindahl index of its out-ties: 1 when all go to
/// one partner, 1/k when spread evenly over k); 0 for a node without ties out.
std::vector<double> concentration(const Graph& graph);

/// The disparity filter's α of each edge, seen from its source and from its target: with the
/// node's k ties (out-ties for the source, in-ties for the target when directed) and strength
/// s, and p = w / s, α = (1 − p)^(k − 1), the probability that a tie this strong arises when
/// the node's strength is split at random over its k ties; 1 for a node with one tie (no
/// evidence either way).
struct EdgeSignificance {
  double from_source = 1;
  double from_target = 1;
};
std::vector<EdgeSignificance> disparity(const Graph& graph);

/// The edges kept by the disparity filter at level `alpha`: those significant (α < alpha) from
/// at least one end, in the graph's edge order.
std::vector<std::size_t> backbone(const Graph& graph, double alpha);

/// The graph of the backbone's edges on the same nodes (a node may be left without ties).
Graph backbone_graph(const Graph& graph, double alpha);

}  // namespace softpower::networks
