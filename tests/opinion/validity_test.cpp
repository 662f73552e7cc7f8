#include "softpower/opinion/validity.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "softpower/core/error.hpp"

namespace softpower::opinion {
namespace {

// Two countries, two years each: across countries the levels go against each other, within
// each country the two measures rise together.
std::vector<PairedValue> two_countries() {
  return {{"AAA", 2001, 1, 2}, {"AAA", 2002, 3, 6}, {"BBB", 2001, 10, 1}, {"BBB", 2002, 12, 3}};
}

const Correlation* find(const std::vector<Correlation>& all, Scope scope, int year = 0) {
  for (const Correlation& c : all) {
    if (c.scope == scope && c.year == year) return &c;
  }
  return nullptr;
}

TEST(OpinionValidity, PooledAndWithinCountries) {
  ValidityOptions options;
  options.min_countries = 2;
  options.replicates = 200;
  const auto all = convergent_validity(two_countries(), options);
  const Correlation* pooled = find(all, Scope::pooled);
  ASSERT_NE(pooled, nullptr);
  // python3 -c 'from statistics import correlation as c; print(c([1,3,10,12],[2,6,1,3]))'
  EXPECT_NEAR(pooled->r, -0.34786262139146906, 1e-15);
  EXPECT_EQ(pooled->countries, 2u);
  EXPECT_EQ(pooled->pairs, 4u);
  // Deviations from each country's mean: (-1, -2), (1, 2), (-1, -1), (1, 1): r = 6 / sqrt(4 * 10).
  // A resample drawing one country twice has r = 1: the interval runs from r to 1.
  const Correlation* within = find(all, Scope::within);
  ASSERT_NE(within, nullptr);
  EXPECT_NEAR(within->r, 3 / std::sqrt(10.0), 1e-15);
  EXPECT_NEAR(within->lo, 3 / std::sqrt(10.0), 1e-15);
  EXPECT_NEAR(within->hi, 1, 1e-15);
  EXPECT_EQ(within->replicates, 200u);
  // Per year: two countries give r = -1 in both years; a resample drawing one country twice
  // has no r and is not counted.
  const Correlation* y2001 = find(all, Scope::year, 2001);
  ASSERT_NE(y2001, nullptr);
  EXPECT_NEAR(y2001->r, -1, 1e-15);
  EXPECT_LT(y2001->replicates, 200u);
  EXPECT_GT(y2001->replicates, 50u);
}

TEST(OpinionValidity, TwoWayTakesOutCountryAndYearEffects) {
  // Balanced, 3 countries x 2 years: the residual is x_ct - x_c. - x_.t + x_.. exactly.
  //   python3: from statistics import correlation; the residuals of both, then correlation
  const std::vector<PairedValue> pairs = {{"A", 1, 1, 0.2},  {"A", 2, 4, 0.5}, {"B", 1, 10, 0.1},
                                          {"B", 2, 12, 0.3}, {"C", 1, 5, 0.4}, {"C", 2, 5, 0.3}};
  ValidityOptions options;
  options.min_countries = 3;
  options.replicates = 50;
  const auto all = convergent_validity(pairs, options);
  const Correlation* two_way = find(all, Scope::two_way);
  ASSERT_NE(two_way, nullptr);
  EXPECT_NEAR(two_way->r, 0.9958705948858224, 1e-12);
  EXPECT_EQ(two_way->countries, 3u);
  // Two countries without an interaction: nothing is left, so there is no r.
  options.min_countries = 2;
  const Correlation* none = find(convergent_validity(two_countries(), options), Scope::two_way);
  ASSERT_NE(none, nullptr);
  EXPECT_TRUE(std::isnan(none->r));
}

TEST(OpinionValidity, YearsWithTooFewCountriesAreLeftOut) {
  ValidityOptions options;  // at least 5 countries
  EXPECT_TRUE(convergent_validity(two_countries(), options).empty());
}

std::vector<PairedValue> noisy_line(int countries) {
  std::vector<PairedValue> pairs;
  for (int c = 0; c < countries; ++c) {
    for (int year = 2010; year < 2013; ++year) {
      const double x = 20 + 3 * c + year % 7 + (c * year) % 5;  // with an interaction
      pairs.push_back(
          {"C" + std::to_string(c), year, x, 0.01 * x + 0.05 * std::sin(c * 7.0 + year)});
    }
  }
  return pairs;
}

TEST(OpinionValidity, TheSeedFixesTheIntervals) {
  ValidityOptions options;
  options.replicates = 500;
  const auto a = convergent_validity(noisy_line(12), options);
  const auto b = convergent_validity(noisy_line(12), options);
  ASSERT_EQ(a.size(), 6u);  // 3 years, pooled, within, two-way
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].lo, b[i].lo);
    EXPECT_EQ(a[i].hi, b[i].hi);
    EXPECT_LE(a[i].lo, a[i].r);
    EXPECT_GE(a[i].hi, a[i].r);
  }
  options.seed = 2;
  const auto c = convergent_validity(noisy_line(12), options);
  EXPECT_NE(a[3].lo, c[3].lo);
  EXPECT_EQ(a[3].r, c[3].r);
}

TEST(OpinionValidity, ACountryYearTwiceIsAnError) {
  auto pairs = two_countries();
  pairs.push_back(pairs.front());
  EXPECT_THROW(convergent_validity(pairs), Error);
  pairs.pop_back();
  pairs.front().other = std::nan("");
  EXPECT_THROW(convergent_validity(pairs), Error);
}

}  // namespace
}  // namespace softpower::opinion
