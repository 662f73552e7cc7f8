// The cultural state and the networks of the diffusion capability: degrees and edge counts of
// each graph family, de-duplication, overlaps, and the initial trait distributions.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "softpower/core/error.hpp"
#include "softpower/diffusion/culture.hpp"
#include "softpower/diffusion/graph.hpp"

namespace {

using namespace softpower::diffusion;

// Each undirected edge once, checking the graph is simple and symmetric on the way.
std::set<std::pair<int, int>> edge_set(const Graph& g) {
  std::set<std::pair<int, int>> edges;
  std::multiset<std::pair<int, int>> directed;
  for (int i = 0; i < g.size(); ++i) {
    for (const int j : g.of(i)) {
      EXPECT_NE(i, j) << "self loop at " << i;
      directed.insert({i, j});
      edges.insert({std::min(i, j), std::max(i, j)});
    }
  }
  for (const auto& [i, j] : directed) {
    EXPECT_EQ(directed.count({i, j}), 1u) << "repeated edge " << i << "-" << j;
    EXPECT_EQ(directed.count({j, i}), 1u) << "edge " << i << "-" << j << " one way only";
  }
  return edges;
}

std::vector<int> degree_counts(const Graph& g) {
  std::vector<int> counts(9, 0);
  for (int i = 0; i < g.size(); ++i) ++counts[g.degree(i)];
  return counts;
}

TEST(DiffusionGraph, BoundedVonNeumannLatticeDegrees) {
  const Graph g = lattice(10, 4, false);
  ASSERT_EQ(g.size(), 100);
  // 4 corners of degree 2, 32 border agents of degree 3, 64 inside of degree 4.
  const std::vector<int> counts = degree_counts(g);
  EXPECT_EQ(counts[2], 4);
  EXPECT_EQ(counts[3], 32);
  EXPECT_EQ(counts[4], 64);
  EXPECT_EQ(edge_set(g).size(), 180u);  // 2 · 10 · 9
  // Agent 11 (row 1, column 1): up, left, right, down.
  const std::vector<int> row(g.of(11).begin(), g.of(11).end());
  EXPECT_EQ(row, (std::vector<int>{1, 10, 12, 21}));
}

TEST(DiffusionGraph, BoundedMooreLatticeDegrees) {
  const Graph g = lattice(10, 8, false);
  const std::vector<int> counts = degree_counts(g);
  EXPECT_EQ(counts[3], 4);
  EXPECT_EQ(counts[5], 32);
  EXPECT_EQ(counts[8], 64);
  EXPECT_EQ(edge_set(g).size(), 180u + 2u * 81u);
}

TEST(DiffusionGraph, PeriodicLatticesAreRegular) {
  for (const int k : {4, 8}) {
    const Graph g = lattice(5, k, true);
    for (int i = 0; i < g.size(); ++i) ASSERT_EQ(g.degree(i), k);
    EXPECT_EQ(edge_set(g).size(), 25u * k / 2);
  }
  // Agent 0 of a 5 × 5 torus wraps to row 4 and column 4.
  const Graph g = lattice(5, 4, true);
  const std::vector<int> row(g.of(0).begin(), g.of(0).end());
  EXPECT_EQ(row, (std::vector<int>{20, 4, 1, 5}));
  EXPECT_THROW(lattice(2, 4, true), softpower::Error);
  EXPECT_THROW(lattice(5, 6, false), softpower::Error);
}

TEST(DiffusionGraph, SmallWorldKeepsEdgesAndDegreeSum) {
  const Graph ring = small_world(100, 4, 0.0, 1);
  for (int i = 0; i < ring.size(); ++i) ASSERT_EQ(ring.degree(i), 4);
  EXPECT_TRUE(edge_set(ring).count({0, 98}) == 1 && edge_set(ring).count({0, 2}) == 1);
  for (const double p : {0.1, 1.0}) {
    const Graph g = small_world(1000, 6, p, 7);
    EXPECT_EQ(edge_set(g).size(), 3000u);
    // Every agent keeps the k/2 edges it started (it is the end that stays), so degree ≥ k/2.
    for (int i = 0; i < g.size(); ++i) ASSERT_GE(g.degree(i), 3);
  }
  // With p = 0.1 about a tenth of the 3000 edges leave the ring.
  const auto rewired = small_world(1000, 6, 0.1, 7);
  int off_ring = 0;
  for (const auto& [i, j] : edge_set(rewired)) {
    const int d = std::min(j - i, 1000 - (j - i));
    off_ring += d > 3 ? 1 : 0;
  }
  EXPECT_NEAR(off_ring, 300, 60);  // binomial sd ≈ 16; a few rewire back onto the ring
  EXPECT_THROW(small_world(10, 3, 0.1, 1), softpower::Error);
  EXPECT_THROW(small_world(10, 4, 1.5, 1), softpower::Error);
}

TEST(DiffusionGraph, ScaleFreeEdgesAndDegrees) {
  const int n = 2000;
  const int m = 3;
  const Graph g = scale_free(n, m, 11);
  EXPECT_EQ(edge_set(g).size(), static_cast<std::size_t>(m * (m + 1) / 2 + (n - m - 1) * m));
  int largest = 0;
  for (int i = 0; i < n; ++i) {
    ASSERT_GE(g.degree(i), m);
    largest = std::max(largest, g.degree(i));
  }
  // Preferential attachment grows hubs: the largest degree scales like m·√n (≈ 134 here),
  // far above anything a random graph of mean degree 6 would show.
  EXPECT_GT(largest, 50);
  EXPECT_THROW(scale_free(3, 3, 1), softpower::Error);
}

TEST(DiffusionGraph, FromEdgesDropsRepeatsAndLoops) {
  const Graph g = from_edges(4, {{0, 1}, {1, 0}, {2, 2}, {1, 2}, {0, 1}, {3, 1}});
  EXPECT_EQ(g.size(), 4);
  EXPECT_EQ(g.degree(0), 1);
  EXPECT_EQ(g.degree(1), 3);
  EXPECT_EQ(g.degree(2), 1);
  EXPECT_EQ(g.degree(3), 1);
  EXPECT_EQ(edge_set(g).size(), 3u);
  EXPECT_THROW(from_edges(3, {{0, 3}}), softpower::Error);
}

TEST(DiffusionCulture, OverlapCountsSharedFeatures) {
  Culture c;
  c.agents = 3;
  c.features = 4;
  c.traits = 5;
  c.t = {1, 2, 3, 4, 1, 2, 0, 4, 0, 0, 0, 0};
  EXPECT_EQ(c.overlap(0, 1), 3);
  EXPECT_EQ(c.overlap(0, 0), 4);
  EXPECT_EQ(c.overlap(0, 2), 0);
  EXPECT_EQ(c.overlap(1, 2), 1);
  EXPECT_EQ(c.agent(1)[2], 0);
}

TEST(DiffusionCulture, UniformTraitsAreUniform) {
  const Culture c = random_culture(10000, 5, 10, InitialTraits::uniform, 3);
  ASSERT_EQ(c.t.size(), 50000u);
  std::vector<int> counts(10, 0);
  for (const Trait x : c.t) {
    ASSERT_LT(x, 10);
    ++counts[x];
  }
  // 5000 expected per trait, binomial sd ≈ 67.
  for (const int n : counts) EXPECT_NEAR(n, 5000, 300);
  EXPECT_EQ(c.t, random_culture(10000, 5, 10, InitialTraits::uniform, 3).t);
  EXPECT_NE(c.t, random_culture(10000, 5, 10, InitialTraits::uniform, 4).t);
}

TEST(DiffusionCulture, PoissonTraitsHaveMeanAndVarianceQ) {
  const Culture c = random_culture(20000, 10, 250, InitialTraits::poisson, 5);
  double sum = 0.0;
  double sum2 = 0.0;
  for (const Trait x : c.t) {
    sum += x;
    sum2 += static_cast<double>(x) * x;
  }
  const double n = static_cast<double>(c.t.size());
  const double mean = sum / n;
  const double variance = sum2 / n - mean * mean;
  EXPECT_NEAR(mean, 250.0, 0.3);      // se = √(250/200000) ≈ 0.035
  EXPECT_NEAR(variance, 250.0, 5.0);  // se ≈ 250·√(2/200000) ≈ 0.8
  // Two Poisson(λ) draws agree with probability Σ p_k² ≈ 1/(2√(πλ)) ≈ 0.0178 at λ = 250.
  int same = 0;
  for (int i = 0; i + 1 < c.agents; i += 2) same += c.overlap(i, i + 1);
  EXPECT_NEAR(same / (n / 2), 0.0178, 0.002);
  EXPECT_THROW(random_culture(10, 0, 5, InitialTraits::uniform, 1), softpower::Error);
  EXPECT_THROW(random_culture(10, 5, 0, InitialTraits::uniform, 1), softpower::Error);
}

TEST(DiffusionCulture, RunSeedsDiffer) {
  EXPECT_NE(seed_of(1, 0), seed_of(1, 1));
  EXPECT_NE(seed_of(1, 0), seed_of(2, 0));
  EXPECT_EQ(seed_of(9, 4), seed_of(9, 4));
}

}  // namespace
