#include <gtest/gtest.h>

#include <cmath>

#include "softpower/sources/reader.hpp"
#include "sources/support.hpp"
#include "support/data.hpp"

namespace softpower::sources {
namespace {

using ::softpower::testing::count_reason;
using ::softpower::testing::find_unmapped;

TEST(SourcePressFreedom, RsfScoresWithKosovoByName) {
  SOFTPOWER_REQUIRE_DATA(data);
  const ReadResult r = reader("press-freedom").read(data);
  EXPECT_EQ(r.rows_read, 1609u);
  EXPECT_DOUBLE_EQ(r.panel.value("NOR", "rsf_score", 2021), 6.72);   // :1106
  EXPECT_DOUBLE_EQ(r.panel.value("ERI", "rsf_score", 2021), 81.45);  // :468
  EXPECT_DOUBLE_EQ(r.panel.value("XKX", "rsf_score", 2021), 30.32);  // :773 OWID_KOS
  EXPECT_EQ(r.groups.at("Region").at("NOR"), "Northern Europe");
  EXPECT_EQ(r.panel.years().front(), 2013);
  EXPECT_EQ(r.panel.years().back(), 2021);
  EXPECT_EQ(r.panel.units().size(), 179u);  // Northern Cyprus (OWID_CYN) included
  EXPECT_TRUE(r.unmapped.empty());
}

TEST(SourceInternet, ShareAndNumberOfUsers) {
  SOFTPOWER_REQUIRE_DATA(data);
  const ReadResult r = reader("internet").read(data);
  EXPECT_EQ(r.files.size(), 2u);
  EXPECT_DOUBLE_EQ(r.panel.value("DEU", "internet_users_share", 2019), 88.13451691);
  EXPECT_DOUBLE_EQ(r.panel.value("DEU", "internet_users", 2017), 69300711);
  const UnmappedRow* africa = find_unmapped(r.unmapped, "Sub-Saharan Africa");
  ASSERT_NE(africa, nullptr);
  EXPECT_EQ(africa->reason, "aggregate");
  EXPECT_EQ(africa->where.field, "Entity");
  // 1,367 + 47 rows of World Bank and OWID groups; nothing else is left unmapped.
  EXPECT_EQ(r.unmapped.size(), 1414u);
  EXPECT_EQ(count_reason(r.unmapped, "aggregate"), 1414u);
}

TEST(SourceOda, DonorsAreCountriesGroupsOrOrganisations) {
  SOFTPOWER_REQUIRE_DATA(data);
  const ReadResult r = reader("oda").read(data);
  EXPECT_DOUBLE_EQ(r.panel.value("SWE", "oda_gni_share", 2022), 0.8912181);
  EXPECT_DOUBLE_EQ(r.panel.value("DEU", "oda_net", 2022), 36444570000);
  const UnmappedRow* dac = find_unmapped(r.unmapped, "DAC countries");
  ASSERT_NE(dac, nullptr);
  EXPECT_EQ(dac->reason, "aggregate");
  const UnmappedRow* gates = find_unmapped(r.unmapped, "Gates Foundation");
  ASSERT_NE(gates, nullptr);
  EXPECT_EQ(gates->reason, "not a country");
  // Every row without a code (226 + 2,372) is a donor group or an organisation.
  EXPECT_EQ(count_reason(r.unmapped, "aggregate"), 775u);
  EXPECT_EQ(count_reason(r.unmapped, "not a country"), 1823u);
  EXPECT_EQ(r.unmapped.size(), 775u + 1823u);
}

}  // namespace
}  // namespace softpower::sources
