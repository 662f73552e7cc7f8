#include <gtest/gtest.h>

#include "softpower/sources/reader.hpp"
#include "sources/support.hpp"
#include "support/data.hpp"

namespace softpower::sources {
namespace {

TEST(SourceUsMissions, OrdinalScoresOfTheHighestAndUsualLevel) {
  SOFTPOWER_REQUIRE_DATA(data);
  const ReadResult r = reader("us-diplomatic-missions").read(data);
  EXPECT_EQ(r.rows_read, 17302u);
  // :25 Canada 1943: a legation most of the year, raised to an embassy (8) during it.
  EXPECT_EQ(r.panel.value("CAN", "us_mission_max", 1943), 8);
  EXPECT_EQ(r.panel.value("CAN", "us_mission_mode", 1943), 6);
  // :270 Cuba 2015: an interests section (1) reopened as an embassy in July.
  EXPECT_EQ(r.panel.value("CUB", "us_mission_max", 2015), 8);
  EXPECT_EQ(r.panel.value("CUB", "us_mission_mode", 2015), 1);
  EXPECT_EQ(r.panel.value("IRN", "us_mission_max", 2020), 1);  // :13153 Interests
  // COW 345 is Yugoslavia in 1990 and Serbia in 2010.
  EXPECT_EQ(r.panel.value("SRB", "us_mission_max", 2010), 8);
  EXPECT_EQ(r.panel.years().front(), 1816);
  EXPECT_EQ(r.panel.years().back(), 2024);
  EXPECT_EQ(r.panel.value("YUG", "us_mission_max", 1990), 8);  // :7612, COW 345 in 1990
  EXPECT_EQ(r.panel.units().size(), 219u);
  EXPECT_TRUE(r.unmapped.empty());
}

}  // namespace
}  // namespace softpower::sources
