// evaluation.html of both evaluate commands, from small hand-made results: every number the
// page states is the result's, the charts are drawn (one gap line per placebo), and text from
// the data is escaped.

#include "softpower/report/evaluation_html.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "support/text.hpp"

namespace softpower::report {
namespace {

using testing::count;

TEST(EvaluationHtml, PanelPageShowsTheEstimatesChartsAndWeights) {
  PanelPage page;
  page.file = "panel.csv";
  page.outcome = "agreement <with> China";
  page.treated_label = "Kenya";
  page.se_method = "placebo";
  page.units = {"Ghana", "Peru", "Chile", "Kenya"};
  page.times = {2000, 2001, 2002, 2003};
  page.n0 = 3;
  page.t0 = 2;
  PanelEstimator e;
  e.estimate = {"sdid", -1.5, 0.5, -3.0, 0.0027, -2.48, -0.52};  // term, estimate, se, t, p, ci
  e.treated = {1, 2, 1, 0};
  e.counterfactual = {1, 2, 2.5, 1.5};
  e.unit_weights = {0.75, 0, 0.25};
  e.time_weights = {0.4, 0.6};
  e.rmspe_ratio = 1e9;
  e.permutation_p = 0.25;
  e.placebo_gaps = {{0, 0, 0.1, 0.2}, {0, 0, -0.1, 0.3}, {0.1, 0, 0, -0.2}};
  page.estimators.push_back(e);
  const std::string html = evaluation_panel_html(page);
  EXPECT_NE(html.find("agreement &lt;with&gt; China"), std::string::npos);
  EXPECT_EQ(html.find("<with>"), std::string::npos);
  EXPECT_NE(html.find("Kenya, treated from 2002, against 3 control units over 4 periods (2 "
                      "before treatment)"),
            std::string::npos);
  EXPECT_NE(html.find("−1.500"), std::string::npos);             // the effect
  EXPECT_NE(html.find("[−2.480, −0.5200]"), std::string::npos);  // its interval
  EXPECT_NE(html.find("0.003"), std::string::npos);              // p
  EXPECT_NE(html.find("0.250"), std::string::npos);              // permutation p
  EXPECT_EQ(count(html, "class=\"placebo\""), 3U);               // a gap line per placebo
  EXPECT_EQ(count(html, "class=\"band\""), 1U);                  // the effect's interval
  // Controls with weight 0 are left out of the table, the others heaviest first.
  EXPECT_EQ(html.find("<td>Peru</td>"), std::string::npos);
  EXPECT_LT(html.find("<td>Ghana</td>"), html.find("<td>Chile</td>"));
  EXPECT_NE(html.find("<td>2001</td><td class=\"num\">0.600</td>"), std::string::npos);
  // Outcome-only estimators have no predictors: no table of V, no note on sc-cov.
  EXPECT_EQ(html.find("<h3>Predictors</h3>"), std::string::npos);
  EXPECT_EQ(html.find("sc-cov"), std::string::npos);
}

TEST(EvaluationHtml, PanelPageShowsThePredictorWeightsOfSyntheticControlWithPredictors) {
  PanelPage page{"smoking.csv",
                 "cigsale",
                 "California",
                 "placebo",
                 {"Utah", "Nevada", "Ohio", "California"},
                 {1987, 1988, 1989},
                 3,
                 2,
                 {}};
  PanelEstimator e;
  const double nan = std::nan("");
  e.estimate = {"sc-cov", -20, nan, nan, 1.0 / 4, nan, nan};
  e.treated = {100, 90, 60};
  e.counterfactual = {101, 89, 80};
  e.unit_weights = {0.6, 0.4, 0};
  e.rmspe_ratio = 20;
  e.permutation_p = 0.25;
  e.predictors = {{"retprice <mean>", 0.25, 89.42, 89.4}, {"cigsale in 1988", 0.75, 90.1, 91.65}};
  e.predictors_note = "Predictors: retprice averaged over 1980–1988 where observed.";
  page.estimators.push_back(e);
  const std::string html = evaluation_panel_html(page);
  EXPECT_NE(html.find("<option value=\"sc-cov\" selected>Synthetic control with "
                      "predictors</option>"),
            std::string::npos);
  EXPECT_NE(html.find("The estimator sc-cov is synthetic control with predictors"),
            std::string::npos);
  EXPECT_NE(html.find("<p>Predictors: retprice averaged over 1980–1988 where observed."),
            std::string::npos);
  EXPECT_NE(html.find("<tr><td>retprice &lt;mean&gt;</td><td class=\"num\">0.250</td><td "
                      "class=\"num\">89.42</td><td class=\"num\">89.40</td></tr>"),
            std::string::npos);
  EXPECT_NE(html.find("<tr><td>cigsale in 1988</td><td class=\"num\">0.750</td><td "
                      "class=\"num\">90.10</td><td class=\"num\">91.65</td></tr>"),
            std::string::npos);
  EXPECT_NE(html.find("No time weights"), std::string::npos);
}

TEST(EvaluationHtml, StaggeredPageShowsTheEventStudyAndTheDecomposition) {
  evaluation::StaggeredResult r;
  r.units = 10;
  r.dropped_units = 2;
  r.att_gt = {{2004, 2004, 2003, 0.5, 0.1, 0.1, 0.3, 0.7, 3, 5}};
  r.aggregates = {{"simple", std::nullopt, 0.5, 0.1, 0.1, 0.3, 0.7},
                  {"dynamic", -1, 0.01, 0.1, 0.1, -0.2, 0.22},
                  {"dynamic", 0, 0.5, 0.1, 0.1, 0.3, 0.7},
                  {"dynamic", std::nullopt, 0.5, 0.1, 0.1, 0.3, 0.7}};
  evaluation::BaconDecomposition bacon;
  bacon.twfe = 0.42;
  bacon.types = {{"treated vs never treated", 0.8, 0.45}, {"later vs earlier treated", 0.2, 0.3}};
  StaggeredPage page{"mpdta.csv", "lemp", "never", "varying", 1000, &r, &bacon, ""};
  std::string html = evaluation_staggered_html(page);
  EXPECT_NE(html.find("10 units; 2 treated from the first period left out"), std::string::npos);
  EXPECT_NE(html.find("from 1000 multiplier-bootstrap draws"), std::string::npos);
  EXPECT_EQ(count(html, "class=\"point\""), 2U);  // one per event time
  EXPECT_EQ(count(html, "class=\"start\""), 1U);  // between e = −1 and e = 0
  EXPECT_NE(html.find("The two-way fixed-effects estimate, 0.4200"), std::string::npos);
  EXPECT_NE(html.find("<td>later vs earlier treated</td><td class=\"num\">0.200</td>"),
            std::string::npos);
  page.bacon = nullptr;
  page.bacon_note = "every unit is treated by 2004";
  html = evaluation_staggered_html(page);
  EXPECT_NE(html.find("No decomposition: every unit is treated by 2004"), std::string::npos);
}

}  // namespace
}  // namespace softpower::report
