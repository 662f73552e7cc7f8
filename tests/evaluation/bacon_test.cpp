// The Goodman-Bacon decomposition: every 2x2 and weight as the R package bacondecomp gives
// them; its weights sum to 1 and its weighted 2x2 estimates add up
// to the TWFE coefficient (Theorem 1), on mpdta and on the simulated staggered panel; and a
// 2x2 of the decomposition checked by hand.

#include "softpower/evaluation/bacon.hpp"

#include <gtest/gtest.h>

#include <map>
#include <string>

#include "evaluation/panels.hpp"
#include "softpower/evaluation/did.hpp"
#include "support/data.hpp"
#include "support/errors.hpp"

namespace softpower::evaluation {
namespace {

void expect_theorem_holds(const BalancedPanel& panel, std::size_t comparisons) {
  const BaconDecomposition b = bacon_decomposition(panel);
  EXPECT_EQ(b.comparisons.size(), comparisons);
  double weight = 0;
  double sum = 0;
  for (const BaconComparison& c : b.comparisons) {
    EXPECT_GT(c.weight, 0) << c.type;
    weight += c.weight;
    sum += c.weight * c.estimate;
  }
  EXPECT_NEAR(weight, 1, 1e-12);
  EXPECT_NEAR(sum, twfe(panel).coefficients[0].estimate, 1e-12);
  EXPECT_EQ(b.twfe, twfe(panel).coefficients[0].estimate);
  double type_weight = 0;
  for (const BaconType& t : b.types) type_weight += t.weight;
  EXPECT_NEAR(type_weight, 1, 1e-12);
}

// Every 2x2 estimate and weight against the R package bacondecomp 0.1.3
// (tests/reference/evaluation/make/bacon_r.R); its types in its own words.
void expect_matches_bacondecomp(const BalancedPanel& panel, const std::string& file) {
  const auto expected = testing::expected_rows(testing::reference_dir() / "mpdta-bacon" / file,
                                               {"treated", "control"});
  const Table types = read_csv(testing::reference_dir() / "mpdta-bacon" / file);
  const std::map<std::string, std::string> ours = {
      {"Treated vs Untreated", "treated vs never treated"},
      {"Earlier vs Later Treated", "earlier vs later treated"},
      {"Later vs Earlier Treated", "later vs earlier treated"},
      {"Later vs Always Treated", "treated vs always treated"}};
  std::map<std::string, std::string> type_of;
  for (std::size_t r = 0; r < types.size(); ++r) {
    type_of[types.cell(r, 0) + "|" + types.cell(r, 1)] = ours.at(types.cell(r, 2));
  }
  const BaconDecomposition b = bacon_decomposition(panel);
  ASSERT_EQ(b.comparisons.size(), expected.size());
  for (const BaconComparison& c : b.comparisons) {
    const std::string key =
        std::to_string(*c.treated) + "|" + std::to_string(c.control ? *c.control : 0);
    const auto& row = expected.at(key);
    EXPECT_NEAR(c.estimate, row.at("estimate"), 1e-12) << key;
    EXPECT_NEAR(c.weight, row.at("weight"), 1e-12) << key;
    EXPECT_EQ(c.type, type_of.at(key)) << key;
  }
}

TEST(EvaluationBacon, MpdtaAndSimulatedPanelMatchBacondecomp) {
  SOFTPOWER_REQUIRE_DATA(data);
  expect_matches_bacondecomp(balance(testing::mpdta(data), TreatmentCoding::cohort),
                             "comparisons.csv");
  expect_matches_bacondecomp(
      balance(testing::stored_panel("simulated-did/panel.csv"), TreatmentCoding::cohort),
      "simulated.csv");
}

TEST(EvaluationBacon, MpdtaWeightsSumToOneAndAddUpToTwfe) {
  SOFTPOWER_REQUIRE_DATA(data);
  // Three cohorts and the never treated: 3 treated-vs-never and 3 pairs of cohorts, two
  // comparisons each.
  expect_theorem_holds(balance(testing::mpdta(data), TreatmentCoding::cohort), 9);
}

TEST(EvaluationBacon, SimulatedPanelWeightsSumToOneAndAddUpToTwfe) {
  expect_theorem_holds(
      balance(testing::stored_panel("simulated-did/panel.csv"), TreatmentCoding::cohort), 4);
}

TEST(EvaluationBacon, AlwaysTreatedUnitsAreControlsOfTheirOwnType) {
  // Cohort 1 is treated from the first period; cohort 3 and the never treated.
  const Table t = parse_csv(
      "unit,year,y,g\n"
      "a,1,5,1\na,2,6,1\na,3,8,1\na,4,9,1\n"
      "b,1,1,3\nb,2,2,3\nb,3,7,3\nb,4,8,3\n"
      "c,1,0,0\nc,2,1,0\nc,3,1,0\nc,4,3,0\n"
      "d,1,2,0\nd,2,2,0\nd,3,4,0\nd,4,4,0\n",
      CsvOptions{}, "p.csv");
  const BalancedPanel p =
      balance(long_panel(t, PanelColumns{"unit", "year", "y", "g"}), TreatmentCoding::cohort);
  expect_theorem_holds(p, 2);
  const BaconDecomposition b = bacon_decomposition(p);
  // b against the never treated: b's change (7.5 - 1.5) minus theirs (3 - 1.25) = 4.25.
  ASSERT_EQ(b.comparisons[1].type, "treated vs never treated");
  EXPECT_NEAR(b.comparisons[1].estimate, 4.25, 1e-14);
  // b against a (always treated), periods 1-4: (7.5 - 1.5) - (8.5 - 5.5) = 3.
  ASSERT_EQ(b.comparisons[0].type, "treated vs always treated");
  EXPECT_NEAR(b.comparisons[0].estimate, 3, 1e-14);
}

TEST(EvaluationBacon, OneTimingGroupHasNothingToCompare) {
  const Table t =
      parse_csv("unit,year,y,g\na,1,0,0\na,2,1,0\nb,1,0,0\nb,2,3,0\n", CsvOptions{}, "p.csv");
  const BalancedPanel p =
      balance(long_panel(t, PanelColumns{"unit", "year", "y", "g"}), TreatmentCoding::cohort);
  EXPECT_EQ(softpower::testing::error_of([&] { bacon_decomposition(p); }),
            "field 'treatment': the Goodman-Bacon decomposition needs at least two timing groups "
            "(cohorts or never treated), but every unit has the same");
}

}  // namespace
}  // namespace softpower::evaluation
