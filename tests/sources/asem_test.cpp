#include "softpower/sources/asem.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "softpower/sources/reader.hpp"
#include "sources/support.hpp"
#include "support/data.hpp"

namespace softpower::sources {
namespace {

TEST(SourceAsem, IndicatorsDenominatorsAndGroups) {
  SOFTPOWER_REQUIRE_DATA(data);
  const ReadResult r = reader("asem").read(data);
  EXPECT_EQ(r.rows_read, 51u);
  EXPECT_EQ(r.panel.units().size(), 51u);
  EXPECT_EQ(r.panel.years(), std::vector<int>{2018});
  // 49 indicators and the 4 denominators COINr divides by.
  EXPECT_EQ(r.panel.indicators().size(), 53u);
  EXPECT_DOUBLE_EQ(r.panel.value("AUT", "LPI", 2018), 4.097985);
  EXPECT_DOUBLE_EQ(r.panel.value("CHN", "GDP", 2018), 11218.2810292983);
  EXPECT_DOUBLE_EQ(r.panel.value("NZL", "Pat", 2018), 46.5);
  // 64 empty cells, and no others: 51 x 53 - 64 values.
  EXPECT_EQ(r.panel.count(), 51u * 53u - 64u);
  EXPECT_EQ(r.groups.size(), 4u);
  EXPECT_EQ(r.groups.at("EurAsia_group").at("AUT"), "Europe");
  EXPECT_EQ(r.groups.at("EurAsia_group").at("NZL"), "Asia");
  EXPECT_EQ(r.groups.at("GDP_group").at("CHN"), "XL");
  const std::size_t lpi = *r.panel.indicator_index("LPI");
  EXPECT_EQ(r.panel.info()[lpi].name, "Logistics Performance Index");
  EXPECT_EQ(r.panel.info()[lpi].unit, "Score 1-5");
  EXPECT_TRUE(r.unmapped.empty());
}

TEST(SourceAsem, MetadataTableGivesTheFramework) {
  SOFTPOWER_REQUIRE_DATA(data);
  const std::vector<AsemMeta> meta = read_asem_metadata(data);
  ASSERT_EQ(meta.size(), 68u);
  const auto count_type = [&](std::string_view type) {
    return std::count_if(meta.begin(), meta.end(),
                         [&](const AsemMeta& m) { return m.type == type; });
  };
  EXPECT_EQ(count_type("Indicator"), 49);
  EXPECT_EQ(count_type("Aggregate"), 11);
  EXPECT_EQ(count_type("Group"), 4);
  EXPECT_EQ(count_type("Denominator"), 4);
  const AsemMeta& cost = *std::find_if(meta.begin(), meta.end(),
                                       [](const AsemMeta& m) { return m.code == "CostImpEx"; });
  EXPECT_EQ(cost.direction, -1);
  EXPECT_EQ(cost.parent, "Instit");
  EXPECT_EQ(cost.level, 1);
  const AsemMeta& flights = *std::find_if(meta.begin(), meta.end(),
                                          [](const AsemMeta& m) { return m.code == "Flights"; });
  EXPECT_EQ(flights.denominator, "Population");
  EXPECT_DOUBLE_EQ(flights.target, 200.3326555);
  EXPECT_EQ(flights.line, 3u);
  const AsemMeta& index = meta[59];
  EXPECT_EQ(index.code, "Index");
  EXPECT_EQ(index.level, 4);
  EXPECT_TRUE(index.parent.empty());
}

TEST(SourceAsem, ArtificialPanelAndWorldDenominators) {
  SOFTPOWER_REQUIRE_DATA(data);
  const ReadResult panel = reader("asem-panel").read(data);
  EXPECT_EQ(panel.rows_read, 255u);
  EXPECT_EQ(panel.panel.years(), (std::vector<int>{2018, 2019, 2020, 2021, 2022}));
  EXPECT_DOUBLE_EQ(panel.panel.value("AUT", "LPI", 2018), 4.097985);  // same as ASEM_iData
  EXPECT_DOUBLE_EQ(panel.panel.value("AUT", "LPI", 2021), 4.16662212587282);
  const ReadResult world = reader("world-denoms").read(data);
  EXPECT_EQ(world.rows_read, 249u);
  EXPECT_DOUBLE_EQ(world.panel.value("DEU", "GDP", 2019), 3861123558039.21);
  EXPECT_DOUBLE_EQ(world.panel.value("NAM", "Population", 2019), 2494530);
  EXPECT_EQ(world.groups.at("Income_Group").at("NAM"), "Upper middle income");
}

}  // namespace
}  // namespace softpower::sources
