// network.html of `network build`, from a small graph: the numbers the page states are the
// measures', every country has its row and its partners' panel, the circle draws every country
// (fewer than 40) and the trajectories appear only over several years.

#include "softpower/report/network_html.hpp"

#include <gtest/gtest.h>

#include <string>

#include "support/text.hpp"

namespace softpower::report {
namespace {

using testing::count;

TEST(NetworkHtml, ThePageStatesTheMeasuresAndDrawsTheNetwork) {
  const DyadSet ties{"alliances",
                     true,
                     "kinds of pledge",
                     {{"USA", "CAN", 2018, 3},
                      {"CAN", "USA", 2018, 3},
                      {"USA", "MEX", 2018, 2},
                      {"FRA", "DEU", 2018, 1},
                      {"DEU", "FRA", 2018, 1}}};
  const networks::YearGraph year = networks::year_graph(ties, 2018);
  const networks::NodeMeasures m = networks::measure(year.graph);
  NetworkPage page{"alliances", true, "kinds of pledge", &year, &m, {}};
  std::string html = network_html(page);
  EXPECT_NE(html.find("<h1>The alliances network, 2018</h1>"), std::string::npos);
  EXPECT_NE(html.find("5 countries with at least one tie, 5 ties (directed; a tie's weight: kinds "
                      "of pledge). " +
                      std::to_string(m.communities) + " communities"),
            std::string::npos);
  EXPECT_EQ(count(html, "class=\"node\""), 5u);
  EXPECT_EQ(count(html, "data-switch-panel=\"partners\""), 5u);
  EXPECT_NE(html.find("United States <small>USA</small>"), std::string::npos);
  // The USA's partners: Canada (3 of 5, 60.0%) before Mexico (2 of 5).
  const std::size_t usa = html.find("data-value=\"USA\"");
  ASSERT_NE(usa, std::string::npos);
  const std::size_t canada = html.find(
      "Canada <small>CAN</small></td><td class=\"num\">3</td>"
      "<td class=\"num\">60.0%</td>",
      usa);
  const std::size_t mexico = html.find("Mexico <small>MEX</small>", usa);
  EXPECT_LT(canada, mexico);
  // Mexico has no ties out: said so.
  EXPECT_NE(html.find("Mexico has no ties out in 2018."), std::string::npos);
  EXPECT_EQ(html.find("Over the years"), std::string::npos);
  page.pagerank_by_year["USA"] = {{2017, 0.3}, {2018, 0.31}};
  html = network_html(page);
  EXPECT_NE(html.find("Over the years"), std::string::npos);
  EXPECT_EQ(count(html, "class=\"trajectory\""), 1u);
}

}  // namespace
}  // namespace softpower::report
