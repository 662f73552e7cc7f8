// Callaway and Sant'Anna on mpdta: every ATT(g,t) and every aggregate against a by-hand
// computation of the 2x2 comparisons (tests/reference/evaluation/make/cs_by_hand.R), for both
// control groups and both base periods, and the published figures of did's vignette.

#include "softpower/evaluation/staggered.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <string>

#include "evaluation/panels.hpp"
#include "softpower/core/random.hpp"
#include "softpower/evaluation/multipliers.hpp"
#include "support/data.hpp"
#include "support/errors.hpp"

namespace softpower::evaluation {
namespace {

using testing::expected_rows;
using testing::reference_dir;

struct Variant {
  ControlGroup control;
  BasePeriod base;
  const char* control_name;
  const char* base_name;
};

const Variant kVariants[] = {
    {ControlGroup::never_treated, BasePeriod::varying, "never", "varying"},
    {ControlGroup::never_treated, BasePeriod::universal, "never", "universal"},
    {ControlGroup::not_yet_treated, BasePeriod::varying, "notyet", "varying"},
    {ControlGroup::not_yet_treated, BasePeriod::universal, "notyet", "universal"},
};

/// The options of a variant, without bootstrap (analytic standard errors).
StaggeredOptions analytic(const Variant& v) {
  StaggeredOptions o;
  o.control = v.control;
  o.base = v.base;
  o.reps = 0;
  return o;
}

const AggregateEffect& find(const StaggeredResult& r, const std::string& type,
                            std::optional<long long> key) {
  for (const auto& a : r.aggregates) {
    if (a.type == type && a.key == key) return a;
  }
  throw Error("no aggregate " + type);
}

TEST(EvaluationStaggered, MpdtaEveryGroupTimeEffectAndAggregateEqualsTheByHandComparisons) {
  SOFTPOWER_REQUIRE_DATA(data);
  const BalancedPanel panel = balance(testing::mpdta(data), TreatmentCoding::cohort);
  const auto cells = expected_rows(reference_dir() / "mpdta-cs" / "att_gt_by_hand.csv",
                                   {"control", "base", "group", "time"});
  const auto aggregates = expected_rows(reference_dir() / "mpdta-cs" / "aggregate_by_hand.csv",
                                        {"control", "base", "type", "key"});
  std::size_t compared_cells = 0;
  std::size_t compared_aggregates = 0;
  for (const Variant& v : kVariants) {
    const StaggeredResult r = callaway_santanna(panel, analytic(v));
    const std::string prefix = std::string(v.control_name) + "|" + v.base_name + "|";
    for (const GroupTimeEffect& e : r.att_gt) {
      const auto it = cells.find(prefix + std::to_string(e.group) + "|" + std::to_string(e.time));
      ASSERT_NE(it, cells.end()) << prefix << e.group << " " << e.time;
      EXPECT_NEAR(e.att, it->second.at("att"), 1e-14) << prefix << e.group << " " << e.time;
      ++compared_cells;
    }
    for (const AggregateEffect& a : r.aggregates) {
      const auto it =
          aggregates.find(prefix + a.type + "|" + (a.key ? std::to_string(*a.key) : std::string()));
      ASSERT_NE(it, aggregates.end()) << prefix << a.type;
      EXPECT_NEAR(a.estimate, it->second.at("estimate"), 1e-14) << prefix << a.type;
      ++compared_aggregates;
    }
  }
  EXPECT_EQ(compared_cells, cells.size());
  EXPECT_EQ(compared_aggregates, aggregates.size());
}

// The standard errors (and again every estimate) against the did package itself, 2.5.1 with
// bstrap = FALSE (tests/reference/evaluation/make/cs_did_package.R): analytic errors are
// exact, so the influence functions and the aggregations' weight terms (wif) are checked.
TEST(EvaluationStaggered, MpdtaAnalyticStandardErrorsEqualTheDidPackage) {
  SOFTPOWER_REQUIRE_DATA(data);
  const BalancedPanel panel = balance(testing::mpdta(data), TreatmentCoding::cohort);
  const auto cells = expected_rows(reference_dir() / "mpdta-cs" / "att_gt_did.csv",
                                   {"control", "base", "group", "time"});
  const auto aggregates = expected_rows(reference_dir() / "mpdta-cs" / "aggregate_did.csv",
                                        {"control", "base", "type", "key"});
  // did writes 15 significant digits; an empty se (the universal base's reference) is NaN.
  const auto expect_se = [](double got, const std::map<std::string, double>& row,
                            const std::string& what) {
    if (row.count("se") == 0) {
      EXPECT_TRUE(std::isnan(got)) << what;
    } else {
      EXPECT_NEAR(got, row.at("se"), 1e-12 * row.at("se")) << what;
    }
  };
  std::size_t compared = 0;
  for (const Variant& v : kVariants) {
    const StaggeredResult r = callaway_santanna(panel, analytic(v));
    const std::string prefix = std::string(v.control_name) + "|" + v.base_name + "|";
    for (const GroupTimeEffect& e : r.att_gt) {
      const std::string key = prefix + std::to_string(e.group) + "|" + std::to_string(e.time);
      const auto& row = cells.at(key);
      EXPECT_NEAR(e.att, row.at("att"), 1e-14) << key;
      expect_se(e.se_analytic, row, key);
      if (!std::isnan(e.se)) EXPECT_EQ(e.se, e.se_analytic) << "no bootstrap: the analytic error";
      ++compared;
    }
    for (const AggregateEffect& a : r.aggregates) {
      const std::string key =
          prefix + a.type + "|" + (a.key ? std::to_string(*a.key) : std::string());
      const auto& row = aggregates.at(key);
      EXPECT_NEAR(a.estimate, row.at("estimate"), 1e-14) << key;
      expect_se(a.se_analytic, row, key);
      ++compared;
    }
  }
  EXPECT_EQ(compared, cells.size() + aggregates.size());
}

TEST(EvaluationStaggered, MpdtaPublishedFiguresOfDidsVignette) {
  // did's vignette "Getting started" publishes ATT(2004,2004) = -0.0105 and the simple
  // aggregation -0.0400 with a bootstrap se of 0.0115 (its analytic se is 0.01203, which the
  // did package gives with bstrap = FALSE, test above). The other standard errors asserted
  // here (0.0233, 0.0200, 0.0126) are the did package's analytic values, rounded.
  SOFTPOWER_REQUIRE_DATA(data);
  const BalancedPanel panel = balance(testing::mpdta(data), TreatmentCoding::cohort);
  StaggeredOptions o;
  o.reps = 1000;
  o.seed = 15;
  const StaggeredResult r = callaway_santanna(panel, o);
  EXPECT_EQ(r.units, 500u);
  ASSERT_EQ(r.att_gt.size(), 12u);
  EXPECT_EQ(r.att_gt[0].group, 2004);
  EXPECT_EQ(r.att_gt[0].time, 2004);
  EXPECT_NEAR(r.att_gt[0].att, -0.0105, 5e-5);
  EXPECT_NEAR(r.att_gt[0].se_analytic, 0.0233, 0.001);
  EXPECT_EQ(r.att_gt[0].treated, 20u);
  EXPECT_EQ(r.att_gt[0].controls, 309u);
  const AggregateEffect& simple = find(r, "simple", std::nullopt);
  EXPECT_NEAR(simple.estimate, -0.0400, 5e-5);
  EXPECT_NEAR(simple.se_analytic, 0.0115, 0.0006);
  // The bootstrap error is the analytic one up to Monte Carlo error (1,000 draws).
  EXPECT_NEAR(simple.se, simple.se_analytic, 0.1 * simple.se_analytic);
  EXPECT_NEAR(find(r, "dynamic", std::nullopt).estimate, -0.0772, 5e-5);
  EXPECT_NEAR(find(r, "dynamic", std::nullopt).se_analytic, 0.0200, 0.001);
  EXPECT_NEAR(find(r, "group", std::nullopt).estimate, -0.0310, 5e-5);
  EXPECT_NEAR(find(r, "group", std::nullopt).se_analytic, 0.0126, 0.001);
  // The uniform band over 12 effects is wider than the pointwise one and narrower than a
  // Bonferroni band (z at 1 - 0.05/24 = 2.87).
  EXPECT_GT(r.critical_value, 2.2);
  EXPECT_LT(r.critical_value, 2.87);
  // The IQR-scaled bootstrap error of one effect differs from the analytic one by Monte Carlo
  // error (about 3.7% at 1,000 draws for a normal statistic) and, for cohorts of few units, by
  // the non-normality the IQR reads (7% for ATT(2004,2006), 20 counties, at 8,400 draws).
  for (const GroupTimeEffect& e : r.att_gt) {
    EXPECT_NEAR(e.ci_hi - e.ci_lo, 2 * r.critical_value * e.se, 1e-15);
    EXPECT_NEAR(e.se, e.se_analytic, 0.15 * e.se_analytic) << e.group << " " << e.time;
  }
}

TEST(EvaluationStaggered, BootstrapDependsOnlyOnTheSeed) {
  SOFTPOWER_REQUIRE_DATA(data);
  const BalancedPanel panel = balance(testing::mpdta(data), TreatmentCoding::cohort);
  StaggeredOptions o;
  o.reps = 200;
  o.seed = 3;
  const StaggeredResult a = callaway_santanna(panel, o);
  const StaggeredResult b = callaway_santanna(panel, o);
  o.seed = 4;
  const StaggeredResult c = callaway_santanna(panel, o);
  EXPECT_EQ(a.critical_value, b.critical_value);
  EXPECT_EQ(a.att_gt[3].se, b.att_gt[3].se);
  EXPECT_NE(a.att_gt[3].se, c.att_gt[3].se);
  EXPECT_EQ(a.att_gt[3].att, c.att_gt[3].att);
}

TEST(EvaluationStaggered, MultipliersMadeInBlocksEqualTheKeptOnes) {
  // 3,000 draws for 700 units: kept whole, or made again in blocks of 1,497 (2^20 / 700) when
  // nothing is kept; the products must be the same numbers.
  Eigen::MatrixXd psi = Eigen::MatrixXd::Random(700, 3);
  const Multipliers kept(3000, 700, 9);
  const Multipliers blocks(3000, 700, 9, 0);
  const Eigen::MatrixXd a = kept.apply(psi);
  const Eigen::MatrixXd b = blocks.apply(psi);
  ASSERT_EQ(a.rows(), 3000);
  EXPECT_EQ(a, b);
  // Each entry is √n times the mean of ±ψ: draw 0 by hand.
  double first = 0;
  Rng rng(seed_of(9, 0));
  std::uint64_t bits = 0;
  for (int i = 0; i < 700; ++i) {
    if (i % 64 == 0) bits = rng.next();
    first += ((bits & 1U) != 0 ? 1.0 : -1.0) * psi(i, 0);
    bits >>= 1U;
  }
  EXPECT_NEAR(a(0, 0), first / std::sqrt(700.0), 1e-12);
}

TEST(EvaluationStaggered, UniversalBaseReportsItsReferenceCellAsZeroWithoutError) {
  SOFTPOWER_REQUIRE_DATA(data);
  StaggeredOptions o;
  o.base = BasePeriod::universal;
  o.reps = 100;
  const StaggeredResult r =
      callaway_santanna(balance(testing::mpdta(data), TreatmentCoding::cohort), o);
  ASSERT_EQ(r.att_gt.size(), 15u);
  std::size_t references = 0;
  for (const GroupTimeEffect& e : r.att_gt) {
    if (e.time != e.base) continue;
    ++references;
    EXPECT_EQ(e.att, 0);
    EXPECT_TRUE(std::isnan(e.se));
    EXPECT_EQ(e.time, e.group - 1);
  }
  EXPECT_EQ(references, 3u);
}

TEST(EvaluationStaggered, ErrorsAndDroppedUnits) {
  const Table t = parse_csv(
      "unit,year,y,g\n"
      "a,1,0,1\na,2,1,1\na,3,1,1\n"
      "b,1,0,2\nb,2,1,2\nb,3,1,2\n"
      "c,1,0,3\nc,2,0,3\nc,3,2,3\n",
      CsvOptions{}, "p.csv");
  const BalancedPanel p =
      balance(long_panel(t, PanelColumns{"unit", "year", "y", "g"}), TreatmentCoding::cohort);
  EXPECT_EQ(softpower::testing::error_of([&] { callaway_santanna(p); }),
            "field 'treatment': Callaway-Sant'Anna with never-treated controls needs "
            "never-treated units, but every unit is treated by period 3 (the last is unit 'c', "
            "from period 3)");
  // Not yet treated: unit a (treated in the first period) is dropped, c is b's control in
  // period 2 and gets no effect of its own.
  StaggeredOptions o;
  o.control = ControlGroup::not_yet_treated;
  o.reps = 0;
  const StaggeredResult r = callaway_santanna(p, o);
  EXPECT_EQ(r.dropped_units, 1u);
  EXPECT_EQ(r.units, 2u);
  ASSERT_EQ(r.att_gt.size(), 1u);
  EXPECT_EQ(r.att_gt[0].group, 2);
  EXPECT_EQ(r.att_gt[0].time, 2);
  EXPECT_EQ(r.att_gt[0].att, 1);
}

}  // namespace
}  // namespace softpower::evaluation
