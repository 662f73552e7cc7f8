// opinion.html of `opinion shifts`: one level line per segment (not a line joining the levels
// across a change), a series too short to search says so, names are escaped.

#include "softpower/report/opinion_html.hpp"

#include <gtest/gtest.h>

namespace softpower::report {
namespace {

std::size_t count(const std::string& text, const std::string& part) {
  std::size_t n = 0;
  for (std::size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) {
    ++n;
  }
  return n;
}

TEST(OpinionHtml, OneLevelPerSegmentAndShortSeriesSaySo) {
  const opinion::PublicSeries korea{
      "KOR", "USA", "favourable", {2000, 2002, 2003, 2007, 2008, 2009}, {58, 52, 46, 70, 78, 79}};
  const opinion::PublicSeries hungary{"HUN", "USA", "favourable", {2016, 2017}, {62, 63}};
  std::vector<SeriesShifts> found;
  ChangePointOptions options;
  options.penalty = 1;
  found.push_back({&korea, opinion::find_shifts(korea, options)});
  found.push_back({&hungary, opinion::find_shifts(hungary, options)});
  ASSERT_EQ(found[0].shifts.shifts.size(), 1u);
  OpinionPage page;
  page.found = &found;
  page.names = {{"KOR", "South Korea"}, {"HUN", "Hungary <&>"}, {"USA", "United States"}};
  page.origin = "test";
  const std::string html = opinion_html(page);
  // Korea: two levels; Hungary, not searched: its mean as one level.
  EXPECT_EQ(count(html, "class=\"level\""), 3u);
  EXPECT_EQ(count(html, "class=\"shift\""), 1u);
  EXPECT_NE(html.find("Not searched: too few surveyed years"), std::string::npos);
  EXPECT_NE(html.find("Hungary &lt;&amp;&gt;"), std::string::npos);
  EXPECT_EQ(html.find("Hungary <&>"), std::string::npos);
  EXPECT_NE(html.find("<td>2007</td><td>2003</td>"), std::string::npos);  // from, last before
}

}  // namespace
}  // namespace softpower::report
