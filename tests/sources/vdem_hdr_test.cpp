#include <gtest/gtest.h>

#include <cmath>

#include "softpower/sources/reader.hpp"
#include "sources/support.hpp"
#include "support/data.hpp"

namespace softpower::sources {
namespace {

using ::softpower::testing::count_reason;
using ::softpower::testing::find_unmapped;

TEST(SourceVdem, SixIndicesByGleditschWardAndPolyarchyByTextId) {
  SOFTPOWER_REQUIRE_DATA(data);
  const ReadResult r = reader("vdem").read(data);
  EXPECT_EQ(r.rows_read, 8796u + 27555u);
  // dv_data_1968_on.csv:2061 260,2018,Germany,...,0.953,0.902,0.991,0.959,0.979,0.986
  EXPECT_DOUBLE_EQ(r.panel.value("DEU", "v2x_veracc_osp", 2018), 0.953);
  EXPECT_DOUBLE_EQ(r.panel.value("DEU", "v2x_pubcorr", 2018), 0.986);
  // dem.csv:11803 DEU 2022 0.857
  EXPECT_DOUBLE_EQ(r.panel.value("DEU", "v2x_polyarchy", 2022), 0.857);
  EXPECT_EQ(r.panel.indicators().size(), 7u);
  EXPECT_EQ(r.panel.years().back(), 2023);
  // One unit per polity-year in both files: West Germany is XWG for the six indices (GW 260
  // in 1980) and for polyarchy (dem.csv DEU 1980), unified Germany DEU.
  EXPECT_FALSE(std::isnan(r.panel.value("XWG", "v2x_polyarchy", 1980)));
  EXPECT_FALSE(std::isnan(r.panel.value("XWG", "v2xcl_rol", 1980)));
  EXPECT_TRUE(std::isnan(r.panel.value("DEU", "v2x_polyarchy", 1980)));
  // V-Dem's VDR is South Vietnam (dem.csv:5258 VDR 1970 0.316), not ISO's North Vietnam.
  EXPECT_DOUBLE_EQ(r.panel.value("XSV", "v2x_polyarchy", 1970), 0.316);
  EXPECT_DOUBLE_EQ(r.panel.value("XSV", "v2x_veracc_osp", 1970), 0.668);
  // RUS before 1968 takes the GW code demspaces gives it (365): the USSR in 1950.
  EXPECT_FALSE(std::isnan(r.panel.value("SUN", "v2x_polyarchy", 1950)));
  // Baden (V-Dem's BDN, GW 267) is in the registry from 1816: its 1789-1815 rows are reported.
  const UnmappedRow* baden = find_unmapped(r.unmapped, "BDN");
  ASSERT_NE(baden, nullptr);
  EXPECT_EQ(baden->reason, "not a state in that year");
  EXPECT_FALSE(std::isnan(r.panel.value("XBD", "v2x_polyarchy", 1850)));  // dem.csv:26219
  // Brunswick, Hamburg, Nassau, Oldenburg, Saxe-Weimar, Piedmont-Sardinia, Mandate Palestine,
  // Gaza and Somaliland have no registry entry: 74+79+61+77+79+73+31+35+92 rows.
  EXPECT_EQ(count_reason(r.unmapped, "unknown code"), 601u);
  EXPECT_EQ(count_reason(r.unmapped, "duplicate"), 0u);
}

TEST(SourceUndpHdr, WideIndicatorYearColumnsAndGroups) {
  SOFTPOWER_REQUIRE_DATA(data);
  const ReadResult r = reader("undp-hdr").read(data);
  EXPECT_EQ(r.rows_read, 206u);
  EXPECT_DOUBLE_EQ(r.panel.value("NOR", "hdi", 2021), 0.961);
  EXPECT_DOUBLE_EQ(r.panel.value("DEU", "hdi", 2021), 0.942);
  EXPECT_DOUBLE_EQ(r.panel.value("DEU", "le", 1990), 75.3588);
  EXPECT_DOUBLE_EQ(r.panel.value("NOR", "gnipc", 2021), 64660.10622);
  EXPECT_EQ(r.panel.value("DEU", "hdi_rank", 2021), 9);
  EXPECT_EQ(r.panel.years().front(), 1990);
  EXPECT_EQ(r.panel.years().back(), 2021);
  EXPECT_EQ(r.panel.indicators().size(), 39u);
  EXPECT_EQ(r.groups.at("hdicode").at("DEU"), "Very High");
  EXPECT_EQ(r.groups.at("region").at("SOM"), "AS");
  // Eleven HDR groups (ZZA.VHHD ... ZZK.WORLD) are aggregates; every country maps.
  ASSERT_EQ(r.unmapped.size(), 11u);
  const UnmappedRow* world = find_unmapped(r.unmapped, "ZZK.WORLD");
  ASSERT_NE(world, nullptr);
  EXPECT_EQ(world->reason, "aggregate");
  EXPECT_EQ(world->where.line, 207u);
  const auto hdi = *r.panel.indicator_index("hdi");
  EXPECT_EQ(r.panel.info()[hdi].name, "Human Development Index");
}

}  // namespace
}  // namespace softpower::sources
