// Imbalance and backbone measures, checked by hand on small graphs (docs/networks.md,
// "Imbalance").

#include "softpower/networks/imbalance.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <set>

#include "softpower/networks/measures.hpp"

namespace softpower::networks {
namespace {

TEST(NetworkImbalance, FlowsSharesAndConcentrationByHand) {
  // A sends 3 to B and 1 to C; B sends 1 back to A; C sends nothing.
  const Graph g(3, {{0, 1}, {0, 2}, {1, 0}}, {3, 1, 1}, true);
  const std::vector<PairFlow> p = pair_flows(g);
  ASSERT_EQ(p.size(), 2u);
  EXPECT_EQ(p[0].a, 0u);
  EXPECT_EQ(p[0].b, 1u);
  EXPECT_DOUBLE_EQ(p[0].a_to_b, 3);
  EXPECT_DOUBLE_EQ(p[0].b_to_a, 1);
  EXPECT_DOUBLE_EQ(p[0].asymmetry(), 0.5);  // (3 − 1) / (3 + 1)
  EXPECT_DOUBLE_EQ(p[0].share_of_a, 0.75);  // 3 of A's 4
  EXPECT_DOUBLE_EQ(p[0].share_of_b, 1.0);   // all of B's 1
  EXPECT_DOUBLE_EQ(p[1].asymmetry(), 1.0);  // A to C only
  EXPECT_DOUBLE_EQ(p[1].share_of_b, 0.0);
  const std::vector<double> h = concentration(g);
  EXPECT_DOUBLE_EQ(h[0], 0.75 * 0.75 + 0.25 * 0.25);  // 0.625
  EXPECT_DOUBLE_EQ(h[1], 1.0);
  EXPECT_DOUBLE_EQ(h[2], 0.0);
  // Undirected: each tie counts from both ends and is balanced.
  const Graph u(3, {{0, 1}, {1, 2}}, {2, 6}, false);
  const std::vector<PairFlow> q = pair_flows(u);
  EXPECT_DOUBLE_EQ(q[0].asymmetry(), 0.0);
  EXPECT_DOUBLE_EQ(q[1].share_of_a, 0.75);  // 6 of B's 8 go to C
  EXPECT_DOUBLE_EQ(concentration(u)[1], 0.25 * 0.25 + 0.75 * 0.75);
  // The same flows seen from one country, by decreasing flow both ways: A with B (3 out, 1 in)
  // before A with C (1 out); from B, its one partner A.
  const std::vector<PartnerFlow> a = partner_flows(g, 0);
  ASSERT_EQ(a.size(), 2u);
  EXPECT_EQ(a[0].partner, 1u);
  EXPECT_DOUBLE_EQ(a[0].to, 3);
  EXPECT_DOUBLE_EQ(a[0].from, 1);
  EXPECT_DOUBLE_EQ(a[0].share_of_country, 0.75);
  EXPECT_DOUBLE_EQ(a[0].share_of_partner, 1.0);
  EXPECT_EQ(a[1].partner, 2u);
  EXPECT_DOUBLE_EQ(a[1].asymmetry(), 1.0);
  const std::vector<PartnerFlow> b = partner_flows(g, 1);
  ASSERT_EQ(b.size(), 1u);
  EXPECT_DOUBLE_EQ(b[0].to, 1);
  EXPECT_DOUBLE_EQ(b[0].from, 3);
  EXPECT_DOUBLE_EQ(b[0].asymmetry(), -0.5);
  EXPECT_DOUBLE_EQ(b[0].share_of_country, 1.0);
  EXPECT_DOUBLE_EQ(b[0].share_of_partner, 0.75);
  // From B in the undirected graph: C (6) before A (2).
  const std::vector<PartnerFlow> ub = partner_flows(u, 1);
  ASSERT_EQ(ub.size(), 2u);
  EXPECT_EQ(ub[0].partner, 2u);
  EXPECT_DOUBLE_EQ(ub[0].share_of_country, 0.75);
  EXPECT_DOUBLE_EQ(ub[0].share_of_partner, 1.0);
}

TEST(NetworkImbalance, DisparityFilterByHand) {
  // A hub with five ties of weights 10, 1, 1, 1, 1 (strength 14) and a pair of leaves joined
  // by a weak tie: α = (1 − w/s)^(k − 1) from each end.
  const Graph g(6, {{0, 1}, {0, 2}, {0, 3}, {0, 4}, {0, 5}, {1, 2}}, {10, 1, 1, 1, 1, 0.5}, false);
  const std::vector<EdgeSignificance> s = disparity(g);
  EXPECT_NEAR(s[0].from_source, std::pow(1 - 10.0 / 14, 4), 1e-15);  // 0.00666
  EXPECT_NEAR(s[1].from_source, std::pow(1 - 1.0 / 14, 4), 1e-15);   // 0.744
  // From node 1 (ties 10 and 0.5): the hub tie dominates it.
  EXPECT_NEAR(s[0].from_target, std::pow(1 - 10.0 / 10.5, 1), 1e-15);
  // Leaves 3, 4, 5 have one tie each: no evidence from their end.
  EXPECT_DOUBLE_EQ(s[2].from_target, 1.0);
  EXPECT_EQ(backbone(g, 0.05), (std::vector<std::size_t>{0}));
  // At 0.7 the hub's weak ties to the leaves 3-5 go (0.744 from the hub, 1 from a leaf); node
  // 2's two ties stay (from node 2: (1 − 1/1.5)^1 = 0.333 and (1 − 0.5/1.5)^1 = 0.667).
  EXPECT_EQ(backbone(g, 0.7), (std::vector<std::size_t>{0, 1, 5}));
  EXPECT_EQ(backbone(g, 1.0).size(), 6u);  // every tie has α < 1 from some end
  // The backbone as a graph: the same nodes, the kept ties; its leaves without ties are
  // communities of their own (and Leiden ends: with a node of weight 0 it could run forever).
  const Graph b = backbone_graph(g, 0.7);
  EXPECT_EQ(b.nodes(), 6u);
  EXPECT_EQ(b.edges(), 3u);
  EXPECT_EQ(b.weights(), (std::vector<double>{10, 1, 0.5}));
  const NodeMeasures m = measure(b);
  std::set<int> leaves{m.community[3], m.community[4], m.community[5]};
  EXPECT_EQ(leaves.size(), 3u);
  EXPECT_EQ(m.communities, 4);  // {0, 1, 2} and three leaves
}

}  // namespace
}  // namespace softpower::networks
