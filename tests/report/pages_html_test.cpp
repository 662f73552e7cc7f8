// The pages' rarely seen branches, rendered from their templates: a page with nothing to show
// must still be whole (the strict templates would fail on a value left out) and say so in the
// same words and markup as before the templates (the tour's pages are compared byte for byte).

#include <gtest/gtest.h>

#include <algorithm>

#include "softpower/report/agreement_html.hpp"
#include "softpower/report/ideal_points_html.hpp"
#include "softpower/report/perception_html.hpp"

namespace softpower::report {
namespace {

// What the shell (templates/page.mustache) holds: the title and the body.
std::string title_of(const std::string& page) {
  const auto at = page.find("<title>") + 7;
  return page.substr(at, page.find("</title>") - at);
}
std::string body_of(const std::string& page) {
  const auto at = page.find("<body>\n") + 7;
  return page.substr(at, page.rfind("<script>") - at);
}

TEST(PagesHtml, PerceptionWithoutACountry) {
  PerceptionPage page;
  page.origin = "a&b.csv";
  page.periods = {201701, 201702, 201703};
  page.input_periods = 2;
  const std::string html = perception_html(page);
  EXPECT_EQ(title_of(html), "Perception");
  EXPECT_EQ(body_of(html),
            "<main class=\"perception\"><h1>Perception over time</h1>\n<p>GDELT events by month "
            "from 2017-01 to 2017-03: 3 periods, 2 of them with events in the input (the others "
            "are shaded grey and break the line). Change points by the method named in "
            "changepoints.csv; the orange line is "
            "each segment's level. Events: a&amp;b.csv.</p>\n</main>");
}

TEST(PagesHtml, IdealPointsWithoutAVote) {
  alignment::IdealPointResult result;
  result.anchor = "USA";
  result.dynamic = true;
  result.bootstrap = 20;
  const std::string html = ideal_points_html(result, {"<votes>", 0.5});
  EXPECT_EQ(title_of(html), "Ideal points");
  const std::string body = body_of(html);
  EXPECT_EQ(body.rfind("<main class=\"ideal\"><h1>Ideal points in roll-call votes</h1><p "
                       "class=\"muted\">0 states in no sessions; dynamic (random walk across "
                       "sessions) model, anchor USA; 0 of 0 sessions converged; standard errors "
                       "from 20 bootstrap replicates; estimated in 0.50 s from the votes of "
                       "&lt;votes&gt;.</p><p>A state's <strong>ideal point</strong>",
                       0),
            0u)
      << body;
  EXPECT_NE(body.find(" the anchor is on the positive side. In the dynamic model each state's "
                      "position follows a random walk from session to session, so positions share "
                      "one scale across sessions. Hover over a line"),
            std::string::npos);
  EXPECT_TRUE(
      body.ends_with("scale across sessions. Hover over a line to name it; pick any state "
                     "to draw it in orange.</p><p>No state cast a vote.</p></main>"))
      << body;
}

// agreement.html's size (issue 17: 5.8 MB for the UN votes): a row's run of cells of one colour
// is one rectangle, and the values the pointer reads are the symmetric matrix's upper triangle.
TEST(PagesHtml, AgreementHeatmapRunsAndUpperTriangle) {
  const std::vector<alignment::DyadAgreement> dyads = {
      {2000, "CUB", "FRA", 10, 0.12, 0, 0.1, 0, 0, 0},
      {2000, "CUB", "USA", 10, 0.1, 0, 0.05, 0, 0, 0},
      {2000, "FRA", "USA", 10, 0.9, 0, 0.8, 0, 0, 0}};
  const std::string html = agreement_html(dyads, {"year", "all roll calls", "v", 10});
  const std::size_t svg = html.find("<svg class=\"heatmap\"");
  ASSERT_NE(svg, std::string::npos);
  const auto attribute = [&](const std::string& name) {
    const std::size_t at = html.find(name + "=\"", svg) + name.size() + 2;
    return html.substr(at, html.find('"', at) - at);
  };
  // Cuba, far from both, is seriated to an end, so its row holds 0.1 and 0.12 side by side: one
  // colour step (0.10 to 0.15), drawn as one rectangle two cells wide.
  const std::string codes = attribute("data-codes");
  EXPECT_TRUE(codes.starts_with("CUB") || codes.ends_with("CUB")) << codes;
  EXPECT_NE(html.find("h12v6h-12z", svg), std::string::npos);
  // Six values for three states: the diagonal and the pairs above it, row by row.
  const std::string values = attribute("data-values");
  EXPECT_EQ(std::count(values.begin(), values.end(), ','), 5) << values;
  EXPECT_TRUE(values.starts_with("1000,")) << values;
  // A zoom control, and the frame that scrolls the enlarged heatmap.
  EXPECT_NE(html.find("<input id=\"zoom\" type=\"range\" min=\"1\" max=\"8\""), std::string::npos);
  EXPECT_NE(html.find(".agreement figure{margin:0;overflow:auto"), std::string::npos);
}

TEST(PagesHtml, AgreementWithoutADyad) {
  const std::string html = agreement_html({}, {"year", "human rights", "v", 12345});
  EXPECT_EQ(title_of(html), "Agreement");
  const std::string body = body_of(html);
  EXPECT_EQ(body.rfind("<main class=\"agreement\"><h1>Agreement in roll-call votes</h1><p "
                       "class=\"muted\">0 dyads in 0 years from 12,345 roll calls (human rights); "
                       "votes from v.</p><p>Each cell",
                       0),
            0u)
      << body;
  EXPECT_TRUE(
      body.ends_with("(S, kappa, weighted kappa, pi and Benati–Capurri's A as well).</p><p>No "
                     "pair of states voted on a common roll call.</p></main>"))
      << body;
}

}  // namespace
}  // namespace softpower::report
