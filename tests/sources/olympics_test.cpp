#include <gtest/gtest.h>

#include <cmath>

#include "softpower/sources/reader.hpp"
#include "sources/support.hpp"
#include "support/data.hpp"

namespace softpower::sources {
namespace {

using ::softpower::testing::count_reason;
using ::softpower::testing::find_unmapped;

TEST(SourceOlympics, MedalsByNocAndYear) {
  SOFTPOWER_REQUIRE_DATA(data);
  const ReadResult r = reader("olympics").read(data);
  // Olympic_Games_Medal_Tally.csv:1345 2024,United States,USA,40,44,42,126
  EXPECT_EQ(r.panel.value("USA", "olympic_gold", 2024), 40);
  EXPECT_EQ(r.panel.value("USA", "olympic_silver", 2024), 44);
  EXPECT_EQ(r.panel.value("USA", "olympic_bronze", 2024), 42);
  EXPECT_EQ(r.panel.value("USA", "olympic_medals", 2024), 126);
  // IOC codes differ from ISO: SUI is Switzerland, NED the Netherlands.
  EXPECT_FALSE(std::isnan(r.panel.value("CHE", "olympic_medals", 2024)));
  EXPECT_FALSE(std::isnan(r.panel.value("NLD", "olympic_medals", 2024)));
  EXPECT_EQ(r.panel.years().front(), 1896);
  EXPECT_EQ(r.panel.years().back(), 2024);
  // Historical NOCs map to the state of the Games' year: URS 1980 the USSR, TCH
  // Czechoslovakia, FRG (host of 1972) West Germany.
  EXPECT_EQ(r.panel.value("SUN", "olympic_gold", 1980), 80);  // :561
  EXPECT_FALSE(std::isnan(r.panel.value("CSK", "olympic_medals", 1992)));
  EXPECT_EQ(r.panel.value("XWG", "olympic_games_hosted", 1972), 1);
  EXPECT_EQ(r.panel.units().size(), 147u);
}

TEST(SourceOlympics, LatestGamesMedalsStandUntilTheNextGames) {
  SOFTPOWER_REQUIRE_DATA(data);
  const ReadResult r = reader("olympics").read(data);
  // 2016,United States,USA,46,37,38,121 and 2020,...,USA,39,41,33,113: Rio's count stands for
  // 2016-2019, Tokyo's from 2020.
  for (int year : {2016, 2017, 2018, 2019}) {
    EXPECT_EQ(r.panel.value("USA", "olympic_medals_latest", year), 121) << year;
  }
  EXPECT_EQ(r.panel.value("USA", "olympic_medals_latest", 2020), 113);
  // No Games in 1916: Stockholm 1912 (Sweden 65 medals) stands until Antwerp 1920 (64).
  EXPECT_EQ(r.panel.value("SWE", "olympic_medals_latest", 1916), 65);
  EXPECT_EQ(r.panel.value("SWE", "olympic_medals_latest", 1920), 64);
  // The last Games in the table stand for their own year only.
  EXPECT_EQ(r.panel.value("USA", "olympic_medals_latest", 2024), 126);
  EXPECT_EQ(r.panel.years().back(), 2024);
}

TEST(SourceOlympics, HostsCountEveryEditionHeld) {
  SOFTPOWER_REQUIRE_DATA(data);
  const ReadResult r = reader("olympics").read(data);
  // 1924: Paris (Summer) and Chamonix (Winter); 1956 Stockholm held the Equestrian Games.
  EXPECT_EQ(r.panel.value("FRA", "olympic_games_hosted", 1924), 2);
  EXPECT_EQ(r.panel.value("SWE", "olympic_games_hosted", 1956), 1);
  EXPECT_EQ(r.panel.value("AUS", "olympic_games_hosted", 1956), 1);
  // 1940 (Helsinki) was not held; 2028 (Los Angeles) is after the last Games in the tally.
  EXPECT_TRUE(std::isnan(r.panel.value("FIN", "olympic_games_hosted", 1940)));
  EXPECT_TRUE(std::isnan(r.panel.value("USA", "olympic_games_hosted", 2028)));
}

TEST(SourceOlympics, TeamsThatAreNotStatesAreReported) {
  SOFTPOWER_REQUIRE_DATA(data);
  const ReadResult r = reader("olympics").read(data);
  const UnmappedRow* mixed = find_unmapped(r.unmapped, "MIX");
  ASSERT_NE(mixed, nullptr);
  EXPECT_EQ(mixed->reason, "not a country");
  EXPECT_EQ(mixed->where.line, 12u);
  EXPECT_EQ(mixed->where.field, "country_noc");
  const UnmappedRow* australasia = find_unmapped(r.unmapped, "ANZ");
  ASSERT_NE(australasia, nullptr);
  EXPECT_EQ(australasia->reason, "aggregate");
  EXPECT_EQ(australasia->where.line, 50u);
  // The file writes both German teams (and the United Team) as GER from 1952 to 1988: the
  // fourteen rows are reported, never split by guessing.
  EXPECT_EQ(count_reason(r.unmapped, "ambiguous code"), 14u);
  // ANZ twice and WIF (West Indies Federation, 1960); MIX three times, IOA four, BOH twice.
  EXPECT_EQ(count_reason(r.unmapped, "aggregate"), 3u);
  EXPECT_EQ(count_reason(r.unmapped, "not a country"), 9u);
  // :696 1992 "Soviet Union" URS is the Unified Team, after the USSR had ended.
  const UnmappedRow* unified = find_unmapped(r.unmapped, "URS");
  ASSERT_NE(unified, nullptr);
  EXPECT_EQ(unified->reason, "not a state in that year");
  EXPECT_EQ(unified->where.line, 696u);
  EXPECT_EQ(r.unmapped.size(), 27u);
  EXPECT_EQ(r.panel.value("DEU", "olympic_gold", 1992), 33);
}

}  // namespace
}  // namespace softpower::sources
