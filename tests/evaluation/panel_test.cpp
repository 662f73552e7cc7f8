// Panels for the evaluation estimators: balancing, cohorts, and the errors that name the unit
// and period of a panel the estimators cannot use.

#include "softpower/evaluation/panel.hpp"

#include <gtest/gtest.h>

#include "softpower/core/table.hpp"
#include "support/errors.hpp"

namespace softpower::evaluation {
namespace {

using softpower::testing::error_of;

LongPanel panel_of(std::string_view csv) {
  const Table t = parse_csv(csv, CsvOptions{}, "p.csv");
  return long_panel(t, PanelColumns{"unit", "year", "y", "d"});
}

TEST(EvaluationPanel, BalancesRowsInAnyOrderWithCohortsFromTheIndicator) {
  const BalancedPanel p = balance(panel_of("unit,year,y,d\n"
                                           "b,2001,5,0\n"
                                           "a,2002,2,1\n"
                                           "a,2001,1,0\n"
                                           "b,2002,6,0\n"
                                           "a,2000,0.5,0\n"
                                           "b,2000,4,0\n"),
                                  TreatmentCoding::indicator);
  ASSERT_EQ(p.units, (std::vector<std::string>{"b", "a"}));
  ASSERT_EQ(p.times, (std::vector<long long>{2000, 2001, 2002}));
  EXPECT_EQ(p.y(0, 0), 4);
  EXPECT_EQ(p.y(1, 2), 2);
  EXPECT_EQ(p.y(1, 0), 0.5);
  EXPECT_FALSE(p.cohort[0].has_value());
  EXPECT_EQ(p.cohort[1], 2002);
  EXPECT_TRUE(p.treated(1, 2));
  EXPECT_FALSE(p.treated(1, 1));
}

TEST(EvaluationPanel, CohortCodingWithANeverValueAndLateCohortsAsNeverTreated) {
  const BalancedPanel p = balance(panel_of("unit,year,y,d\n"
                                           "a,1,0,0\nn,1,0,0\n"
                                           "a,2,0,0\nn,2,0,0\n"
                                           "b,1,0,2\nb,2,0,2\n"
                                           "c,1,0,9\nc,2,0,9\n"),
                                  TreatmentCoding::cohort, 0);
  ASSERT_EQ(p.n_units(), 4u);
  EXPECT_FALSE(p.cohort[0].has_value());
  EXPECT_EQ(p.cohort[2], 2);
  EXPECT_FALSE(p.cohort[3].has_value()) << "a cohort after the last period is never treated";
}

TEST(EvaluationPanel, ErrorsNameTheUnitAndThePeriod) {
  EXPECT_EQ(error_of([] {
              balance(panel_of("unit,year,y,d\na,1,0,0\na,2,0,0\nb,1,0,0\n"),
                      TreatmentCoding::indicator);
            }),
            "p.csv: field 'unit': unbalanced panel: unit 'b' has no row for period 2 (every unit "
            "must be observed in all 2 periods)");
  EXPECT_EQ(error_of([] {
              balance(panel_of("unit,year,y,d\na,1,0,0\na,2,0,1\na,3,0,0\n"),
                      TreatmentCoding::indicator);
            }),
            "p.csv:4: field 'treatment': the treatment switches off: unit 'a' is treated from "
            "period 2 but not in period 3 (the estimators need treatment to stay on once it "
            "starts)");
  EXPECT_EQ(error_of([] {
              balance(panel_of("unit,year,y,d\na,1,0,0\na,1,3,0\n"), TreatmentCoding::indicator);
            }),
            "p.csv:3: field 'unit': unit 'a' has a second row for period 1 (the first is on line "
            "2)");
  EXPECT_EQ(
      error_of([] { balance(panel_of("unit,year,y,d\na,1,,0\n"), TreatmentCoding::indicator); }),
      "p.csv:2: field 'outcome': unit 'a' has no outcome in period 1 (a balanced panel is "
      "required)");
  EXPECT_EQ(
      error_of([] { balance(panel_of("unit,year,y,d\na,1,0,2\n"), TreatmentCoding::indicator); }),
      "p.csv:2: field 'treatment': the treatment of unit 'a' in period 1 is 2; it must be 0 "
      "or 1");
  EXPECT_EQ(error_of([] {
              balance(panel_of("unit,year,y,d\na,1,0,3\na,2,0,4\n"), TreatmentCoding::cohort);
            }),
            "p.csv:3: field 'treatment': the cohort of unit 'a' is 4 in period 2 but 3 in period "
            "1; it must be the same on every row");
  EXPECT_EQ(error_of([] { panel_of("unit,year,y,d\na,1.5,0,0\n"); }),
            "p.csv:2: field 'year': a period must be a whole number, not '1.5'");
}

TEST(EvaluationPanel, RequirementsNameTheUnitAndPeriod) {
  const BalancedPanel all_treated = balance(panel_of("unit,year,y,d\n"
                                                     "a,1,0,0\na,2,0,1\na,3,0,1\n"
                                                     "b,1,0,0\nb,2,0,0\nb,3,0,1\n"),
                                            TreatmentCoding::indicator);
  EXPECT_EQ(error_of([&] { require_never_treated(all_treated, "Callaway-Sant'Anna"); }),
            "field 'treatment': Callaway-Sant'Anna needs never-treated units, but every unit is "
            "treated by period 3 (the last is unit 'b', from period 3)");
  EXPECT_EQ(error_of([&] { require_pre_periods(all_treated, 2, "a synthetic control"); }),
            "field 'treatment': a synthetic control needs at least 2 periods before treatment, but "
            "unit 'a', first treated in period 2, has 1 (from period 1)");
  EXPECT_EQ(error_of([&] { require_one_adoption(all_treated, "a 2x2 DiD"); }),
            "field 'treatment': a 2x2 DiD needs all treated units to start in one period, but "
            "unit 'a' starts in 2 and unit 'b' in 3");
  EXPECT_EQ(error_of([&] { block_panel(all_treated); }),
            "field 'treatment': a synthetic control needs never-treated units, but every unit is "
            "treated by period 3 (the last is unit 'b', from period 3)");
}

TEST(EvaluationPanel, BlockPanelPutsControlsAndPrePeriodsFirst) {
  const BalancedPanel p = balance(panel_of("unit,year,y,d\n"
                                           "t,1,10,0\nt,2,11,0\nt,3,12,1\n"
                                           "c1,1,1,0\nc1,2,2,0\nc1,3,3,0\n"
                                           "c2,3,6,0\nc2,1,4,0\nc2,2,5,0\n"),
                                  TreatmentCoding::indicator);
  const BlockPanel b = block_panel(p);
  EXPECT_EQ(b.n0, 2u);
  EXPECT_EQ(b.t0, 2u);
  EXPECT_EQ(b.units, (std::vector<std::string>{"c1", "c2", "t"}));
  EXPECT_EQ(b.times, (std::vector<long long>{1, 2, 3}));
  Eigen::MatrixXd expected(3, 3);
  expected << 1, 2, 3, 4, 5, 6, 10, 11, 12;
  EXPECT_EQ(b.y, expected);
}

}  // namespace
}  // namespace softpower::evaluation
