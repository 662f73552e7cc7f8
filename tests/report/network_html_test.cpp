// network.html of `network build`, from a small graph: the numbers the page states are the
// measures', every country has its row and its partners' panel, the circle draws every country
// (fewer than 40) and the trajectories appear only over several years.

#include "softpower/report/network_html.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "softpower/report/world_map.hpp"
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
  // The map: the five ties, the strongest (3) drawn last, on top.
  EXPECT_NE(html.find("<h2>The strongest ties on the map</h2>\n<p>The 5 strongest ties, line "
                      "width by weight; a tie bends to its left"),
            std::string::npos);
  EXPECT_EQ(count(html, "<title>United States → Canada: 3</title>"), 1u);
  EXPECT_LT(html.find("France → Germany: 1"), html.find("United States → Canada: 3"));
}

TEST(NetworkHtml, TheWorldMapDrawsEveryCountryAndTheFlowsItCanPlace) {
  // 174 outlines from the 110m map (Kosovo by its name) and 64 points for the countries too
  // small for it.
  const std::string plain = world_map_svg({});
  EXPECT_EQ(count(plain, "<path d=\""), 174u);
  EXPECT_EQ(count(plain, "<circle"), 0u);  // a point is drawn only when given a fill
  EXPECT_TRUE(on_world_map("FRA"));
  EXPECT_TRUE(on_world_map("SGP"));  // a point, no outline
  EXPECT_TRUE(on_world_map("TWN"));
  EXPECT_TRUE(on_world_map("XKX"));   // no ISO number in Natural Earth: by its name
  EXPECT_TRUE(on_world_map("TUV"));   // a point from the 10m map
  EXPECT_FALSE(on_world_map("ATA"));  // left out: a fifth of the map and no data
  EXPECT_FALSE(on_world_map("XYZ"));
  WorldMap map;
  map.fill = {{"FRA", "#111111"}, {"SGP", "#222222"}};
  map.tooltip = {{"FRA", "France: 1"}};
  map.flows = {{"FRA", "SGP", 2, "#333333", "France → Singapore"},
               {"FRA", "XYZ", 2, "#333333", "nowhere"},
               {"FRA", "FRA", 2, "#333333", "itself"}};
  const std::string svg = world_map_svg(map);
  EXPECT_EQ(count(svg, "fill=\"#111111\" stroke=\"#fff\"><title>France: 1</title>"), 1u);
  EXPECT_EQ(count(svg, "<circle"), 1u);             // Singapore
  EXPECT_EQ(count(svg, "stroke=\"#333333\""), 1u);  // only the flow both ends of which exist
  EXPECT_EQ(count(svg, "France → Singapore"), 1u);
  // France's point (its mainland's centroid, 2.2° E 46.6° N: x 506, y 104) to Singapore's
  // (103.7° E 1.2° N: 788, 230), bending to the left of the way east: the control point lies
  // a fifth of the chord north-east of the middle (647, 167).
  EXPECT_EQ(count(svg, "<path d=\"M506.0 104.0Q672.2 110.6 788.0 230.0\" stroke=\"#333333\""), 1u);
}

TEST(NetworkHtml, TheImbalancePageStatesFlowsDependenceAndConcentration) {
  // A sends 3 to B and 1 to C; B sends 1 back: the page of A.
  const DyadSet ties{"alliances",
                     true,
                     "kinds of pledge",
                     {{"USA", "CAN", 2018, 3}, {"USA", "MEX", 2018, 1}, {"CAN", "USA", 2018, 1}}};
  const networks::YearGraph year = networks::year_graph(ties, 2018);
  const auto usa = static_cast<std::size_t>(
      std::find(year.labels.begin(), year.labels.end(), "USA") - year.labels.begin());
  const std::string html = imbalance_html({"alliances", "kinds of pledge", &year, usa});
  EXPECT_NE(html.find("<h1>United States in the alliances network, 2018: who depends on whom"),
            std::string::npos);
  EXPECT_NE(html.find("United States has ties with 2 partners (directed; a tie's weight: kinds of "
                      "pledge). Weight out 4.000, in 1.000: net over gross 0.60"),
            std::string::npos);
  EXPECT_NE(html.find("Its largest partner, Canada, takes 75.0% of its ties. The concentration "
                      "of its ties (Herfindahl, the sum of the squared shares) is 0.625, as if "
                      "spread evenly over 1.6 partners: 2 of 3 countries"),
            std::string::npos);
  // Canada first (4 both ways), then Mexico; Canada sends all of its ties to the USA.
  EXPECT_NE(html.find("<td>Canada <small>CAN</small></td><td class=\"num\">3.000</td><td "
                      "class=\"num\">1.000</td><td class=\"num\">4.000</td><td class=\"num\" "
                      "data-sort=\"0.5\">0.50</td><td class=\"num\" data-sort=\"0.75\">75.0%</td>"
                      "<td class=\"num\" data-sort=\"1\">100.0%</td>"),
            std::string::npos);
  EXPECT_LT(html.find("<td>Canada"), html.find("<td>Mexico"));
  // Concentration: Canada 1 (rank 1), the USA 0.625 (2, marked), Mexico 0 (3).
  EXPECT_NE(html.find("<tr class=\"this\"><td class=\"num\">2</td><td>United States"),
            std::string::npos);
  // The map: the USA dark, Canada blue (asymmetry 0.5 from the USA), arcs to both partners.
  EXPECT_EQ(count(html, "stroke=\"#2d3748\""), 2u);
}

}  // namespace
}  // namespace softpower::report
