#include "softpower/opinion/series.hpp"

#include <gtest/gtest.h>

#include "softpower/core/panel.hpp"

namespace softpower::opinion {
namespace {

Panel small_panel() {
  PanelBuilder b;
  b.set("KOR", "favourable:USA", 2003, 46);
  b.set("KOR", "favourable:USA", 2007, 58);
  b.set("DEU", "favourable:USA", 2003, 45);
  b.set("DEU", "confidence_president:USA", 2003, 33);
  b.set("DEU", "favourable:CHN", 2007, 34);
  b.set("DEU", "gdp_usd", 2003, 1e12);  // not a poll: left out
  return b.build();
}

TEST(OpinionSeries, LongRowsFollowTheNamingRule) {
  const std::vector<PollValue> all = poll_values(small_panel());
  ASSERT_EQ(all.size(), 5u);
  // By measure, object, public, year.
  EXPECT_EQ(all[0].measure, "confidence_president");
  EXPECT_EQ(all[1].object, "CHN");
  EXPECT_EQ(all[2].public_, "DEU");
  EXPECT_EQ(all[3].public_, "KOR");
  EXPECT_EQ(all[3].year, 2003);
  EXPECT_EQ(all[4].year, 2007);
  EXPECT_EQ(all[4].value, 58);
}

TEST(OpinionSeries, FilterByObjectMeasureAndPublic) {
  SeriesFilter f;
  f.object = "USA";
  f.measure = "favourable";
  EXPECT_EQ(poll_values(small_panel(), f).size(), 3u);
  f.publics = {"KOR"};
  const auto kor = poll_values(small_panel(), f);
  ASSERT_EQ(kor.size(), 2u);
  const auto series = public_series(kor);
  ASSERT_EQ(series.size(), 1u);
  EXPECT_EQ(series[0].years, (std::vector<int>{2003, 2007}));  // the gap is kept as a gap
  f.object = "CHN";
  EXPECT_TRUE(poll_values(small_panel(), f).empty());
}

TEST(OpinionShifts, DatedByTheSurveyedYearsEitherSide) {
  // Surveyed 2000, 2002-2005, 2007-2010: a fall from about 70 to about 30 after 2004.
  PublicSeries s{"XXX",
                 "USA",
                 "favourable",
                 {2000, 2002, 2003, 2004, 2005, 2007, 2008, 2009, 2010},
                 {71, 69, 70, 72, 31, 29, 30, 32, 30}};
  ChangePointOptions options;
  options.penalty = 1;
  const PublicShifts found = find_shifts(s, options);
  ASSERT_TRUE(found.searched);
  ASSERT_EQ(found.shifts.size(), 1u);
  EXPECT_EQ(found.shifts[0].year, 2005);
  EXPECT_EQ(found.shifts[0].previous_year, 2004);
  EXPECT_DOUBLE_EQ(found.shifts[0].before, 70.5);
  EXPECT_DOUBLE_EQ(found.shifts[0].after, 30.4);
  ASSERT_EQ(found.fitted.size(), 9u);
  EXPECT_DOUBLE_EQ(found.fitted[3], 70.5);
  EXPECT_DOUBLE_EQ(found.fitted[4], 30.4);
  EXPECT_EQ(found.penalty, 1);
}

TEST(OpinionShifts, TheLastYearAloneIsANewLevelOnlyWithSegmentsOfOne) {
  PublicSeries s{
      "XXX", "USA", "confidence_president", {2013, 2014, 2015, 2016, 2017}, {70, 72, 69, 71, 11}};
  ChangePointOptions options;
  options.penalty = 1;
  const PublicShifts two = find_shifts(s, options);  // segments of 2 or more: 2016-2017 together
  ASSERT_EQ(two.shifts.size(), 1u);
  EXPECT_EQ(two.shifts[0].year, 2016);
  EXPECT_DOUBLE_EQ(two.shifts[0].after, 41);
  options.min_segment = 1;
  const PublicShifts one = find_shifts(s, options);
  ASSERT_EQ(one.shifts.size(), 1u);
  EXPECT_EQ(one.shifts[0].year, 2017);
  EXPECT_EQ(one.shifts[0].previous_year, 2016);
  EXPECT_DOUBLE_EQ(one.shifts[0].before, 70.5);
  EXPECT_DOUBLE_EQ(one.shifts[0].after, 11);
}

TEST(OpinionShifts, ShortSeriesAreNotSearched) {
  PublicSeries s{"XXX", "USA", "favourable", {2016, 2017, 2019}, {60, 20, 22}};
  const PublicShifts found = find_shifts(s);
  EXPECT_FALSE(found.searched);
  EXPECT_TRUE(found.shifts.empty());
  EXPECT_EQ(found.fitted, (std::vector<double>{34, 34, 34}));
}

}  // namespace
}  // namespace softpower::opinion
