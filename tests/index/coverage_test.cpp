// Missing data must not decide ranks: an aggregate's minimum coverage (min_coverage, below),
// each indicator's own look-back (max_time), where every value came from (ValueOrigins,
// coverage_of, coverage.csv), strengths from observed values only, and the audit's
// availability before and after imputation. docs/index-aggregate.md, docs/index-impute.md.

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "softpower/core/error.hpp"
#include "softpower/core/panel.hpp"
#include "softpower/core/table.hpp"
#include "softpower/index/audit.hpp"
#include "softpower/index/pipeline.hpp"
#include "softpower/index/results.hpp"
#include "softpower/report/index_outputs.hpp"
#include "support/cli.hpp"
#include "support/data.hpp"
#include "support/scratch.hpp"

namespace softpower::index {
namespace {

const double nan = std::nan("");

// Pillar P of a, b, c and pillar Q of d under the root R; no normalisation, so the scores are
// plain means. A has every value, B two of P's three, C one of three.
std::string three_units(const std::string& steps_aggregate, const std::string& pillar = "") {
  return "[index]\nname = \"t\"\nyear = 2019\n[data]\ndatasets = [\"d\"]\n"
         "[steps]\norder = [\"aggregate\"]\n[steps.aggregate]\n" +
         steps_aggregate +
         "\n[[aggregate]]\ncode = \"R\"\n"
         "[[aggregate]]\ncode = \"P\"\nparent = \"R\"\n" +
         pillar +
         "\n[[aggregate]]\ncode = \"Q\"\nparent = \"R\"\n"
         "[[indicator]]\ncode = \"a\"\nparent = \"P\"\n"
         "[[indicator]]\ncode = \"b\"\nparent = \"P\"\n"
         "[[indicator]]\ncode = \"c\"\nparent = \"P\"\n"
         "[[indicator]]\ncode = \"d\"\nparent = \"Q\"\n";
}

Panel three_unit_panel() {
  Panel panel({"A", "B", "C"}, {"a", "b", "c", "d"}, {2019});
  const double values[3][4] = {{1, 4, 7, 10}, {2, 6, nan, 10}, {3, nan, nan, 10}};
  for (std::size_t u = 0; u < 3; ++u) {
    for (std::size_t i = 0; i < 4; ++i) panel.at(u, i, 0) = values[u][i];
  }
  return panel;
}

struct Built {
  Pipeline pipeline;
  IndexInput input;
  IndexResult result;
};

Built build(const std::string& text, const Panel& panel) {
  const Spec spec = parse_spec(text, "s.toml");
  Built b{Pipeline(spec), assemble_input(spec, {{"d", panel}}, {}), {}};
  b.result = b.pipeline.run(b.input);
  return b;
}

// Score of node `code` for unit row r of the only year.
double score(const Built& b, std::size_t r, const std::string& code) {
  return b.result.years[0].scores(static_cast<Eigen::Index>(r), *b.pipeline.framework().find(code));
}

TEST(Coverage, TwoThirdsOfAPillarsChildrenByDefault) {
  const Built b = build(three_units("method = \"arithmetic\""), three_unit_panel());
  EXPECT_DOUBLE_EQ(score(b, 0, "P"), 4.0);    // (1 + 4 + 7) / 3
  EXPECT_DOUBLE_EQ(score(b, 1, "P"), 4.0);    // (2 + 6) / 2: two of three meet 2/3
  EXPECT_TRUE(std::isnan(score(b, 2, "P")));  // one of three: not scored
  EXPECT_DOUBLE_EQ(score(b, 0, "R"), 7.0);
  // C's index rests on Q alone: one of two pillars, below 2/3 too.
  EXPECT_TRUE(std::isnan(score(b, 2, "R")));
}

TEST(Coverage, OffItIsTheMeanOfWhateverIsThere) {
  const Built b = build(three_units("min_coverage = 0"), three_unit_panel());
  EXPECT_DOUBLE_EQ(score(b, 2, "P"), 3.0);
  EXPECT_DOUBLE_EQ(score(b, 2, "R"), 6.5);
}

TEST(Coverage, AnAggregateSetsItsOwnMinimum) {
  // 0.667 is more than two thirds: B's two of three no longer do, for P only.
  const Built b =
      build(three_units("min_coverage = 0", "min_coverage = 0.667"), three_unit_panel());
  EXPECT_TRUE(std::isnan(score(b, 1, "P")));
  EXPECT_TRUE(std::isnan(score(b, 2, "P")));
  EXPECT_DOUBLE_EQ(score(b, 0, "P"), 4.0);
  EXPECT_DOUBLE_EQ(score(b, 1, "R"), 10.0);  // Q alone, the root having no minimum
}

TEST(Coverage, BelowTheMinimumTheChosenRuleFillsTheMissingChildren) {
  const Built mean = build(three_units("below = \"mean\""), three_unit_panel());
  EXPECT_DOUBLE_EQ(score(mean, 2, "P"), 5.0);  // (3 + mean(4, 6) + 7) / 3
  EXPECT_DOUBLE_EQ(score(mean, 1, "P"), 4.0);  // at the minimum: its own two
  const Built low = build(three_units("", "below = \"min\""), three_unit_panel());
  EXPECT_DOUBLE_EQ(score(low, 2, "P"), 14.0 / 3);  // (3 + 4 + 7) / 3
  const Coverage cov = coverage_of(low.pipeline, low.result.years[0]);
  const auto p = static_cast<std::size_t>(*low.pipeline.framework().find("P"));
  EXPECT_EQ(cov.at(2, p), ValueStatus::imputed);
  EXPECT_EQ(cov.at(1, p), ValueStatus::observed);
  EXPECT_DOUBLE_EQ(cov.coverage(2, static_cast<Eigen::Index>(p)), 1.0 / 3);
}

TEST(Coverage, PairwiseMethodsLeaveAUnitBelowTheMinimumOut) {
  const Built b = build(three_units("method = \"copeland\""), three_unit_panel());
  EXPECT_TRUE(std::isnan(score(b, 2, "P")));
  // A beats B on a? no: a (1 < 2), b (4 < 6), c only A: B wins the majority of shared weight.
  EXPECT_DOUBLE_EQ(score(b, 0, "P"), -1.0);
  EXPECT_DOUBLE_EQ(score(b, 1, "P"), 1.0);
}

TEST(Coverage, EveryValueAndAggregateSaysWhereItCameFrom) {
  const Built b = build(three_units(""), three_unit_panel());
  const Coverage cov = coverage_of(b.pipeline, b.result.years[0]);
  const Framework& f = b.pipeline.framework();
  auto at = [&](std::size_t r, const char* code) {
    return cov.at(r, static_cast<std::size_t>(*f.find(code)));
  };
  EXPECT_EQ(at(0, "c"), ValueStatus::observed);
  EXPECT_EQ(at(1, "c"), ValueStatus::missing);
  EXPECT_EQ(at(2, "P"), ValueStatus::missing);
  EXPECT_EQ(at(1, "P"), ValueStatus::observed);
  // C: a and d of four indicators observed under the root.
  EXPECT_DOUBLE_EQ(cov.observed(2, f.root()), 0.5);
  EXPECT_DOUBLE_EQ(cov.coverage(2, f.root()), 0.5);

  const report::IndexRun run{b.pipeline, b.input, b.result, {}, {}, {}};
  const std::string csv = report::coverage_csv(run);
  EXPECT_EQ(csv.substr(0, csv.find('\n')),
            "unit,year,code,level,status,imputed_by,from_year,to_year,coverage,observed_share,"
            "min_coverage");
  EXPECT_NE(csv.find("\nC,2019,b,1,missing,,,,,0,\n"), std::string::npos) << csv;
  EXPECT_NE(csv.find("\nC,2019,P,2,missing,,,,0.3333333333333333,0.3333333333333333,"
                     "0.6666666666666666\n"),
            std::string::npos)
      << csv;
  EXPECT_NE(csv.find("\nB,2019,P,2,scored,,,,0.6666666666666666,0.6666666666666666,"
                     "0.6666666666666666\n"),
            std::string::npos)
      << csv;
}

// A panel 2014-2019: x observed in 2016 only for A (and every year for B), y in 2014 only
// for A, z (a count where a missing row means none) for B only, w for both in 2019 (a unit
// without any value in the index year is not part of that year's index).
Built look_back(const std::string& x_rule) {
  const std::string text =
      "[index]\nname = \"t\"\nyear = 2019\n[data]\ndatasets = [\"d\"]\n"
      "[steps]\norder = [\"impute\", \"aggregate\"]\n"
      "[steps.impute]\nmethod = \"latest\"\nmax_time = 5\n"
      "[steps.aggregate]\nmin_coverage = 0\n"
      "[[aggregate]]\ncode = \"R\"\n"
      "[[indicator]]\ncode = \"x\"\nparent = \"R\"\n" +
      x_rule +
      "\n[[indicator]]\ncode = \"y\"\nparent = \"R\"\n"
      "[[indicator]]\ncode = \"z\"\nparent = \"R\"\nimpute = \"zero\"\n"
      "[[indicator]]\ncode = \"w\"\nparent = \"R\"\n";
  Panel panel({"A", "B"}, {"x", "y", "z", "w"}, {2014, 2015, 2016, 2017, 2018, 2019});
  panel.at(0, 3, 5) = 1;
  panel.at(1, 3, 5) = 2;
  for (std::size_t t = 0; t < 6; ++t) panel.at(1, 0, t) = 1.0 + static_cast<double>(t);
  panel.at(0, 0, 2) = 7;
  panel.at(0, 1, 0) = 8;
  panel.at(1, 1, 5) = 2;
  panel.at(1, 2, 5) = 3;
  return build(text, panel);
}

TEST(Coverage, EachIndicatorMayLookBackItsOwnNumberOfYears) {
  const Built global = look_back("");
  const YearResult& y = global.result.years[0];
  // A's x: 2016 is three years back, within the global five.
  EXPECT_EQ(y.origins.at(0, 0), ValueStatus::imputed);
  EXPECT_EQ(y.origins.from_year(0, 0), 2016);
  EXPECT_EQ(y.origins.at(0, 1), ValueStatus::imputed);
  EXPECT_EQ(y.origins.from_year(0, 1), 2014);
  EXPECT_EQ(y.origins.at(0, 2), ValueStatus::imputed);  // zero: no year
  EXPECT_EQ(y.origins.from_year(0, 2), 0);
  EXPECT_EQ(y.origins.method[2], ImputeMethod::zero);
  EXPECT_EQ(y.origins.at(1, 0), ValueStatus::observed);
  EXPECT_EQ(y.origins.from_year(1, 0), 2019);

  const Built own = look_back("max_time = 2");
  EXPECT_EQ(own.result.years[0].origins.at(0, 0), ValueStatus::missing);
  EXPECT_EQ(own.result.years[0].origins.at(0, 1), ValueStatus::imputed);  // y keeps five
  EXPECT_TRUE(std::isnan(own.result.years[0].scores(0, 0)));
}

TEST(Coverage, StrengthsAndWeaknessesAreOfObservedValuesOnly) {
  const Built b = look_back("");
  const auto sw = strengths_weaknesses(b.pipeline.framework(), b.result.years[0], 3);
  // A observed only w in 2019: its one strength and weakness, though it has four values.
  EXPECT_EQ(sw[0].strengths, std::vector<int>{3});
  EXPECT_EQ(sw[0].weaknesses, std::vector<int>{3});
  EXPECT_EQ(sw[1].strengths.size(), 3U);
}

TEST(Coverage, TheAuditCountsAvailabilityBeforeAndAfterImputation) {
  const Built b = look_back("");
  const Audit audit = audit_year(b.pipeline, b.result.years[0]);
  EXPECT_DOUBLE_EQ(audit.indicators[0].availability, 0.5);  // B only in 2019
  EXPECT_DOUBLE_EQ(audit.indicators[0].availability_imputed, 1.0);
  EXPECT_DOUBLE_EQ(audit.indicators[2].availability, 0.5);
  EXPECT_DOUBLE_EQ(audit.indicators[2].availability_imputed, 1.0);
}

std::string error_of(const std::string& text) {
  try {
    parse_spec(text, "s.toml");
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

TEST(Coverage, SpecKeysAreChecked) {
  EXPECT_NE(error_of(three_units("min_coverage = 1.5")).find("steps.aggregate.min_coverage"),
            std::string::npos);
  EXPECT_NE(error_of(three_units("min_coverage = 0.5\nthreshold = 0.5"))
                .find("is the older name of min_coverage"),
            std::string::npos);
  EXPECT_NE(error_of(three_units("", "below = \"zero\"")).find("aggregate.below"),
            std::string::npos);
  EXPECT_NE(error_of(three_units("") + "max_time = -1\n").find("indicator.max_time"),
            std::string::npos);
  // The older name still reads.
  const Spec spec = parse_spec(three_units("threshold = 0.5"), "s.toml");
  EXPECT_DOUBLE_EQ(spec.aggregation.min_coverage, 0.5);
}

// Liechtenstein in the Open Soft Power Index, 2019: Digital rested on internet use alone
// (imputed from 2017) and ranked first; Values and governance on press freedom alone.
TEST(Coverage, LiechtensteinIsNoLongerScoredOnOneIndicator) {
  SOFTPOWER_REQUIRE_DATA(data);
  const testing::ScratchDir scratch("coverage-lie");
  const auto out = scratch / "out";
  const auto r = testing::run_cli("index build " +
                                  (testing::source_dir() / "examples/soft-power.toml").string() +
                                  " --data " + data.string() + " --out " + out.string());
  ASSERT_EQ(r.status, 0) << r.out;
  std::map<std::string, std::string> status, from;
  const std::string csv = read_file(out / "coverage.csv");
  for (const std::string code : {"internet_share", "internet_users", "democracy", "press_freedom",
                                 "h_index", "top_universities", "values", "digital"}) {
    const auto at = csv.find("\nLIE,2019," + code + ",");
    ASSERT_NE(at, std::string::npos) << code;
    status[code] = csv.substr(at + 1, csv.find('\n', at + 1) - at - 1);
  }
  EXPECT_EQ(status["internet_share"], "LIE,2019,internet_share,1,imputed,latest,2017,2017,,0,");
  EXPECT_EQ(status["internet_users"], "LIE,2019,internet_users,1,missing,,,,,0,");
  EXPECT_EQ(status["democracy"], "LIE,2019,democracy,1,missing,,,,,0,");
  EXPECT_EQ(status["press_freedom"], "LIE,2019,press_freedom,1,observed,,2019,2019,,1,");
  EXPECT_EQ(status["h_index"], "LIE,2019,h_index,1,observed,,2022,2022,,1,");  // fixed year
  EXPECT_EQ(status["top_universities"], "LIE,2019,top_universities,1,imputed,zero,,,,0,");
  EXPECT_EQ(status["values"], "LIE,2019,values,2,missing,,,,0.2,0.2,0.6666666666666666");
  EXPECT_EQ(status["digital"], "LIE,2019,digital,2,missing,,,,0.5,0,0.6666666666666666");

  const auto results = nlohmann::json::parse(read_file(out / "results.json"));
  for (const auto& u : results["years"][0]["units"]) {
    if (u["code"] != "LIE") continue;
    EXPECT_TRUE(u["scores"]["digital"].is_null());
    EXPECT_TRUE(u["scores"]["values"].is_null());
    EXPECT_EQ(u["ranks"]["soft_power"], 79);  // 28th before, on Digital and Values
    EXPECT_EQ(u["coverage"]["not_scored"].size(), 2U);
    EXPECT_EQ(u["coverage"]["missing"].size(), 5U);
    for (const auto& s : u["strengths"]) EXPECT_NE(s, "top_universities");
  }
  const auto audit = nlohmann::json::parse(read_file(out / "audit.json"));
  for (const auto& i : audit["years"][0]["indicators"]) {
    if (i["code"] != "internet_users") continue;
    EXPECT_EQ(i["availability"], 0.0);
    EXPECT_NEAR(i["availability_imputed"].get<double>(), 0.833, 1e-3);
  }
}

}  // namespace
}  // namespace softpower::index
