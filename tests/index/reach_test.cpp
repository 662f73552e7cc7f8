// Exact rank reach against brute-force enumeration of the weight set on small cases.

#include "softpower/index/reach.hpp"

#include <gtest/gtest.h>

#include <random>

#include "softpower/core/table.hpp"
#include "softpower/index/spec.hpp"
#include "support/asem.hpp"
#include "support/data.hpp"

namespace softpower::index {
namespace {

// Every weight vector on a fine grid of {lower <= w <= upper, Σ w = 1} for three weights,
// plus the points where two comparisons tie (the vertices of the arrangement), where the
// best rank can be attained.
void brute_force(const Eigen::MatrixXd& scores, const std::vector<double>& lower,
                 const std::vector<double>& upper, std::vector<double>& best,
                 std::vector<double>& worst) {
  const auto n = static_cast<std::size_t>(scores.rows());
  best.assign(n, 1e9);
  worst.assign(n, 0);
  auto visit = [&](const std::vector<double>& w) {
    for (std::size_t p = 0; p < 3; ++p) {
      if (w[p] < lower[p] - 1e-12 || w[p] > upper[p] + 1e-12) return;
    }
    const auto tied = ranks_under(scores, w, 1e-9);
    const auto strict = ranks_under(scores, w);
    for (std::size_t u = 0; u < n; ++u) {
      best[u] = std::min(best[u], tied[u]);
      worst[u] = std::max(worst[u], strict[u]);
    }
  };
  const int steps = 400;
  for (int i = 0; i <= steps; ++i) {
    for (int j = 0; j <= steps; ++j) {
      const double w0 = lower[0] + (upper[0] - lower[0]) * i / steps;
      const double w1 = lower[1] + (upper[1] - lower[1]) * j / steps;
      visit({w0, w1, 1 - w0 - w1});
    }
  }
  // Ties between units a, b and c: (s_a - s_b)·w = 0 and (s_a - s_c)·w = 0 with Σ w = 1.
  for (Eigen::Index a = 0; a < scores.rows(); ++a) {
    for (Eigen::Index b = 0; b < scores.rows(); ++b) {
      for (Eigen::Index c = b + 1; c < scores.rows(); ++c) {
        Eigen::Matrix3d m;
        m.row(0) = scores.row(a) - scores.row(b);
        m.row(1) = scores.row(a) - scores.row(c);
        m.row(2) << 1, 1, 1;
        if (std::abs(m.determinant()) < 1e-9) continue;
        const Eigen::Vector3d w = m.fullPivLu().solve(Eigen::Vector3d(0, 0, 1));
        visit({w(0), w(1), w(2)});
      }
    }
  }
}

TEST(RankReach, MatchesBruteForceOnSmallCases) {
  std::mt19937_64 rng(5);
  std::uniform_real_distribution<double> score(0, 100);
  for (int trial = 0; trial < 6; ++trial) {
    Eigen::MatrixXd scores(10, 3);
    for (Eigen::Index r = 0; r < 10; ++r) {
      for (Eigen::Index c = 0; c < 3; ++c) scores(r, c) = score(rng);
    }
    const std::vector<double> nominal = {0.2, 0.3, 0.5};
    std::vector<double> lower, upper;
    for (double w : nominal) {
      lower.push_back(w * 0.5);
      upper.push_back(w * 1.5);
    }
    Progress quiet;
    const auto reach = reach_of(scores, lower, upper, quiet);
    std::vector<double> best, worst;
    brute_force(scores, lower, upper, best, worst);
    for (std::size_t u = 0; u < 10; ++u) {
      EXPECT_EQ(reach[u].best, best[u]) << "trial " << trial << " unit " << u;
      EXPECT_EQ(reach[u].worst, worst[u]) << "trial " << trial << " unit " << u;
      EXPECT_LE(reach[u].best, reach[u].nominal);
      EXPECT_GE(reach[u].worst, reach[u].nominal);
      double sum = 0;
      for (double w : reach[u].best_weights) sum += w;
      EXPECT_NEAR(sum, 1.0, 1e-9);
    }
  }
}

TEST(RankReach, DominatedAndDominatingUnitsAreFixed) {
  // A beats everyone on every pillar; C loses everywhere: no weights change their ranks.
  Eigen::MatrixXd scores(3, 2);
  scores << 90, 80, 50, 60, 10, 20;
  Progress quiet;
  const auto reach = reach_of(scores, {0.25, 0.25}, {0.75, 0.75}, quiet);
  EXPECT_EQ(reach[0].best, 1);
  EXPECT_EQ(reach[0].worst, 1);
  EXPECT_EQ(reach[2].best, 3);
  EXPECT_EQ(reach[2].worst, 3);
}

TEST(RankReach, TwoPillarsByHand) {
  // A = (100, 0), B = (0, 100), C = (45, 45), w1 in [0.25, 0.75]: A's score is 100 w1, so A
  // is first for w1 >= 1/2 (a tie with B at 1/2 shares first) and third below 0.45, where C
  // passes it; C passes A below 0.45 or B above 0.55, never both: its best is 2nd.
  Eigen::MatrixXd scores(3, 2);
  scores << 100, 0, 0, 100, 45, 45;
  Progress quiet;
  const auto reach = reach_of(scores, {0.25, 0.25}, {0.75, 0.75}, quiet);
  EXPECT_EQ(reach[0].best, 1);
  EXPECT_EQ(reach[0].worst, 3);
  EXPECT_EQ(reach[2].best, 2);
  EXPECT_EQ(reach[2].worst, 3);
  EXPECT_GE(reach[0].best_weights[0], 0.5);
  EXPECT_LT(reach[0].worst_weights[0], 0.45);
}

TEST(RankReach, AsemPillarWeightsWithinHalf) {
  SOFTPOWER_REQUIRE_DATA(data);
  const testing::AsemIndex asem = testing::asem_index(data);
  const auto& pipeline = asem.pipeline;
  const auto& input = asem.input;
  const IndexResult result = pipeline.run(input);
  Progress quiet;
  const ReachResult reach = rank_reach(pipeline, input, result.years[0], 2, 0.5, quiet);
  ASSERT_EQ(reach.nodes.size(), 8u);
  double sum = 0;
  for (double w : reach.nominal_weights) sum += w;
  EXPECT_NEAR(sum, 1.0, 1e-12);
  EXPECT_NEAR(reach.nominal_weights[0], 0.1,
              1e-12);  // Physical: 1/5 of Connectivity, 1/2 of the index
  const int root = pipeline.framework().root();
  for (std::size_t r = 0; r < reach.units.size(); ++r) {
    const UnitReach& u = reach.units[r];
    ASSERT_TRUE(u.computed) << u.unit;
    // With complete pillars and arithmetic means the index is the pillars' weighted sum.
    EXPECT_EQ(u.nominal, result.years[0].ranks(static_cast<Eigen::Index>(r), root)) << u.unit;
    EXPECT_LE(u.best, u.nominal);
    EXPECT_GE(u.worst, u.nominal);
    if (u.unit == "CHE") EXPECT_EQ(u.best, 1);
  }
}

}  // namespace
}  // namespace softpower::index
