// Readers of the tables cleaned by the Soft-Power-Index repository, keyed by country name.

#include <gtest/gtest.h>

#include <cmath>

#include "softpower/sources/reader.hpp"
#include "sources/support.hpp"
#include "support/data.hpp"

namespace softpower::sources {
namespace {

using ::softpower::testing::count_reason;
using ::softpower::testing::find_unmapped;

TEST(SourceUniversities, TopHundredCountAndMeanScore) {
  SOFTPOWER_REQUIRE_DATA(data);
  const ReadResult r = reader("universities").read(data);
  EXPECT_EQ(r.rows_read, 111u);  // '#' comment lines before the header and after the data
  // awk over ranks <= 100: 41 in the United States (mean score 79.734146), 11 in the United
  // Kingdom (77.827273), 4 in Hong Kong; 101 universities in all because of ties.
  EXPECT_EQ(r.panel.value("USA", "top100_universities", 2022), 41);
  EXPECT_NEAR(r.panel.value("USA", "top100_mean_score", 2022), 79.734146, 1e-6);
  EXPECT_EQ(r.panel.value("GBR", "top100_universities", 2022), 11);
  EXPECT_NEAR(r.panel.value("GBR", "top100_mean_score", 2022), 77.827273, 1e-6);
  EXPECT_EQ(r.panel.value("HKG", "top100_universities", 2022), 4);
  double total = 0;
  const std::size_t count = *r.panel.indicator_index("top100_universities");
  for (std::size_t u = 0; u < r.panel.units().size(); ++u) total += r.panel.at(u, count, 0);
  EXPECT_EQ(total, 101);
  EXPECT_EQ(r.panel.units().size(), 19u);
  EXPECT_TRUE(r.unmapped.empty());
}

TEST(SourceCpi, BackFilledScoresAreKeptAsTheFileHasThem) {
  SOFTPOWER_REQUIRE_DATA(data);
  const ReadResult r = reader("cpi").read(data);
  EXPECT_EQ(r.rows_read, 5152u);
  EXPECT_EQ(r.panel.value("DNK", "cpi_score", 2022), 90);  // CPI_Index.csv:2
  EXPECT_EQ(r.panel.value("DEU", "cpi_score", 2010), 79);  // :2034, pre-2012 score x10
  // Afghanistan reads 25 for every year 1995-2006 (:5119, :3095), back-filled before it was
  // first scored, and 18 for 2007 (:2911).
  EXPECT_EQ(r.panel.value("AFG", "cpi_score", 1995), 25);
  EXPECT_EQ(r.panel.value("AFG", "cpi_score", 2006), 25);
  EXPECT_EQ(r.panel.value("AFG", "cpi_score", 2007), 18);
  EXPECT_EQ(r.panel.years().size(), 28u);
  EXPECT_EQ(r.panel.units().size(), 184u);  // balanced: every country every year
  EXPECT_EQ(r.panel.count(), 5152u);
  EXPECT_TRUE(r.unmapped.empty());
}

TEST(SourcePolity, ScoresAndTheTwoSplitYearsReportedAsDuplicates) {
  SOFTPOWER_REQUIRE_DATA(data);
  const ReadResult r = reader("polity").read(data);
  EXPECT_EQ(r.rows_read, 4674u);
  EXPECT_EQ(r.panel.value("DEU", "polity", 2018), 10);  // polity95.csv:1555
  EXPECT_EQ(r.panel.value("USA", "polity", 2020), 5);   // :4471, a stray 2020 row
  // Ethiopia 1993 (:1326, :1327) and Sudan 2011 (:3606, :3892): the first row is kept.
  EXPECT_EQ(r.panel.value("ETH", "polity", 1993), 0);
  EXPECT_EQ(r.panel.value("SDN", "polity", 2011), -4);
  ASSERT_EQ(count_reason(r.unmapped, "duplicate"), 2u);
  const UnmappedRow* ethiopia = find_unmapped(r.unmapped, "Ethiopia");
  ASSERT_NE(ethiopia, nullptr);
  EXPECT_EQ(ethiopia->where.line, 1327u);
  EXPECT_EQ(r.panel.years().front(), 1990);
  EXPECT_EQ(r.panel.years().back(), 2020);
  EXPECT_EQ(r.panel.units().size(), 162u);
  EXPECT_EQ(r.unmapped.size(), 2u);
}

TEST(SourceScience, ScimagoTotalsWithoutTheAuthorsScore) {
  SOFTPOWER_REQUIRE_DATA(data);
  const ReadResult r = reader("science").read(data);
  EXPECT_EQ(r.rows_read, 215u);
  // science_score_filtered.csv:216 and :213
  EXPECT_EQ(r.panel.value("USA", "scimago_documents", 2022), 15188630);
  EXPECT_EQ(r.panel.value("USA", "scimago_h_index", 2022), 2880);
  EXPECT_DOUBLE_EQ(r.panel.value("DEU", "scimago_citations_per_document", 2022), 25.59);
  EXPECT_EQ(r.panel.value("DEU", "scimago_self_citations", 2022), 21401170);
  EXPECT_EQ(r.panel.indicators().size(), 6u);
  EXPECT_FALSE(r.panel.indicator_index("score").has_value());
  EXPECT_EQ(r.panel.units().size(), 215u);
  EXPECT_TRUE(r.unmapped.empty());
}

TEST(SourceCulturalSimilarity, MeanDistanceAndPairs) {
  SOFTPOWER_REQUIRE_DATA(data);
  const ReadResult mean = reader("cultural-similarity").read(data);
  EXPECT_EQ(mean.rows_read, 29070u);
  // awk: the 170 distances from GERMANY average 49.3247058824, from JAPAN 58.2670588235.
  EXPECT_NEAR(mean.panel.value("DEU", "csi_mean_distance", 2020), 49.3247058824, 1e-9);
  EXPECT_NEAR(mean.panel.value("JPN", "csi_mean_distance", 2020), 58.2670588235, 1e-9);
  const DyadResult pairs = dyad_reader("cultural-similarity-pairs").read(data);
  const auto distance = [&](std::string_view from, std::string_view to) {
    for (const Dyad& d : pairs.dyads) {
      if (d.from == from && d.to == to) return d.value;
    }
    return std::nan("");
  };
  EXPECT_EQ(distance("DEU", "FRA"), 20.3);  // long_csi.csv:9916
  EXPECT_EQ(distance("DEU", "AFG"), 64.4);  // :9862
  // Upper-case names ("CENT AFR REP", "GREAT BRITAIN", "TRINIDAD & TOBAGO") all map.
  EXPECT_EQ(mean.panel.units().size(), 171u);
  EXPECT_TRUE(mean.unmapped.empty());
  EXPECT_EQ(pairs.dyads.size(), 29070u);
}

}  // namespace
}  // namespace softpower::sources
