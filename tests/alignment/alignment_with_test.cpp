// Alignment with a focal country: series per partner and their largest shifts.

#include "softpower/alignment/alignment_with.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

namespace softpower::alignment {
namespace {

TEST(AlignmentWith, SeriesAndTheShiftOfAPartnerThatTurned) {
  // Partner B agrees 0.8 with A until period 20, then 0.3; C stays at 0.6. Ideal points:
  // A at 1, B at 0.9 then -0.5, C at 0.
  std::mt19937_64 rng(4);
  std::normal_distribution<double> noise(0.0, 0.02);
  std::vector<PeriodValue> agreement, ideal;
  for (int t = 1; t <= 40; ++t) {
    agreement.push_back({t, "B", (t <= 20 ? 0.8 : 0.3) + noise(rng)});
    agreement.push_back({t, "C", 0.6 + noise(rng)});
    ideal.push_back({t, "A", 1.0});
    ideal.push_back({t, "B", t <= 20 ? 0.9 : -0.5});
    ideal.push_back({t, "C", noise(rng)});
  }
  const AlignmentWith r = alignment_with("A", agreement, ideal);
  ASSERT_EQ(r.partners.size(), 2u);
  EXPECT_EQ(r.partners[0].partner, "B");
  EXPECT_EQ(r.partners[0].periods.size(), 40u);
  EXPECT_NEAR(r.partners[0].distance[0], 0.1, 1e-12);
  EXPECT_NEAR(r.partners[0].distance[39], 1.5, 1e-12);
  ASSERT_GE(r.shifts.size(), 2u);
  // The largest shift is B's distance jumping by 1.4 at period 21, then its agreement drop.
  EXPECT_EQ(r.shifts[0].partner, "B");
  EXPECT_EQ(r.shifts[0].measure, "distance");
  EXPECT_EQ(r.shifts[0].period, 21);
  EXPECT_NEAR(r.shifts[0].size(), 1.4, 1e-9);
  EXPECT_EQ(r.shifts[1].measure, "agreement");
  EXPECT_EQ(r.shifts[1].period, 21);
  EXPECT_NEAR(r.shifts[1].size(), -0.5, 0.02);
  for (const Shift& s : r.shifts) EXPECT_NE(s.partner, "C");
}

TEST(AlignmentWith, MissingPeriodsStayMissing) {
  const AlignmentWith r =
      alignment_with("A", {{1, "B", 0.5}, {3, "B", 0.7}}, {{1, "A", 0.0}, {2, "B", 1.0}});
  ASSERT_EQ(r.partners.size(), 1u);
  EXPECT_EQ(r.partners[0].periods, (std::vector<int>{1, 3}));  // no focal position in period 2
  EXPECT_TRUE(std::isnan(r.partners[0].distance[0]));
  EXPECT_TRUE(r.shifts.empty());
}

}  // namespace
}  // namespace softpower::alignment
