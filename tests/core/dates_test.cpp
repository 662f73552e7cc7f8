// core/dates: day counts and yyyymmdd dates through <chrono>, checked against dates whose day
// numbers are known (the Unix epoch, leap days, the Gregorian reform's proleptic side).

#include "softpower/core/dates.hpp"

#include <gtest/gtest.h>

namespace softpower {
namespace {

TEST(Dates, KnownDayNumbers) {
  EXPECT_EQ(days_of(19700101), 0);
  EXPECT_EQ(days_of(19691231), -1);
  EXPECT_EQ(days_of(20000229), 11016);  // date -d 2000-02-29 +%s / 86400
  EXPECT_EQ(days_of(20191231), 18261);
  EXPECT_EQ(days_of(15821015), -141427);  // proleptic Gregorian, no Julian switch
  EXPECT_EQ(days_from_civil(2024, 3, 1) - days_from_civil(2024, 2, 28), 2);
  EXPECT_EQ(days_from_civil(2023, 3, 1) - days_from_civil(2023, 2, 28), 1);
  EXPECT_EQ(days_from_civil(2100, 3, 1) - days_from_civil(2100, 2, 28), 1);  // not a leap year
}

TEST(Dates, RoundTripOverFourHundredYears) {
  const std::int64_t first = days_of(18000101), last = days_of(22000101);
  std::int32_t previous = 0;
  for (std::int64_t d = first; d < last; ++d) {
    const CivilDate c = civil_from_days(d);
    ASSERT_EQ(days_from_civil(c.year, c.month, c.day), d);
    ASSERT_GT(c.yyyymmdd(), previous);
    previous = c.yyyymmdd();
  }
  EXPECT_EQ(last - first, 146097);  // days in 400 Gregorian years
  EXPECT_EQ(civil_from_days(days_of(20191231) + 1).yyyymmdd(), 20200101);
}

}  // namespace
}  // namespace softpower
