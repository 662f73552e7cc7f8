#include <gtest/gtest.h>

#include "softpower/sources/reader.hpp"
#include "sources/support.hpp"
#include "support/data.hpp"

namespace softpower::sources {
namespace {

using ::softpower::testing::count_reason;
using ::softpower::testing::ends_with;
using ::softpower::testing::find_unmapped;

TEST(SourceDatahub, GdpReadsWorldBankValuesAndReportsAggregates) {
  SOFTPOWER_REQUIRE_DATA(data);
  const ReadResult r = reader("datahub-gdp").read(data);
  EXPECT_EQ(r.rows_read, 13979u);
  // gdp.csv:4624 Germany,DEU,2020,3887727161914.4077
  EXPECT_DOUBLE_EQ(r.panel.value("DEU", "gdp_usd", 2020), 3887727161914.4077);
  // gdp.csv:8964 Namibia,NAM,2000,...: the ISO alpha-3 column, so no Namibia/NA trap here.
  EXPECT_DOUBLE_EQ(r.panel.value("NAM", "gdp_usd", 2000), 3922232164.831751);
  EXPECT_EQ(r.panel.years().front(), 1960);
  EXPECT_EQ(r.panel.years().back(), 2023);
  const UnmappedRow* world = find_unmapped(r.unmapped, "WLD");
  ASSERT_NE(world, nullptr);
  EXPECT_EQ(world->reason, "aggregate");
  EXPECT_TRUE(ends_with(world->where.file, "indicators/datahub/gdp.csv"));
  EXPECT_EQ(world->where.line, 13760u);  // World,WLD,1960: the first World row
  EXPECT_EQ(world->where.field, "Country Code");
  EXPECT_EQ(r.panel.info().at(0).unit, "current US$");
  // 213 economies; every other row is a World Bank aggregate (49 codes, CHI the Channel
  // Islands among them), counted with Python against the ISO list of country-codes.csv.
  EXPECT_EQ(r.panel.units().size(), 213u);
  EXPECT_EQ(r.unmapped.size(), 2850u);
  EXPECT_EQ(count_reason(r.unmapped, "aggregate"), 2850u);
}

TEST(SourceDatahub, PopulationOfGermanyAndTheWorldRowReported) {
  SOFTPOWER_REQUIRE_DATA(data);
  const ReadResult r = reader("datahub-population").read(data);
  EXPECT_EQ(r.rows_read, 17195u);
  EXPECT_DOUBLE_EQ(r.panel.value("DEU", "population", 2020), 83160871);  // population.csv:3637
  EXPECT_EQ(r.panel.years().back(), 2024);
  const UnmappedRow* world = find_unmapped(r.unmapped, "WLD");
  ASSERT_NE(world, nullptr);
  EXPECT_EQ(world->where.line, 16742u);
  EXPECT_EQ(r.panel.units().size(), 216u);
  EXPECT_EQ(r.unmapped.size(), 3185u);
  EXPECT_EQ(count_reason(r.unmapped, "aggregate"), 3185u);
}

}  // namespace
}  // namespace softpower::sources
