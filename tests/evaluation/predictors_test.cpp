// The predictors of synthetic control with predictors: covariates averaged over the
// pre-treatment periods where observed, outcome lags, the errors that name the unit, covariate
// or period at fault; and on Abadie et al. (2010)'s California data, exactly the Table 1
// predictors the synth tests build by hand (tests/evaluation/synth_smoking.hpp).

#include "softpower/evaluation/predictors.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "evaluation/synth_smoking.hpp"
#include "softpower/core/table.hpp"
#include "softpower/evaluation/synth.hpp"
#include "support/data.hpp"
#include "support/errors.hpp"

namespace softpower::evaluation {
namespace {

using softpower::testing::error_of;

// Three controls and a unit t treated from 2003; x and z are covariates with gaps.
constexpr std::string_view kPanel =
    "unit,year,y,d,x,z\n"
    "c1,2000,1,0,10,\n"
    "c1,2001,2,0,,5\n"
    "c1,2002,3,0,14,7\n"
    "c1,2003,4,0,100,100\n"
    "c2,2000,2,0,1,3\n"
    "c2,2001,3,0,2,\n"
    "c2,2002,4,0,3,\n"
    "c2,2003,5,0,100,100\n"
    "c3,2000,0,0,4,1\n"
    "c3,2001,1,0,4,2\n"
    "c3,2002,2,0,4,3\n"
    "c3,2003,9,0,100,100\n"
    "t,2000,5,0,20,8\n"
    "t,2001,6,0,22,8\n"
    "t,2002,7,0,24,8\n"
    "t,2003,1,1,100,100\n";

struct Small {
  Table table = parse_csv(kPanel, CsvOptions{}, "p.csv");
  BlockPanel block = block_panel(
      balance(long_panel(table, {"unit", "year", "y", "d"}), TreatmentCoding::indicator));
  Eigen::Index at(const std::string& unit) const {
    return std::find(block.units.begin(), block.units.end(), unit) - block.units.begin();
  }
};

TEST(EvaluationPredictors, CovariatesAreMeansOverObservedPreTreatmentPeriods) {
  const Small s;
  ASSERT_EQ(s.block.t0, 3U);
  ASSERT_EQ(s.block.units.back(), "t");
  const Eigen::MatrixXd x = covariate_predictors(s.table, "unit", "year", {"x", "z"}, s.block);
  ASSERT_EQ(x.rows(), 2);
  ASSERT_EQ(x.cols(), 4);
  // 2003 (treated) never counts; a missing cell is skipped, not read as 0.
  EXPECT_DOUBLE_EQ(x(0, s.at("c1")), 12);
  EXPECT_DOUBLE_EQ(x(1, s.at("c1")), 6);
  EXPECT_DOUBLE_EQ(x(0, s.at("c2")), 2);
  EXPECT_DOUBLE_EQ(x(1, s.at("c2")), 3);
  EXPECT_DOUBLE_EQ(x(0, s.at("c3")), 4);
  EXPECT_DOUBLE_EQ(x(1, s.at("c3")), 2);
  EXPECT_DOUBLE_EQ(x(0, s.at("t")), 22);
  EXPECT_DOUBLE_EQ(x(1, s.at("t")), 8);
  // From 2002 on: one period each.
  const Eigen::MatrixXd late = covariate_predictors(s.table, "unit", "year", {"x"}, s.block, 2002);
  EXPECT_DOUBLE_EQ(late(0, s.at("c1")), 14);
  EXPECT_DOUBLE_EQ(late(0, s.at("t")), 24);
}

TEST(EvaluationPredictors, OutcomeLagsAreThePreTreatmentOutcomes) {
  const Small s;
  const Eigen::MatrixXd lags = outcome_lag_predictors(s.block, {2002, 2000});
  ASSERT_EQ(lags.rows(), 2);
  EXPECT_EQ(lags(0, s.at("c3")), 2);
  EXPECT_EQ(lags(1, s.at("c3")), 0);
  EXPECT_EQ(lags(0, s.at("t")), 7);
  EXPECT_EQ(lags(1, s.at("t")), 5);
}

TEST(EvaluationPredictors, ErrorsNameTheUnitCovariateOrPeriod) {
  const Small s;
  // c2's z is observed in 2000 only.
  EXPECT_EQ(error_of([&] { covariate_predictors(s.table, "unit", "year", {"z"}, s.block, 2001); }),
            "p.csv: field 'z': unit 'c2' has no value of this covariate in the pre-treatment "
            "periods 2001–2002");
  EXPECT_EQ(error_of([&] {
              covariate_predictors(s.table, "unit", "year", {"x", "w"}, s.block);
            }),
            "p.csv: field 'w': the panel has no covariate column");
  EXPECT_EQ(error_of([&] { covariate_predictors(s.table, "unit", "year", {"x"}, s.block, 2003); }),
            "covariates averaged from 2003: there is no pre-treatment period from then on (the "
            "last is 2002)");
  EXPECT_EQ(error_of([&] {
              outcome_lag_predictors(s.block, {2000, 2003});
            }),
            "outcome lag 2003 is not a pre-treatment period (2000–2002)");
  EXPECT_EQ(error_of([&] { outcome_lag_predictors(s.block, {1999}); }),
            "outcome lag 1999 is not a pre-treatment period (2000–2002)");
  // A cell that is not a number is named by its line and field.
  Small bad;
  bad.table.rows[5][4] = "two";
  const std::string e =
      error_of([&] { covariate_predictors(bad.table, "unit", "year", {"x"}, bad.block); });
  EXPECT_NE(e.find("p.csv:7"), std::string::npos) << e;
  EXPECT_NE(e.find("'x'"), std::string::npos) << e;
}

TEST(EvaluationPredictors, APredictorThatDoesNotVaryIsNamed) {
  SynthPanel p;
  p.predictors = Eigen::MatrixXd::Random(2, 4);
  p.predictors.row(1).setConstant(2);
  p.outcomes = Eigen::MatrixXd::Random(5, 4);
  p.pre_periods = 3;
  p.predictor_names = {"income", "beer"};
  EXPECT_EQ(error_of([&] { synth_fit(p, 0); }),
            "synthetic control: predictor 'beer' does not vary across donors");
}

TEST(EvaluationPredictors, SmokingTableOnePredictorsAsSynthsDataprep) {
  // lnincome, age15to24 and retprice over 1980–1988, beer over what is observed of it (1984–
  // 1988), cigarette sales in 1975, 1980 and 1988: the matrix load_smoking builds by hand.
  SOFTPOWER_REQUIRE_DATA(data);
  Table t = read_csv(data / "evaluation" / "smoking_abadie2010.csv");
  t.header.emplace_back("treated");
  for (std::size_t r = 0; r < t.size(); ++r) {
    const bool treated = t.cell(r, 0) == "California" && t.number(r, 1) >= 1989;
    t.rows[r].resize(t.header.size() - 1);
    t.rows[r].emplace_back(treated ? "1" : "0");
  }
  const BlockPanel block = block_panel(
      balance(long_panel(t, {"state", "year", "cigsale", "treated"}), TreatmentCoding::indicator));
  ASSERT_EQ(block.t0, 19U);
  Eigen::MatrixXd x(7, static_cast<Eigen::Index>(block.units.size()));
  x << covariate_predictors(t, "state", "year", {"lnincome", "age15to24", "retprice", "beer"},
                            block, 1980),
      outcome_lag_predictors(block, {1975, 1980, 1988});
  const testing::Smoking s = testing::load_smoking(data);
  for (std::size_t u = 0; u < block.units.size(); ++u) {
    const auto by_hand = std::find(s.states.begin(), s.states.end(), block.units[u]);
    ASSERT_NE(by_hand, s.states.end()) << block.units[u];
    const Eigen::VectorXd expected = s.panel.predictors.col(by_hand - s.states.begin());
    for (Eigen::Index r = 0; r < 7; ++r) {
      EXPECT_NEAR(x(r, static_cast<Eigen::Index>(u)), expected[r], 1e-12 * std::abs(expected[r]))
          << block.units[u] << " predictor " << r;
    }
  }
}

}  // namespace
}  // namespace softpower::evaluation
