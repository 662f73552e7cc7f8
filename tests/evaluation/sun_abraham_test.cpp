// Sun and Abraham's IW event study on mpdta against R (lm with cohort x event-time dummies,
// sandwich::vcovCL HC1; tests/reference/evaluation/make/sun_abraham_r.R), and the identity
// that holds on a balanced panel with never-treated controls: every δ_{g,e} is Callaway and
// Sant'Anna's ATT(g, g+e) with the universal base period, and β_e their dynamic aggregate.

#include "softpower/evaluation/sun_abraham.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "evaluation/panels.hpp"
#include "softpower/evaluation/staggered.hpp"
#include "support/data.hpp"
#include "support/errors.hpp"

namespace softpower::evaluation {
namespace {

using testing::expected_rows;
using testing::reference_dir;

TEST(EvaluationSunAbraham, MpdtaMatchesR) {
  SOFTPOWER_REQUIRE_DATA(data);
  const SunAbraham sa = sun_abraham(balance(testing::mpdta(data), TreatmentCoding::cohort));
  const auto cohorts =
      expected_rows(reference_dir() / "mpdta-sa" / "cohort_effects.csv", {"cohort", "event_time"});
  const auto events =
      expected_rows(reference_dir() / "mpdta-sa" / "event_study.csv", {"event_time"});
  ASSERT_EQ(sa.cohort_effects.size(), cohorts.size());
  for (const CohortEffect& c : sa.cohort_effects) {
    const auto& row = cohorts.at(std::to_string(c.cohort) + "|" + std::to_string(c.event_time));
    EXPECT_NEAR(c.estimate, row.at("estimate"), 1e-12) << c.cohort << " " << c.event_time;
    EXPECT_NEAR(c.se, row.at("se"), 1e-11 * row.at("se")) << c.cohort << " " << c.event_time;
  }
  ASSERT_EQ(sa.event_study.size(), events.size());
  for (const Coefficient& b : sa.event_study) {
    const auto& row = events.at(b.term);
    EXPECT_NEAR(b.estimate, row.at("estimate"), 1e-12) << b.term;
    EXPECT_NEAR(b.se, row.at("se"), 1e-11 * row.at("se")) << b.term;
    EXPECT_NEAR(b.p_value, row.at("p_value"), 1e-9 * row.at("p_value")) << b.term;
  }
}

// fixest's sunab() (tests/reference/evaluation/make/sun_abraham_fixest.R) gives the same event
// study; its fixed effects are found iteratively, so agreement is to about 12 digits.
TEST(EvaluationSunAbraham, MpdtaMatchesFixestSunab) {
  SOFTPOWER_REQUIRE_DATA(data);
  const SunAbraham sa = sun_abraham(balance(testing::mpdta(data), TreatmentCoding::cohort));
  const auto events =
      expected_rows(reference_dir() / "mpdta-sa" / "event_study_fixest.csv", {"event_time"});
  ASSERT_EQ(sa.event_study.size(), events.size());
  for (const Coefficient& b : sa.event_study) {
    const auto& row = events.at(b.term);
    EXPECT_NEAR(b.estimate, row.at("estimate"), 1e-10) << b.term;
    EXPECT_NEAR(b.se, row.at("se"), 1e-9 * row.at("se")) << b.term;
    EXPECT_NEAR(b.p_value, row.at("p_value"), 1e-8 * row.at("p_value")) << b.term;
  }
}

void expect_equals_callaway_santanna(const BalancedPanel& panel) {
  const SunAbraham sa = sun_abraham(panel);
  StaggeredOptions o;
  o.base = BasePeriod::universal;
  o.reps = 0;
  const StaggeredResult cs = callaway_santanna(panel, o);
  std::size_t matched = 0;
  for (const CohortEffect& c : sa.cohort_effects) {
    for (const GroupTimeEffect& e : cs.att_gt) {
      if (e.group != c.cohort || e.time != c.cohort + c.event_time) continue;
      EXPECT_NEAR(c.estimate, e.att, 1e-12) << c.cohort << " " << c.event_time;
      ++matched;
    }
  }
  EXPECT_EQ(matched, sa.cohort_effects.size());
  for (const Coefficient& b : sa.event_study) {
    for (const AggregateEffect& a : cs.aggregates) {
      if (a.type == "dynamic" && a.key && std::to_string(*a.key) == b.term) {
        EXPECT_NEAR(b.estimate, a.estimate, 1e-12) << b.term;
      }
    }
  }
}

TEST(EvaluationSunAbraham, CohortEffectsAreCallawaySantAnnasWithTheUniversalBase) {
  SOFTPOWER_REQUIRE_DATA(data);
  expect_equals_callaway_santanna(balance(testing::mpdta(data), TreatmentCoding::cohort));
  expect_equals_callaway_santanna(
      balance(testing::stored_panel("simulated-did/panel.csv"), TreatmentCoding::cohort));
}

TEST(EvaluationSunAbraham, NeedsNeverTreatedUnits) {
  const Table t =
      parse_csv("unit,year,y,g\na,1,0,2\na,2,1,2\nb,1,0,2\nb,2,3,2\n", CsvOptions{}, "p.csv");
  const BalancedPanel p =
      balance(long_panel(t, PanelColumns{"unit", "year", "y", "g"}), TreatmentCoding::cohort);
  EXPECT_EQ(softpower::testing::error_of([&] { sun_abraham(p); }),
            "field 'treatment': the Sun-Abraham event study needs never-treated units, but every "
            "unit is treated by period 2 (the last is unit 'a', from period 2)");
}

}  // namespace
}  // namespace softpower::evaluation
