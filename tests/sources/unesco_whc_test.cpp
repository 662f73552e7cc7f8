#include <gtest/gtest.h>

#include "softpower/sources/reader.hpp"
#include "sources/support.hpp"
#include "support/data.hpp"

namespace softpower::sources {
namespace {

using ::softpower::testing::ends_with;
using ::softpower::testing::find_unmapped;

TEST(SourceWhcSites, CountsInscriptionsByCategoryAndYear) {
  SOFTPOWER_REQUIRE_DATA(data);
  const ReadResult r = reader("whc-sites").read(data);
  EXPECT_EQ(r.rows_read, 1121u);  // sites, despite 1,724 physical lines of HTML text
  // Counted with Python over the Latin-1 file: Italy inscribed ten cultural sites in 1997.
  EXPECT_EQ(r.panel.value("ITA", "whc_cultural", 1997), 10);
  EXPECT_EQ(r.panel.value("ITA", "whc_natural", 1997), 0);
  // China 1987: five cultural sites and one mixed (Mount Taishan).
  EXPECT_EQ(r.panel.value("CHN", "whc_cultural", 1987), 5);
  EXPECT_EQ(r.panel.value("CHN", "whc_mixed", 1987), 1);
  // Germany 2019: two cultural sites, one of them transboundary (with Czechia).
  EXPECT_EQ(r.panel.value("DEU", "whc_cultural", 2019), 2);
  EXPECT_EQ(r.panel.value("DEU", "whc_transboundary", 2019), 1);
  // The stock on the 2019 list: Italy 55 (as Sum_Unesco has it), Germany 46, Italy by 1997 27.
  EXPECT_EQ(r.panel.value("ITA", "whc_sites", 2019), 55);
  EXPECT_EQ(r.panel.value("ITA", "whc_sites", 1997), 27);
  EXPECT_EQ(r.panel.value("DEU", "whc_sites", 2019), 46);
  // Namibia is "na" in the lower-case ISO-2 column: two sites.
  EXPECT_EQ(r.panel.value("NAM", "whc_sites", 2019), 2);
  // The Holy See shares the Historic Centre of Rome ("va,it").
  EXPECT_EQ(r.panel.value("VAT", "whc_sites", 2019), 2);
  EXPECT_EQ(r.panel.units().size(), 167u);
  EXPECT_EQ(r.panel.years().front(), 1978);
  EXPECT_EQ(r.panel.years().back(), 2019);
  ASSERT_EQ(r.unmapped.size(), 1u);
  const UnmappedRow& jerusalem = r.unmapped.front();
  EXPECT_EQ(jerusalem.value, "Jerusalem (Site proposed by Jordan)");
  EXPECT_EQ(jerusalem.reason, "not a country");
  EXPECT_EQ(jerusalem.where.line, 983u);
  EXPECT_EQ(jerusalem.where.field, "iso_code");
  EXPECT_TRUE(ends_with(jerusalem.where.file, "whc-sites-2019.csv"));
}

TEST(SourceUnescoCumulative, ReadsTheRepositoryCountsByName) {
  SOFTPOWER_REQUIRE_DATA(data);
  const ReadResult r = reader("unesco-cumulative").read(data);
  EXPECT_EQ(r.rows_read, 7014u);
  EXPECT_EQ(r.panel.value("ITA", "whc_sites_cumulative", 2019), 55);  // Sum_Unesco.csv:6920
  // Sum_Unesco.csv:6905 counts 47 for Germany in 2019, one more than the 2019 list.
  EXPECT_EQ(r.panel.value("DEU", "whc_sites_cumulative", 2019), 47);
  EXPECT_EQ(r.panel.value("DEU", "whc_sites_cumulative", 1978), 1);
  EXPECT_EQ(r.panel.years().size(), 42u);
  EXPECT_EQ(r.panel.units().size(), 167u);
  EXPECT_TRUE(r.unmapped.empty());
}

}  // namespace
}  // namespace softpower::sources
