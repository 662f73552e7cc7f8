// Every index formula against values computed by hand.

#include <gtest/gtest.h>

#include <cmath>

#include "softpower/core/error.hpp"
#include "softpower/core/stats.hpp"
#include "softpower/index/aggregate.hpp"
#include "softpower/index/audit.hpp"
#include "softpower/index/framework.hpp"
#include "softpower/index/impute.hpp"
#include "softpower/index/normalise.hpp"
#include "softpower/index/pca.hpp"
#include "softpower/index/screen.hpp"
#include "softpower/index/treat.hpp"

namespace softpower::index {
namespace {

const double nan = std::nan("");

std::vector<double> normalised(std::vector<double> x, NormaliseSpec spec, int direction = 1,
                               double target = kNone,
                               std::optional<std::size_t> ref_row = std::nullopt,
                               std::vector<double> reference = {}) {
  normalise_indicator(x, direction, spec, target, ref_row, reference);
  return x;
}

void expect_near(const std::vector<double>& got, const std::vector<double>& want,
                 double tol = 1e-12) {
  ASSERT_EQ(got.size(), want.size());
  for (std::size_t i = 0; i < got.size(); ++i) {
    if (std::isnan(want[i])) {
      EXPECT_TRUE(std::isnan(got[i])) << "at " << i;
    } else {
      EXPECT_NEAR(got[i], want[i], tol) << "at " << i;
    }
  }
}

LevelAggregation how(AggregateMethod m, double p = 1) {
  LevelAggregation a;
  a.method = m;
  a.p = p;
  return a;
}

TEST(Aggregate, WeightedMeansOfOneTwoThree) {
  const std::vector<double> x = {1, 2, 3}, w = {1, 1, 1};
  EXPECT_DOUBLE_EQ(weighted_mean(x, w, how(AggregateMethod::arithmetic)), 2.0);
  EXPECT_NEAR(weighted_mean(x, w, how(AggregateMethod::geometric)), std::cbrt(6.0), 1e-14);
  EXPECT_NEAR(weighted_mean(x, w, how(AggregateMethod::harmonic)), 3.0 / (1 + 1.0 / 2 + 1.0 / 3),
              1e-14);
  EXPECT_NEAR(weighted_mean(x, w, how(AggregateMethod::generalised, 2)), std::sqrt(14.0 / 3),
              1e-14);
  EXPECT_NEAR(weighted_mean(x, std::vector<double>{3, 2, 1}, how(AggregateMethod::arithmetic)),
              10.0 / 6, 1e-14);
}

TEST(Aggregate, MissingChildrenDropOutAndWeightsRescale) {
  EXPECT_DOUBLE_EQ(weighted_mean(std::vector<double>{1, nan, 3}, std::vector<double>{1, 2, 1},
                                 how(AggregateMethod::arithmetic)),
                   2.0);
  LevelAggregation strict = how(AggregateMethod::arithmetic);
  strict.min_coverage = 0.5;
  EXPECT_TRUE(std::isnan(
      weighted_mean(std::vector<double>{1, nan, nan}, std::vector<double>{1, 1, 1}, strict)));
  EXPECT_DOUBLE_EQ(
      weighted_mean(std::vector<double>{1, 3, nan}, std::vector<double>{1, 1, 1}, strict), 2.0);
}

TEST(Aggregate, GeometricMeanRejectsZero) {
  EXPECT_THROW(weighted_mean(std::vector<double>{0, 1}, std::vector<double>{1, 1},
                             how(AggregateMethod::geometric)),
               Error);
}

TEST(Aggregate, OutrankingAndCopeland) {
  // A = (1, 2), B = (2, 1), C = (3, 3): A and B split, C beats both.
  Eigen::MatrixXd x(3, 2);
  x << 1, 2, 2, 1, 3, 3;
  const std::vector<double> w = {1, 1};
  const Eigen::MatrixXd e = outranking_matrix(x, w);
  EXPECT_DOUBLE_EQ(e(0, 1), 0.5);
  EXPECT_DOUBLE_EQ(e(0, 2), 0.0);
  EXPECT_DOUBLE_EQ(e(2, 0), 1.0);
  EXPECT_DOUBLE_EQ(e(1, 1), 0.0);
  const Eigen::VectorXd copeland = aggregate_units(x, w, how(AggregateMethod::copeland));
  EXPECT_DOUBLE_EQ(copeland(0), -1);
  EXPECT_DOUBLE_EQ(copeland(1), -1);
  EXPECT_DOUBLE_EQ(copeland(2), 2);
  const Eigen::VectorXd outranking = aggregate_units(x, w, how(AggregateMethod::outranking));
  EXPECT_DOUBLE_EQ(outranking(0), 0.5);
  EXPECT_DOUBLE_EQ(outranking(2), 2.0);
}

TEST(Aggregate, OutrankingCountsTiesAsHalves) {
  // A = (1, 1), B = (1, 2), weights 1 and 3: tie on the first, B wins the second.
  Eigen::MatrixXd x(2, 2);
  x << 1, 1, 1, 2;
  const Eigen::MatrixXd e = outranking_matrix(x, std::vector<double>{1, 3});
  EXPECT_DOUBLE_EQ(e(0, 1), 0.125);
  EXPECT_DOUBLE_EQ(e(1, 0), 0.875);
}

TEST(Normalise, MinmaxZscoreAndDirection) {
  NormaliseSpec s;
  expect_near(normalised({1, 2, 3}, s), {0, 50, 100});
  expect_near(normalised({1, 2, 3}, s, -1), {100, 50, 0});
  expect_near(normalised({1, nan, 3}, s), {0, nan, 100});
  s.method = NormaliseMethod::zscore;
  expect_near(normalised({1, 2, 3}, s), {-1, 0, 1});
  s.mean = 100;
  s.sd = 10;
  expect_near(normalised({1, 2, 3}, s), {90, 100, 110});
}

TEST(Normalise, RanksHaveMinTies) {
  NormaliseSpec s;
  s.method = NormaliseMethod::rank;
  expect_near(normalised({10, 20, 20, 5}, s), {2, 3, 3, 1});
  s.method = NormaliseMethod::prank;
  expect_near(normalised({10, 20, 20, 5}, s), {1.0 / 3, 2.0 / 3, 2.0 / 3, 0});
  s.method = NormaliseMethod::borda;
  expect_near(normalised({10, 20, 20, 5}, s), {1, 2, 2, 0});
  EXPECT_EQ(stats::rank_descending(std::vector<double>{5, 9, 9, 1}),
            (std::vector<double>{3, 1, 1, 4}));
}

TEST(Normalise, Goalposts) {
  NormaliseSpec s;
  s.method = NormaliseMethod::goalposts;
  s.goal_lower = 0;
  s.goal_upper = 10;
  s.goal_scale = 1;
  expect_near(normalised({0, 5, 10, 15}, s), {0, 0.5, 1, 1});
  expect_near(normalised({0, 5, 10, 15}, s, -1), {1, 0.5, 0, 0});
  s.truncate = false;
  s.goal_scale = 100;
  expect_near(normalised({-5, 15}, s), {-50, 150});
}

TEST(Normalise, DistanceMethods) {
  NormaliseSpec s;
  s.method = NormaliseMethod::dist2targ;
  expect_near(normalised({2, 4, 6}, s, 1, 5), {0, 2.0 / 3, 4.0 / 3});
  s.cap = true;
  expect_near(normalised({2, 4, 6}, s, 1, 5), {0, 2.0 / 3, 1});
  EXPECT_THROW(normalised({2, 4}, s), Error);
  s.method = NormaliseMethod::dist2max;
  expect_near(normalised({1, 2, 3}, s), {0, 0.5, 1});
  s.method = NormaliseMethod::dist2ref;
  s.cap = false;
  expect_near(normalised({1, 3, 5}, s, 1, kNone, 1), {0, 1, 2});
  s.cap = true;
  expect_near(normalised({1, 3, 5}, s, 1, kNone, 1), {0, 1, 1});
  s.method = NormaliseMethod::fracmax;
  expect_near(normalised({1, 2, 4}, s), {0.25, 0.5, 1});
  s.method = NormaliseMethod::refmax;
  s.scale = 1000;
  expect_near(normalised({1, 2, 8}, s, 1, kNone, std::nullopt, {2, 4}), {250, 500, 2000});
}

TEST(Stats, OuterQuantilesAreTheOrderStatisticsAroundType7) {
  // Type 7 interpolates 1.2 and 4.8; widened outward to observed values: 1 and 5.
  const std::vector<double> x = {5, 1, kNone, 3, 2, 4};
  EXPECT_DOUBLE_EQ(stats::quantile(x, 0.05), 1.2);
  EXPECT_DOUBLE_EQ(stats::quantile(x, 0.95), 4.8);
  EXPECT_EQ(stats::outer_quantiles(x, 0.05, 0.95), std::make_pair(1.0, 5.0));
  // h = 1.5 for the median of four: positions 1 and 2.
  EXPECT_EQ(stats::outer_quantiles(std::vector<double>{4, 3, 2, 1}, 0.5, 0.5),
            std::make_pair(2.0, 3.0));
  // A whole h picks that one value on both sides: (5 - 1) * 0.25 = 1.
  EXPECT_EQ(stats::outer_quantiles(std::vector<double>{10, 20, 30, 40, 50}, 0.25, 0.75),
            std::make_pair(20.0, 40.0));
  const auto none = stats::outer_quantiles(std::vector<double>{kNone}, 0.05, 0.95);
  EXPECT_TRUE(std::isnan(none.first) && std::isnan(none.second));
}

TEST(Stats, SkewAndKurtosisAsExcel) {
  EXPECT_NEAR(stats::skewness(std::vector<double>{1, 2, 3, 10}), 1.7636326148038880, 1e-12);
  EXPECT_NEAR(stats::kurtosis(std::vector<double>{1, 2, 3, 10}), 3.228, 1e-12);
  EXPECT_NEAR(stats::kurtosis(std::vector<double>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}), -1.2, 1e-12);
  EXPECT_TRUE(std::isnan(stats::skewness(std::vector<double>{1, 2})));
  EXPECT_NEAR(stats::quantile(std::vector<double>{1, 2, 3, 4}, 0.25), 1.75, 1e-15);
  EXPECT_NEAR(stats::spearman(std::vector<double>{1, 2, 3, 4}, std::vector<double>{1, 4, 9, 16}),
              1.0, 1e-15);
}

TEST(Treat, WinsorisesUntilPassingThenFallsBackToLog) {
  // Three outliers: winsorising 1 point is not enough, so with winmax 1 the log is taken.
  std::vector<double> x;
  for (int v = 1; v <= 20; ++v) x.push_back(v);
  x.insert(x.end(), {200, 300, 400});
  TreatSpec spec;
  spec.winmax = 1;
  const std::vector<double> original = x;
  const TreatmentRecord rec = treat_indicator(x, spec);
  EXPECT_FALSE(rec.passed_before);
  EXPECT_EQ(rec.applied, TreatMethod::log);
  const double lo = 1, hi = 400;
  for (std::size_t i = 0; i < x.size(); ++i)
    EXPECT_NEAR(x[i], std::log(original[i] - lo + 0.01 * (hi - lo)), 1e-12);
  // With the default winmax of 5, three steps of winsorisation suffice.
  std::vector<double> y = original;
  const TreatmentRecord rec5 = treat_indicator(y, TreatSpec{});
  EXPECT_EQ(rec5.applied, TreatMethod::winsorise);
  EXPECT_EQ(rec5.winsorised, 3);
  EXPECT_TRUE(rec5.passed_after);
  EXPECT_EQ(y[20], 20);
  EXPECT_EQ(y[22], 20);
  EXPECT_EQ(rec5.points, (std::vector<std::size_t>{20, 21, 22}));
}

TEST(Treat, BoxCox) {
  std::vector<double> x = {1, 2, 3};
  boxcox_transform(x, 2);
  expect_near(x, {0, 1.5, 4});
  std::vector<double> y = {5, 6};
  boxcox_transform(y, 0);
  expect_near(y, {0, std::log(2.0)});
}

TEST(Impute, MeansMediansAndGroups) {
  std::vector<double> x = {1, nan, 3, 10, nan};
  EXPECT_EQ(impute_indicator(x, ImputeMethod::group_mean, std::vector<int>{0, 0, 0, 1, 1}), 2u);
  expect_near(x, {1, 2, 3, 10, 10});
  std::vector<double> y = {1, nan, 2, 10};
  impute_indicator(y, ImputeMethod::median);
  expect_near(y, {1, 2, 2, 10});
  std::vector<double> z = {1, nan, 2, 10};
  impute_indicator(z, ImputeMethod::mean);
  expect_near(z, {1, 13.0 / 3, 2, 10});
}

TEST(Impute, PanelSeries) {
  const std::vector<int> years = {2000, 2001, 2002, 2003};
  std::vector<double> latest = {nan, 1, nan, 3};
  impute_series(years, latest, ImputeMethod::latest);
  expect_near(latest, {nan, 1, 1, 3});
  std::vector<double> constant = {nan, 1, nan, 3};
  impute_series(years, constant, ImputeMethod::constant);
  expect_near(constant, {1, 1, 1, 3});
  std::vector<double> linear = {nan, 1, nan, 3};
  impute_series(years, linear, ImputeMethod::linear);
  expect_near(linear, {1, 1, 2, 3});
  std::vector<double> limited = {1, nan, nan};
  impute_series(std::vector<int>{2000, 2001, 2002}, limited, ImputeMethod::latest, 1);
  expect_near(limited, {1, 1, nan});
}

TEST(Screen, ByAvailabilityZerosAndForcing) {
  Eigen::MatrixXd x(3, 4);
  x << 1, 2, 3, 4,     //
      1, nan, nan, 4,  //
      0, 0, 0, 1;
  ScreenSpec s;
  s.by = ScreenBy::na;
  s.threshold = 0.75;
  const std::vector<std::string> units = {"A", "B", "C"};
  EXPECT_EQ(screen_units(x, units, s).included, (std::vector<bool>{true, false, true}));
  s.by = ScreenBy::na_and_zeros;
  s.nonzero = 0.5;
  EXPECT_EQ(screen_units(x, units, s).included, (std::vector<bool>{true, false, false}));
  s.force_in = {"B"};
  EXPECT_EQ(screen_units(x, units, s).included, (std::vector<bool>{true, true, false}));
  s.force_in = {"Z"};
  EXPECT_THROW(screen_units(x, units, s), Error);
}

TEST(Pca, PerfectlyCorrelatedChildrenShareWeight) {
  Eigen::MatrixXd x(4, 2);
  x << 1, 2, 2, 4, 3, 6, 4, 8;
  const PcaSummary p = principal_components(x);
  EXPECT_NEAR(p.first_share, 1.0, 1e-12);
  const auto w = pca_weights(x);
  EXPECT_NEAR(w[0], 0.5, 1e-12);
  EXPECT_NEAR(w[1], 0.5, 1e-12);
}

TEST(Framework, EffectiveWeightsMultiplyDownTheTree) {
  Spec spec;
  spec.aggregates = {
      {"Root", "Root", "", "", 1, 1}, {"A", "A", "Root", "", 1, 2}, {"B", "B", "Root", "", 3, 3}};
  IndicatorSpec x, y, z;
  x.code = "x";
  x.parent = "A";
  y.code = "y";
  y.parent = "A";
  z.code = "z";
  z.parent = "B";
  spec.indicators = {x, y, z};
  const Framework f = Framework::from_spec(spec);
  EXPECT_EQ(f.top_level(), 3);
  const auto w = f.effective_weights(f.declared_weights());
  EXPECT_DOUBLE_EQ(w[0], 0.125);
  EXPECT_DOUBLE_EQ(w[2], 0.75);
  EXPECT_DOUBLE_EQ(w[static_cast<std::size_t>(f.root())], 1.0);
}

TEST(Audit, CronbachAlphaByHand) {
  Eigen::MatrixXd x(4, 2);
  x << 1, 2, 2, 4, 3, 6, 4, 8;
  EXPECT_NEAR(cronbach_alpha(x), 8.0 / 9.0, 1e-12);
}

}  // namespace
}  // namespace softpower::index
