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

// A count where a missing row means none (impute = "zero") whose source ends before the index
// year: the year past its end has no row for anyone, which means unknown, not none. With its
// own max_time it takes the state of the source's latest covered year within reach (the Open
// Soft Power Index's allies in 2019, from ATOP's 2018); without, every unit got a zero.
TEST(Coverage, AZeroCountPastItsSourcesEndTakesItsLatestCoveredYear) {
  auto built = [](const std::string& z_rule, int last_covered) {
    const std::string text =
        "[index]\nname = \"t\"\nyears = [2018, 2019]\n[data]\ndatasets = [\"d\"]\n"
        "[steps]\norder = [\"impute\", \"aggregate\"]\n"
        "[steps.aggregate]\nmin_coverage = 0\n"
        "[[aggregate]]\ncode = \"R\"\n"
        "[[indicator]]\ncode = \"z\"\nparent = \"R\"\nimpute = \"zero\"\n" +
        z_rule + "\n[[indicator]]\ncode = \"w\"\nparent = \"R\"\n";
    Panel panel({"A", "B"}, {"z", "w"}, {2016, 2017, 2018, 2019});
    for (std::size_t t = 0; t < 4; ++t) {
      panel.at(0, 1, t) = 1;
      panel.at(1, 1, t) = 1;
    }
    panel.at(0, 0, static_cast<std::size_t>(last_covered - 2016)) = 4;  // B: no row, none
    return build(text, panel);
  };
  const Built own = built("max_time = 1", 2018);
  const YearResult& y2018 = own.result.years[0];
  const YearResult& y2019 = own.result.years[1];
  EXPECT_EQ(y2018.origins.at(1, 0), ValueStatus::imputed);  // covered: none is zero
  EXPECT_EQ(y2018.origins.from_year(1, 0), 0);
  EXPECT_DOUBLE_EQ(y2018.scores(1, 0), 0);
  EXPECT_EQ(y2019.origins.at(0, 0), ValueStatus::imputed);  // past the end: 2018's state
  EXPECT_EQ(y2019.origins.from_year(0, 0), 2018);
  EXPECT_DOUBLE_EQ(y2019.scores(0, 0), 4);
  EXPECT_EQ(y2019.origins.from_year(1, 0), 2018);
  EXPECT_DOUBLE_EQ(y2019.scores(1, 0), 0);
  // Beyond reach (the source ended in 2017): missing, not zero.
  const Built far = built("max_time = 1", 2017);
  EXPECT_EQ(far.result.years[1].origins.at(0, 0), ValueStatus::missing);
  EXPECT_TRUE(std::isnan(far.result.years[1].scores(1, 0)));
  // Without its own max_time, as before: a zero for everyone.
  const Built plain = built("", 2018);
  EXPECT_DOUBLE_EQ(plain.result.years[1].scores(0, 0), 0);
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
// The Open Soft Power Index (2000-2018; Liechtenstein, the first example of issue 17, is now
// screened out there): in 2018 Serbia has one of Digital's two indicators and Malta three of
// Values' five, below two thirds, so neither pillar is scored for them and their index is the
// mean of the other seven; imputed values are flagged with their method and year, and are
// never strengths.
TEST(Coverage, APillarOnTooFewIndicatorsIsNotScored) {
  SOFTPOWER_REQUIRE_DATA(data);
  const testing::ScratchDir scratch("coverage-osp");
  const auto out = scratch / "out";
  const auto r = testing::run_cli("index build " +
                                  (testing::source_dir() / "examples/soft-power.toml").string() +
                                  " --data " + data.string() + " --out " + out.string());
  ASSERT_EQ(r.status, 0) << r.out;
  const std::string csv = read_file(out / "coverage.csv");
  const auto row = [&](const std::string& key) {
    const auto at = csv.find("\n" + key + ",");
    return at == std::string::npos ? std::string()
                                   : csv.substr(at + 1, csv.find('\n', at + 1) - at - 1);
  };
  EXPECT_EQ(row("SRB,2018,internet_share"), "SRB,2018,internet_share,1,observed,,2018,2018,,1,");
  EXPECT_EQ(row("SRB,2018,internet_users"), "SRB,2018,internet_users,1,missing,,,,,0,");
  EXPECT_EQ(row("SRB,2018,digital"), "SRB,2018,digital,2,missing,,,,0.5,0.5,0.6666666666666666");
  EXPECT_EQ(row("MLT,2018,rule_of_law"), "MLT,2018,rule_of_law,1,missing,,,,,0,");
  EXPECT_EQ(row("MLT,2018,internet_users"),
            "MLT,2018,internet_users,1,imputed,latest,2017,2017,,0,");
  EXPECT_EQ(row("MLT,2018,top_universities"), "MLT,2018,top_universities,1,imputed,zero,,,,0,");
  EXPECT_EQ(row("MLT,2018,values"), "MLT,2018,values,2,missing,,,,0.6,0.6,0.6666666666666666");
  EXPECT_EQ(row("MLT,2018,soft_power"),
            "MLT,2018,soft_power,3,scored,,,,0.875,0.68,0.6666666666666666");

  const auto results = nlohmann::json::parse(read_file(out / "results.json"));
  const auto& year = results["years"][18];
  ASSERT_EQ(year["year"], 2018);
  std::size_t seen = 0;
  for (const auto& u : year["units"]) {
    if (u["code"] == "SRB") {
      ++seen;
      EXPECT_TRUE(u["scores"]["digital"].is_null());
      EXPECT_EQ(u["ranks"]["soft_power"], 52);
      EXPECT_EQ(u["coverage"]["not_scored"][0]["code"], "digital");
      EXPECT_EQ(u["coverage"]["missing"].size(), 3U);  // aid, clean government, internet users
    }
    if (u["code"] == "MLT") {
      ++seen;
      EXPECT_TRUE(u["scores"]["values"].is_null());
      EXPECT_EQ(u["ranks"]["soft_power"], 103);
      EXPECT_EQ(u["coverage"]["imputed"].size(), 6U);
      for (const auto& s : u["strengths"]) {
        EXPECT_NE(s, "top_universities");
        EXPECT_NE(s, "olympic_medals");
      }
    }
  }
  EXPECT_EQ(seen, 2U);
  const auto audit = nlohmann::json::parse(read_file(out / "audit.json"));
  ASSERT_EQ(audit["years"][18]["year"], 2018);
  for (const auto& i : audit["years"][18]["indicators"]) {
    if (i["code"] != "internet_users") continue;
    EXPECT_EQ(i["availability"], 0.0);  // no source year is 2018
    EXPECT_NEAR(i["availability_imputed"].get<double>(), 0.837, 1e-3);
  }
}

}  // namespace
}  // namespace softpower::index
