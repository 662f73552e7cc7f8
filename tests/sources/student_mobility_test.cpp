#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "softpower/sources/reader.hpp"
#include "sources/support.hpp"
#include "support/data.hpp"

namespace softpower::sources {
namespace {

using ::softpower::testing::count_reason;
using ::softpower::testing::find_unmapped;

TEST(SourceStudentMobility, UisSeriesAndEducationSpending) {
  SOFTPOWER_REQUIRE_DATA(data);
  const ReadResult r = reader("student-mobility").read(data);
  EXPECT_EQ(r.files.size(), 3u);
  // inbound_intl.csv:862 26637,DEU,2019,333233 and :5763 26637,USA,2020,957475.1875
  EXPECT_DOUBLE_EQ(r.panel.value("DEU", "inbound_students", 2019), 333233);
  EXPECT_DOUBLE_EQ(r.panel.value("USA", "inbound_students", 2020), 957475.1875);
  // :13 AFG 2009 is 0 with magnitude NIL (a true zero); :16 AIA 2000 is 0 with magnitude NA
  // (not applicable), so missing.
  EXPECT_EQ(r.panel.value("AFG", "inbound_students", 2009), 0);
  EXPECT_TRUE(std::isnan(r.panel.value("AIA", "inbound_students", 2000)));
  // inbound-outbound_intl.csv:2218 and :423
  EXPECT_DOUBLE_EQ(r.panel.value("USA", "net_student_flow", 2020), 848728.1875);
  EXPECT_DOUBLE_EQ(r.panel.value("CHN", "net_student_flow", 2019), -858847);
  // The wide World Bank file (BOM, CRLF): Germany 1995 and Namibia 2000.
  EXPECT_DOUBLE_EQ(r.panel.value("DEU", "education_expenditure_gdp", 1995), 4.43076);
  EXPECT_DOUBLE_EQ(r.panel.value("NAM", "education_expenditure_gdp", 2000), 6.99139);
  // Year columns run to 2100 but are empty after 2022: no empty years in the panel.
  EXPECT_LE(r.panel.years().back(), 2024);
  const UnmappedRow* world = find_unmapped(r.unmapped, "SDG: World");
  ASSERT_NE(world, nullptr);
  EXPECT_EQ(world->reason, "aggregate");
  EXPECT_EQ(world->where.line, 4680u);
  EXPECT_EQ(world->where.field, "geoUnit");
  const UnmappedRow* wb_world = find_unmapped(r.unmapped, "WLD");
  ASSERT_NE(wb_world, nullptr);
  EXPECT_EQ(wb_world->where.line, 267u);
  EXPECT_EQ(count_reason(r.unmapped, "duplicate"), 0u);
  // 4,488 UIS grouping rows and 49 World Bank aggregate rows (Python count: the rows whose
  // unit is not an ISO code, less the Netherlands Antilles, a registry state).
  EXPECT_EQ(r.unmapped.size(), 4537u);
  EXPECT_EQ(count_reason(r.unmapped, "aggregate"), 4537u);
  EXPECT_EQ(r.panel.units().size(), 208u);
}

TEST(SourceOecdStudentShares, HostsAndOriginsOfInternationalStudents) {
  SOFTPOWER_REQUIRE_DATA(data);
  const DyadResult r = dyad_reader("oecd-student-shares").read(data);
  EXPECT_EQ(r.rows_read, 9943u);
  const auto share = [&](std::string_view from, std::string_view to) {
    const auto it = std::find_if(r.dyads.begin(), r.dyads.end(),
                                 [&](const Dyad& d) { return d.from == from && d.to == to; });
    return it == r.dyads.end() ? std::nan("") : it->value;
  };
  // Share_students_origin_to_destination.csv: USA,United States,China,2022,31.88277407 means
  // 31.9% of the United States' international students come from China.
  EXPECT_DOUBLE_EQ(share("CHN", "USA"), 31.88277407);
  EXPECT_DOUBLE_EQ(share("FRA", "DEU"), 2.396938581);  // :2550 DEU,Germany,France
  // "Curaçao" is written in UTF-8 inside a file that is otherwise not: it still maps.
  EXPECT_DOUBLE_EQ(share("CUW", "BEL"), 0.01255673);  // :593
  for (const Dyad& d : r.dyads) EXPECT_EQ(d.year, 2022);
  const UnmappedRow* eu = find_unmapped(r.unmapped, "EU25");
  ASSERT_NE(eu, nullptr);
  EXPECT_EQ(eu->reason, "aggregate");
  EXPECT_EQ(eu->where.field, "REF_AREA");
  const UnmappedRow* other = find_unmapped(r.unmapped, "Other countries unspecified");
  ASSERT_NE(other, nullptr);
  EXPECT_EQ(other->reason, "not a country");
  const UnmappedRow* world = find_unmapped(r.unmapped, "World");
  ASSERT_NE(world, nullptr);
  EXPECT_EQ(world->reason, "aggregate");
  // Both Koreas are written "Korea": each host's two rows are reported, not guessed.
  EXPECT_EQ(count_reason(r.unmapped, "ambiguous code"), 88u);
  EXPECT_TRUE(std::isnan(share("KOR", "AUS")));
  // "Côte d'Ivoire" is written with the byte 0x99 (Mac Roman ô): reported, never fixed by
  // guessing, for each of the 44 hosts.
  EXPECT_EQ(count_reason(r.unmapped, "unknown name"), 44u);
  EXPECT_NE(find_unmapped(r.unmapped, "C\xE2\x84\xA2te d'Ivoire"), nullptr);
  EXPECT_EQ(count_reason(r.unmapped, "aggregate"), 534u);
  EXPECT_EQ(count_reason(r.unmapped, "not a country"), 307u);
}

}  // namespace
}  // namespace softpower::sources
