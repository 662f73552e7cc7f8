#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "softpower/sources/reader.hpp"
#include "sources/support.hpp"
#include "support/data.hpp"

namespace softpower::sources {
namespace {

using ::softpower::testing::count_reason;
using ::softpower::testing::find_unmapped;

TEST(SourceUnMigrantStock, ImmigrantsAndDiasporaPerCountry) {
  SOFTPOWER_REQUIRE_DATA(data);
  const ReadResult r = reader("un-migrant-stock").read(data);
  EXPECT_EQ(r.rows_read, 37051u);
  // migration_un_data_coldrop.csv:26121 Germany <- WORLD, 2020: 15,762,457 immigrants.
  EXPECT_DOUBLE_EQ(r.panel.value("DEU", "immigrant_stock", 2020), 15762457);
  EXPECT_DOUBLE_EQ(r.panel.value("DEU", "immigrant_stock", 1990), 5936181);
  // :201 WORLD <- Germany, 2020: 3,855,268 people born in Germany live abroad.
  EXPECT_DOUBLE_EQ(r.panel.value("DEU", "emigrant_stock", 2020), 3855268);
  // :135 India's diaspora, 2020; :33811 the United States' immigrants, 2020.
  EXPECT_DOUBLE_EQ(r.panel.value("IND", "emigrant_stock", 2020), 17869492);
  EXPECT_DOUBLE_EQ(r.panel.value("USA", "immigrant_stock", 2020), 50632836);
  EXPECT_EQ(r.panel.years(), (std::vector<int>{1990, 1995, 2000, 2005, 2010, 2015, 2020}));
  // Line 2 is WORLD <- WORLD: the World is reported as an aggregate with its file and line.
  const UnmappedRow& first = r.unmapped.front();
  EXPECT_EQ(first.value, "900");
  EXPECT_EQ(first.reason, "aggregate");
  EXPECT_EQ(first.where.line, 2u);
  EXPECT_EQ(first.where.field, "Location code of destination");
  EXPECT_EQ(count_reason(r.unmapped, "duplicate"), 0u);
  // The World, regions and groups beside the World (Python count), the Channel Islands among
  // them: 97 rows, all aggregates.
  EXPECT_EQ(r.unmapped.size(), 97u);
  EXPECT_EQ(count_reason(r.unmapped, "aggregate"), 97u);
  EXPECT_EQ(r.panel.units().size(), 234u);
}

TEST(SourceUnMigrantStock, BilateralStocksBetweenCountries) {
  SOFTPOWER_REQUIRE_DATA(data);
  const DyadResult r = dyad_reader("un-migrant-stock-bilateral").read(data);
  const auto stock = [&](std::string_view from, std::string_view to, int year) {
    const auto it = std::find_if(r.dyads.begin(), r.dyads.end(), [&](const Dyad& d) {
      return d.from == from && d.to == to && d.year == year;
    });
    return it == r.dyads.end() ? std::nan("") : it->value;
  };
  // :26294 Germany <- Turkey and :26267 Germany <- Poland, 2020.
  EXPECT_DOUBLE_EQ(stock("TUR", "DEU", 2020), 1837282);
  EXPECT_DOUBLE_EQ(stock("POL", "DEU", 1990), 412581);
  // No pair of a country with a region or group is kept.
  std::set<std::string> units;
  for (const Dyad& d : r.dyads) {
    units.insert(d.from);
    units.insert(d.to);
  }
  EXPECT_EQ(units.count("900"), 0u);
  EXPECT_GT(count_reason(r.unmapped, "aggregate"), 0u);
  // :6566 Burundi <- Other: migrants whose origin is not stated.
  const UnmappedRow* other = find_unmapped(r.unmapped, "Other");
  ASSERT_NE(other, nullptr);
  EXPECT_EQ(other->reason, "not a country");
  EXPECT_EQ(other->where.line, 6566u);
}

TEST(SourceForeignBorn, ForeignBornPopulation2015ByName) {
  SOFTPOWER_REQUIRE_DATA(data);
  const ReadResult r = reader("foreign-born-2015").read(data);
  EXPECT_EQ(r.rows_read, 230u);
  // foreign_born_population_by_country_UN2015.tab:2 and :3
  EXPECT_DOUBLE_EQ(r.panel.value("USA", "foreign_born", 2015), 46627102);
  EXPECT_DOUBLE_EQ(r.panel.value("USA", "foreign_born_share", 2015), 14.3);
  EXPECT_DOUBLE_EQ(r.panel.value("DEU", "foreign_born", 2015), 12005690);
  EXPECT_DOUBLE_EQ(r.panel.value("VAT", "foreign_born_share", 2015), 100);  // "Vatican City"
  EXPECT_EQ(r.panel.years(), std::vector<int>{2015});
  EXPECT_EQ(r.panel.units().size(), 229u);
  ASSERT_EQ(r.unmapped.size(), 1u);
  EXPECT_EQ(r.unmapped[0].value, "Guernsey Jersey Channel Islands");
  EXPECT_EQ(r.unmapped[0].reason, "aggregate");
}

}  // namespace
}  // namespace softpower::sources
