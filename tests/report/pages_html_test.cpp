// The pages' rarely seen branches, rendered from their templates: a page with nothing to show
// must still be whole (the strict templates would fail on a value left out) and say so in the
// same words and markup as before the templates (the tour's pages are compared byte for byte).

#include <gtest/gtest.h>

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
