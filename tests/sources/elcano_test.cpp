#include "softpower/sources/elcano.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "softpower/sources/reader.hpp"
#include "sources/support.hpp"
#include "support/data.hpp"

namespace softpower::sources {
namespace {

using ::softpower::testing::find_unmapped;

TEST(SourceElcano, InputsPerCountryYearKeyedByM49) {
  SOFTPOWER_REQUIRE_DATA(data);
  const ReadResult r = reader("elcano").read(data);
  EXPECT_EQ(r.rows_read, 553u);
  EXPECT_EQ(r.panel.units().size(), 70u);
  EXPECT_EQ(r.panel.indicators().size(), 16u);
  EXPECT_EQ(r.panel.years(), (std::vector<int>{1990, 1995, 2000, 2005, 2010, 2011, 2012, 2013}));
  // iepg_final_data_inputs.csv:478 un276 (Germany) 2013
  EXPECT_DOUBLE_EQ(r.panel.value("DEU", "energy", 2013), 201.7226687);
  EXPECT_DOUBLE_EQ(r.panel.value("DEU", "cooperation", 2013), 491.235263);
  // :296 un840 2010: the reference year, where the United States sets the maximum of 1000.
  EXPECT_EQ(r.panel.value("USA", "primary_goods", 2010), 1000);
  // :24 un724 1990: investments 4, troops 0.193563997, military equipment 32.
  EXPECT_DOUBLE_EQ(r.panel.value("ESP", "investments", 1990), 4);
  EXPECT_DOUBLE_EQ(r.panel.value("ESP", "troops", 1990), 0.193563997);
  EXPECT_DOUBLE_EQ(r.panel.value("ESP", "military_equipment", 1990), 32);
  // 63 countries in 1990, 70 from 1995.
  const std::size_t energy = *r.panel.indicator_index("energy");
  std::size_t in_1990 = 0;
  for (std::size_t u = 0; u < r.panel.units().size(); ++u) {
    in_1990 += !std::isnan(r.panel.at(u, energy, 0));
  }
  EXPECT_EQ(in_1990, 63u);
  EXPECT_TRUE(r.unmapped.empty());
}

TEST(SourceElcano, PopulationAndGdpWithNullMarkers) {
  SOFTPOWER_REQUIRE_DATA(data);
  const ReadResult r = reader("elcano-gdp-population").read(data);
  EXPECT_EQ(r.rows_read, 1880u);
  EXPECT_DOUBLE_EQ(r.panel.value("DEU", "population", 2013), 81804228);  // pib_pob.csv:1721
  EXPECT_DOUBLE_EQ(r.panel.value("DEU", "gdp_usd", 2013), 3593238000000);
  // :1784 un516 is Namibia.
  EXPECT_DOUBLE_EQ(r.panel.value("NAM", "gdp_usd", 2013), 12296000000);
  // :222 un830 the Channel Islands (Guernsey and Jersey together), once per year.
  ASSERT_EQ(r.unmapped.size(), 8u);
  EXPECT_EQ(r.unmapped[0].value, "un830");
  EXPECT_EQ(r.unmapped[0].reason, "aggregate");
  EXPECT_EQ(r.unmapped[0].where.line, 222u);
  EXPECT_EQ(r.panel.units().size(), 233u);
}

TEST(SourceElcano, BlocsAndWeights) {
  SOFTPOWER_REQUIRE_DATA(data);
  const ElcanoBlocs blocs = read_elcano_blocs(data);
  const auto eu = std::find_if(blocs.blocs.begin(), blocs.blocs.end(),
                               [](const ElcanoBloc& b) { return b.id == "eu900"; });
  ASSERT_NE(eu, blocs.blocs.end());
  EXPECT_EQ(eu->name, "European Union (EU)");
  EXPECT_EQ(eu->countries.size(), 28u);  // the EU of 2013, with the United Kingdom
  EXPECT_NE(std::find(eu->countries.begin(), eu->countries.end(), "DEU"), eu->countries.end());
  EXPECT_NE(std::find(eu->countries.begin(), eu->countries.end(), "GBR"), eu->countries.end());
  const auto latin = std::find_if(blocs.blocs.begin(), blocs.blocs.end(),
                                  [](const ElcanoBloc& b) { return b.id == "un419"; });
  ASSERT_NE(latin, blocs.blocs.end());
  EXPECT_EQ(latin->sub_blocs, (std::vector<std::string>{"un005", "un013", "un029"}));
  EXPECT_EQ(blocs.blocs.size(), 35u);

  const std::vector<ElcanoWeight> weights = read_elcano_weights(data);
  ASSERT_EQ(weights.size(), 16u);
  EXPECT_EQ(weights[0].variable, "energy");
  EXPECT_EQ(weights[0].within_dimension_pct, 18);
  EXPECT_EQ(weights[0].dimension_pct, 38);
  double soft = 0;
  for (const ElcanoWeight& w : weights) soft += w.dimension == "soft" ? w.within_dimension_pct : 0;
  EXPECT_EQ(soft, 100);
}

}  // namespace
}  // namespace softpower::sources
