// DiD 2x2, TWFE and the TWFE event study against R (lm with factor dummies and
// sandwich::vcovCL, HC1 = CR1), and the wild cluster bootstrap against R's enumeration of
// every sign vector (tests/reference/evaluation/make/did_r.R).

#include "softpower/evaluation/did.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "evaluation/panels.hpp"
#include "support/data.hpp"
#include "support/errors.hpp"

namespace softpower::evaluation {
namespace {

using testing::expected_rows;
using testing::reference_dir;
using testing::rows_where;

// The reference files hold R's 15 significant digits.
void expect_matches(const ClusteredFit& fit, const std::string& model,
                    const std::map<std::string, std::map<std::string, double>>& expected) {
  std::size_t compared = 0;
  for (const Coefficient& c : fit.coefficients) {
    const auto it = expected.find(model + "|" + c.term);
    ASSERT_NE(it, expected.end()) << model << " " << c.term;
    const auto& row = it->second;
    EXPECT_NEAR(c.estimate, row.at("estimate"), 1e-12 * (1 + std::abs(row.at("estimate"))))
        << model << " " << c.term;
    EXPECT_NEAR(c.se, row.at("se"), 1e-11 * row.at("se")) << model << " " << c.term;
    EXPECT_NEAR(c.p_value, row.at("p_value"), 1e-9 * row.at("p_value") + 1e-300)
        << model << " " << c.term;
    ++compared;
  }
  std::size_t of_model = 0;
  for (const auto& [key, row] : expected) of_model += key.rfind(model + "|", 0) == 0 ? 1 : 0;
  EXPECT_EQ(compared, of_model) << model;
}

void expect_all_models(const LongPanel& panel, long long two_by_two_cohort,
                       const std::filesystem::path& expected_file) {
  const auto expected = expected_rows(expected_file, {"model", "term"});
  const BalancedPanel balanced = balance(panel, TreatmentCoding::cohort);
  const ClusteredFit fe = twfe(balanced);
  EXPECT_EQ(fe.parameters, balanced.n_units() + balanced.n_times());
  expect_matches(fe, "twfe", expected);
  expect_matches(twfe_event_study(balanced), "event_study", expected);
  expect_matches(twfe_event_study(balanced, EventWindow{2, 1}), "event_study_binned", expected);
  const BalancedPanel pair =
      balance(rows_where(panel,
                         [&](const std::string&, long long, double g) {
                           return g == 0 || g == static_cast<double>(two_by_two_cohort);
                         }),
              TreatmentCoding::cohort);
  expect_matches(did_2x2(pair), "did_2x2", expected);
}

TEST(EvaluationDid, SimulatedPanelMatchesR) {
  expect_all_models(testing::stored_panel("simulated-did/panel.csv"), 5,
                    reference_dir() / "simulated-did" / "expected.csv");
}

TEST(EvaluationDid, MpdtaMatchesR) {
  SOFTPOWER_REQUIRE_DATA(data);
  expect_all_models(testing::mpdta(data), 2004, reference_dir() / "mpdta-did" / "expected.csv");
  // The TWFE estimate of mpdta everyone quotes (e.g. fixest's feols(lemp ~ treat | countyreal +
  // year)): -0.0365.
  const ClusteredFit fe = twfe(balance(testing::mpdta(data), TreatmentCoding::cohort));
  EXPECT_NEAR(fe.coefficients[0].estimate, -0.03655, 5e-5);
}

TEST(EvaluationDid, TheTwoByTwoIsTheDifferenceOfMeanChanges) {
  // Two units, two periods: the DiD is (11 - 10) - (3 - 1) = -1 exactly.
  const Table t = parse_csv(
      "unit,year,y,d\na,1,10,0\na,2,11,1\nb,1,1,0\nb,2,3,0\n"
      "c,1,2,0\nc,2,4,0\n",
      CsvOptions{}, "p.csv");
  const BalancedPanel p =
      balance(long_panel(t, PanelColumns{"unit", "year", "y", "d"}), TreatmentCoding::indicator);
  EXPECT_NEAR(did_2x2(p).coefficients[3].estimate, -1, 1e-13);
  EXPECT_NEAR(twfe(p).coefficients[0].estimate, -1, 1e-13);
}

TEST(EvaluationDid, WildClusterBootstrapEnumeratesLikeR) {
  const auto expected = expected_rows(reference_dir() / "simulated-did" / "wild.csv", {"units"});
  const LongPanel small =
      rows_where(testing::stored_panel("simulated-did/panel.csv"),
                 [](const std::string& unit, long long, double) { return std::stoi(unit) <= 10; });
  const BalancedPanel p = balance(small, TreatmentCoding::cohort);
  const WildBootstrap w = wild_cluster_bootstrap(p, 9999, 1);
  EXPECT_TRUE(w.enumerated);
  EXPECT_EQ(w.draws, 1024u);
  EXPECT_NEAR(w.t, expected.at("10").at("t"), 1e-11);
  EXPECT_EQ(w.p_value, expected.at("10").at("p_value"));
}

TEST(EvaluationDid, WildClusterBootstrapDrawsDependOnlyOnTheSeed) {
  SOFTPOWER_REQUIRE_DATA(data);
  const BalancedPanel p = balance(testing::mpdta(data), TreatmentCoding::cohort);
  const WildBootstrap a = wild_cluster_bootstrap(p, 999, 7);
  const WildBootstrap b = wild_cluster_bootstrap(p, 999, 7);
  EXPECT_FALSE(a.enumerated);
  EXPECT_EQ(a.p_value, b.p_value);
  // With 500 clusters the bootstrap agrees with the t(G-1) p-value of the CR1 t (0.0141)
  // within the Monte Carlo error of 999 draws.
  EXPECT_NEAR(a.p_value, 0.0141, 0.012);
  EXPECT_GT(a.p_value, 0.0);
}

TEST(EvaluationDid, ErrorsForPanelsTheEstimatorsCannotUse) {
  const Table t = parse_csv("unit,year,y,d\na,1,1,0\na,2,2,1\na,3,2,1\nb,1,1,0\nb,2,3,1\nb,3,4,1\n",
                            CsvOptions{}, "p.csv");
  const BalancedPanel all_treated =
      balance(long_panel(t, PanelColumns{"unit", "year", "y", "d"}), TreatmentCoding::indicator);
  EXPECT_EQ(softpower::testing::error_of([&] { did_2x2(all_treated); }),
            "field 'treatment': a 2x2 difference-in-differences needs never-treated units, but "
            "every unit is treated by period 2 (the last is unit 'a', from period 2)");
  EXPECT_EQ(softpower::testing::error_of([&] { twfe(all_treated); }),
            "the regressors are collinear (a term without variation once unit and period effects "
            "are removed)");
  EXPECT_EQ(softpower::testing::error_of([&] { wild_cluster_bootstrap(all_treated, 0, 1); }),
            "the wild cluster bootstrap needs at least one draw");
}

}  // namespace
}  // namespace softpower::evaluation
