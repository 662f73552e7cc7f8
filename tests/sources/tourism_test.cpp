#include <gtest/gtest.h>

#include <cmath>

#include "softpower/sources/reader.hpp"
#include "sources/support.hpp"
#include "support/data.hpp"

namespace softpower::sources {
namespace {

TEST(SourceTourism, ArrivalsInMillionsWithZeroAsNotReported) {
  SOFTPOWER_REQUIRE_DATA(data);
  const ReadResult r = reader("tourism").read(data);
  EXPECT_EQ(r.rows_read, 166u);
  // 2019_arrivals_by_country.tab:33 USA 79.3 79.618 76.9 76.4
  EXPECT_DOUBLE_EQ(r.panel.value("USA", "tourist_arrivals", 2019), 79.3);
  EXPECT_DOUBLE_EQ(r.panel.value("USA", "tourist_arrivals", 2018), 79.618);
  EXPECT_DOUBLE_EQ(r.panel.value("USA", "tourist_arrivals", 2016), 76.4);
  // :116 France 0 89.4 ...: France reported nothing for 2019 in this table.
  EXPECT_TRUE(std::isnan(r.panel.value("FRA", "tourist_arrivals", 2019)));
  EXPECT_DOUBLE_EQ(r.panel.value("FRA", "tourist_arrivals", 2018), 89.4);
  EXPECT_DOUBLE_EQ(r.panel.value("GBR", "tourist_arrivals", 2019), 39.4);  // "UK"
  EXPECT_EQ(r.panel.years(), (std::vector<int>{2016, 2017, 2018, 2019}));
  EXPECT_EQ(r.panel.info().at(0).unit, "millions of arrivals");
  EXPECT_EQ(r.panel.units().size(), 166u);
  EXPECT_TRUE(r.unmapped.empty());
}

}  // namespace
}  // namespace softpower::sources
