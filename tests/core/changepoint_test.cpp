// Change points on series whose changes are known.

#include "softpower/core/changepoint.hpp"

#include <gtest/gtest.h>

#include <random>

#include "softpower/core/error.hpp"

namespace softpower {
namespace {

std::vector<double> piecewise(const std::vector<std::pair<std::size_t, double>>& segments,
                              double noise, std::uint64_t seed,
                              const std::vector<double>& sds = {}) {
  std::mt19937_64 rng(seed);
  std::vector<double> y;
  for (std::size_t k = 0; k < segments.size(); ++k) {
    std::normal_distribution<double> e(0.0, sds.empty() ? noise : sds[k]);
    for (std::size_t i = 0; i < segments[k].first; ++i) y.push_back(segments[k].second + e(rng));
  }
  return y;
}

TEST(ChangePoints, PeltFindsShiftsInMean) {
  const auto y = piecewise({{60, 0.0}, {40, 3.0}, {50, -1.0}}, 1.0, 7);
  const Segmentation s = pelt(y);
  ASSERT_EQ(s.changes.size(), 2u);
  EXPECT_NEAR(static_cast<double>(s.changes[0]), 60, 2);
  EXPECT_NEAR(static_cast<double>(s.changes[1]), 100, 2);
  EXPECT_NEAR(s.means[1], 3.0, 0.4);
  EXPECT_NEAR(s.penalty, 2 * std::log(150.0), 1e-12);
}

TEST(ChangePoints, NoChangeInPureNoise) {
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    const auto y = piecewise({{200, 5.0}}, 2.0, seed);
    EXPECT_TRUE(pelt(y).changes.empty()) << seed;
    EXPECT_TRUE(cusum(y).changes.empty()) << seed;
  }
}

TEST(ChangePoints, PeltEqualsOptimalPartitioning) {
  // Pruning must never change the optimum (Killick et al. 2012, theorem 3.1).
  for (std::uint64_t seed = 1; seed <= 8; ++seed) {
    const auto y = piecewise({{25, 0.0}, {15, 1.2}, {30, -0.5}, {20, 0.8}}, 1.0, seed);
    for (ChangeCost cost : {ChangeCost::mean, ChangeCost::mean_variance}) {
      ChangePointOptions o;
      o.cost = cost;
      const Segmentation a = pelt(y, o), b = optimal_partitioning(y, o);
      EXPECT_EQ(a.changes, b.changes) << seed;
      EXPECT_NEAR(a.cost, b.cost, 1e-9) << seed;
    }
  }
}

TEST(ChangePoints, MeanAndVarianceCostSeesAChangeInSpread) {
  const auto y = piecewise({{100, 0.0}, {100, 0.0}}, 0, 3, {0.5, 3.0});
  ChangePointOptions o;
  o.cost = ChangeCost::mean_variance;
  const Segmentation s = pelt(y, o);
  ASSERT_EQ(s.changes.size(), 1u);
  EXPECT_NEAR(static_cast<double>(s.changes[0]), 100, 5);
  EXPECT_NEAR(s.penalty, 3 * std::log(200.0), 1e-12);
}

TEST(ChangePoints, CusumBinarySegmentation) {
  const auto y = piecewise({{80, 10.0}, {80, 12.0}, {80, 9.5}}, 1.0, 11);
  const Segmentation s = cusum(y);
  ASSERT_EQ(s.changes.size(), 2u);
  EXPECT_NEAR(static_cast<double>(s.changes[0]), 80, 3);
  EXPECT_NEAR(static_cast<double>(s.changes[1]), 160, 3);
}

TEST(ChangePoints, HandComputedTwoSegments) {
  // 0,0,0,0,10,10,10,10 with a penalty of 1: one change at 4, zero residual cost.
  const std::vector<double> y = {0, 0, 0, 0, 10, 10, 10, 10};
  ChangePointOptions o;
  o.penalty = 1;
  const Segmentation s = pelt(y, o);
  EXPECT_EQ(s.changes, std::vector<std::size_t>{4});
  EXPECT_EQ(s.means, (std::vector<double>{0, 10}));
}

TEST(ChangePoints, MissingValuesAreAnError) {
  EXPECT_THROW(pelt(std::vector<double>{1, std::nan(""), 2}), Error);
}

}  // namespace
}  // namespace softpower
