#include <gtest/gtest.h>

#include <cmath>

#include "softpower/sources/reader.hpp"
#include "sources/support.hpp"
#include "support/data.hpp"

namespace softpower::sources {
namespace {

using ::softpower::testing::count_reason;

// Counted apart from softpower, with Python's csv module on the two files:
//   python3 -c 'import csv; rows = list(csv.DictReader(open("TRUMPWORLD-us.csv")));
//     print(len(rows), sum(1 for r in rows for k, v in r.items()
//                          if k not in ("year", "avg") and v.strip()))'
// gives 17 rows and 325 values (TRUMPWORLD-pres.csv: 15 rows, 289 values), 37 publics in
// each header; the values sum to 18072 and 13649.
TEST(SourcePew, EveryPublicOfBothFilesWithItsValues) {
  SOFTPOWER_REQUIRE_DATA(data);
  const ReadResult r = reader("pew-us-image").read(data);
  EXPECT_EQ(r.files.size(), 2u);
  EXPECT_EQ(r.rows_read, 17u + 15u);
  EXPECT_EQ(r.panel.units().size(), 37u);
  ASSERT_EQ(r.panel.indicators().size(), 2u);
  EXPECT_EQ(r.panel.indicators()[0], "favourable:USA");
  EXPECT_EQ(r.panel.indicators()[1], "confidence_president:USA");
  EXPECT_EQ(r.panel.years().front(), 2000);
  EXPECT_EQ(r.panel.years().back(), 2017);
  EXPECT_EQ(r.panel.years().size(), 18u);  // 2000-2017: 2001 only in -pres, 2002 only in -us
  std::size_t favourable = 0, confidence = 0;
  double favourable_sum = 0, confidence_sum = 0;
  for (const std::string& unit : r.panel.units()) {
    for (int year : r.panel.years()) {
      const double f = r.panel.value(unit, "favourable:USA", year);
      const double c = r.panel.value(unit, "confidence_president:USA", year);
      if (!std::isnan(f)) ++favourable, favourable_sum += f;
      if (!std::isnan(c)) ++confidence, confidence_sum += c;
    }
  }
  EXPECT_EQ(favourable, 325u);
  EXPECT_EQ(confidence, 289u);
  EXPECT_DOUBLE_EQ(favourable_sum, 18072);
  EXPECT_DOUBLE_EQ(confidence_sum, 13649);
  // Only FiveThirtyEight's `avg` is left out, once per row: every public's name is known.
  EXPECT_EQ(r.unmapped.size(), 32u);
  EXPECT_EQ(count_reason(r.unmapped, "aggregate"), 32u);
  EXPECT_EQ(r.unmapped.front().value, "avg");
  EXPECT_EQ(r.unmapped.front().where.field, "avg");
}

TEST(SourcePew, KnownValuesAndGaps) {
  SOFTPOWER_REQUIRE_DATA(data);
  const ReadResult r = reader("pew-us-image").read(data);
  EXPECT_EQ(r.panel.value("DEU", "favourable:USA", 2017), 35);  // TRUMPWORLD-us.csv:17
  EXPECT_EQ(r.panel.value("DEU", "favourable:USA", 2000), 78);
  EXPECT_EQ(r.panel.value("KOR", "favourable:USA", 2017), 75);
  EXPECT_EQ(r.panel.value("GBR", "favourable:USA", 2002), 75);  // "UK"
  EXPECT_EQ(r.panel.value("JOR", "favourable:USA", 2003), 1);   // the lowest figure
  EXPECT_EQ(r.panel.value("RUS", "confidence_president:USA", 2017), 53);
  EXPECT_EQ(r.panel.value("MEX", "confidence_president:USA", 2017), 5);
  EXPECT_EQ(r.panel.value("DEU", "confidence_president:USA", 2009), 93);
  // Not surveyed: an empty cell is missing, not zero.
  EXPECT_TRUE(std::isnan(r.panel.value("KOR", "favourable:USA", 2004)));
  EXPECT_TRUE(std::isnan(r.panel.value("HUN", "favourable:USA", 2015)));
  EXPECT_TRUE(std::isnan(r.panel.value("DEU", "favourable:USA", 2001)));
}

}  // namespace
}  // namespace softpower::sources
