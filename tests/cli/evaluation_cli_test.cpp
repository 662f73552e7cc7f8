// `evaluate panel` and `evaluate staggered` on the command line, on the shared data: the files
// they write hold the reference implementations' numbers (synthdid 0.0.9 on Proposition 99,
// the R package did 2.5.1 on mpdta, stored in tests/reference/evaluation/ with the scripts
// that made them), and unusable input is refused naming what is wrong.

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "softpower/core/table.hpp"
#include "support/cli.hpp"
#include "support/data.hpp"
#include "support/paths.hpp"
#include "support/scratch.hpp"

namespace softpower {
namespace {

namespace fs = std::filesystem;

fs::path reference(const std::string& name) {
  return testing::source_dir() / "tests" / "reference" / "evaluation" / name;
}

// Rows of a CSV file by the values of `keys` joined with '|', each row's column `value`.
std::map<std::string, double> by_key(const fs::path& file, const std::vector<std::string>& keys,
                                     const std::string& value,
                                     const std::map<std::string, std::string>& where = {}) {
  const Table t = read_csv(file);
  std::map<std::string, double> out;
  for (std::size_t r = 0; r < t.size(); ++r) {
    bool keep = true;
    for (const auto& [column, wanted] : where) keep = keep && t.cell(r, t.column(column)) == wanted;
    if (!keep) continue;
    std::string key;
    for (const auto& k : keys) key += (key.empty() ? "" : "|") + t.cell(r, t.column(k));
    out[key] = t.number(r, t.column(value));
  }
  return out;
}

void expect_close(const std::map<std::string, double>& got,
                  const std::map<std::string, double>& expected, double tolerance,
                  const std::string& what) {
  ASSERT_EQ(got.size(), expected.size()) << what;
  for (const auto& [key, value] : expected) {
    ASSERT_TRUE(got.count(key)) << what << " " << key;
    // A reference period's standard error is undefined on both sides (R's NA, our empty field).
    if (std::isnan(value)) {
      EXPECT_TRUE(std::isnan(got.at(key))) << what << " " << key;
      continue;
    }
    EXPECT_NEAR(got.at(key), value, tolerance * std::max(1.0, std::fabs(value)))
        << what << " " << key;
  }
}

TEST(EvaluationCli, Proposition99AsSynthdidComputesIt) {
  SOFTPOWER_REQUIRE_DATA(data);
  testing::ScratchDir dir("softpower-evaluate-panel");
  const std::string out = (dir / "p99").string();
  auto r = testing::run_cli("--json evaluate panel " +
                            (data / "evaluation" / "california_prop99.csv").string() +
                            " --unit State --time Year --outcome PacksPerCapita --treatment treated"
                            " --reps 50 --out " +
                            out + " 2>/dev/null");
  ASSERT_EQ(r.status, 0) << r.out;
  const nlohmann::json result = nlohmann::json::parse(r.out);
  EXPECT_EQ(result["units"], 39);
  EXPECT_EQ(result["adoption"], 1989);
  // The estimates of Arkhangelsky et al. (2021), Table 1: SDID −15.6, SC −19.6, DID −27.3,
  // and synthdid's to 1e-9.
  const auto estimates = by_key(fs::path(out) / "estimates.csv", {"estimator"}, "estimate");
  expect_close(
      estimates,
      by_key(reference("prop99/estimates.csv"), {"estimator"}, "estimate", {{"setup", "prop99"}}),
      1e-9, "estimates");
  EXPECT_NEAR(estimates.at("sdid"), -15.6, 0.05);
  EXPECT_NEAR(estimates.at("sc"), -19.6, 0.05);
  EXPECT_NEAR(estimates.at("did"), -27.3, 0.05);
  // Unit weights of sdid and sc, time weights of sdid: every unit and year.
  for (const char* estimator : {"sdid", "sc"}) {
    expect_close(
        by_key(fs::path(out) / "unit_weights.csv", {"unit"}, "weight", {{"estimator", estimator}}),
        by_key(reference("prop99/unit_weights.csv"), {"unit"}, "weight",
               {{"setup", "prop99"}, {"estimator", estimator}}),
        1e-9, std::string("unit weights ") + estimator);
  }
  expect_close(
      by_key(fs::path(out) / "time_weights.csv", {"time"}, "weight", {{"estimator", "sdid"}}),
      by_key(reference("prop99/time_weights.csv"), {"time"}, "weight",
             {{"setup", "prop99"}, {"estimator", "sdid"}}),
      1e-9, "time weights");
  // In-space placebos: each control as the one treated unit, as synthdid's placebo draws.
  for (const char* estimator : {"sdid", "sc", "did"}) {
    expect_close(by_key(fs::path(out) / "placebos.csv", {"unit"}, "estimate",
                        {{"estimator", estimator}, {"treated", "0"}}),
                 by_key(reference("prop99/placebo_units.csv"), {"placebo_unit"}, "estimate",
                        {{"setup", "prop99"}, {"estimator", estimator}}),
                 1e-8, std::string("placebos ") + estimator);
  }
  // California's post/pre RMSPE ratio is the largest of the 39 under sdid: p = 1/39.
  for (const auto& e : result["estimates"]) {
    if (e["estimator"] == "sdid") EXPECT_DOUBLE_EQ(e["permutation_p"].get<double>(), 1.0 / 39);
    EXPECT_LT(e["ci_lo"].get<double>(), e["estimate"].get<double>());
    EXPECT_GT(e["ci_hi"].get<double>(), e["estimate"].get<double>());
  }
  // The path's post-period mean gap is the estimate.
  const Table paths = read_csv(fs::path(out) / "paths.csv");
  double gap = 0;
  int post = 0;
  for (std::size_t k = 0; k < paths.size(); ++k) {
    if (paths.cell(k, 0) != "sdid" || paths.number(k, 1) < 1989) continue;
    gap += paths.number(k, 2) - paths.number(k, 3);
    ++post;
  }
  EXPECT_EQ(post, 12);
  EXPECT_NEAR(gap / post, estimates.at("sdid"), 1e-9);
  // The page states the same estimates and draws a gap line for each of the 38 placebos.
  const std::string html = testing::slurp(fs::path(out) / "evaluation.html");
  EXPECT_NE(html.find("California, treated from 1989, against 38 control units"),
            std::string::npos);
  EXPECT_NE(html.find("−15.60"), std::string::npos);
  std::size_t lines = 0;
  for (std::size_t at = html.find("class=\"placebo\""); at != std::string::npos;
       at = html.find("class=\"placebo\"", at + 1))
    ++lines;
  EXPECT_EQ(lines, 3U * 38);
}

TEST(EvaluationCli, MpdtaAsTheDidPackageComputesIt) {
  SOFTPOWER_REQUIRE_DATA(data);
  testing::ScratchDir dir("softpower-evaluate-staggered");
  const std::string file = (data / "evaluation" / "mpdta.csv").string();
  for (const std::string control : {"never", "notyet"}) {
    for (const std::string base : {"varying", "universal"}) {
      const fs::path out = dir / (control + "-" + base);
      auto r = testing::run_cli("evaluate staggered " + file +
                                " --unit countyreal --time year --outcome lemp --cohort "
                                "first.treat --reps 0 --control " +
                                control + " --base " + base + " --out " + out.string());
      ASSERT_EQ(r.status, 0) << r.out;
      const std::map<std::string, std::string> setup = {{"control", control}, {"base", base}};
      const std::string what = control + "/" + base;
      expect_close(by_key(out / "att_gt.csv", {"group", "time"}, "att"),
                   by_key(reference("mpdta-cs/att_gt_did.csv"), {"group", "time"}, "att", setup),
                   1e-10, what + " att");
      expect_close(by_key(out / "att_gt.csv", {"group", "time"}, "se"),
                   by_key(reference("mpdta-cs/att_gt_did.csv"), {"group", "time"}, "se", setup),
                   1e-9, what + " se");
      expect_close(
          by_key(out / "aggregate.csv", {"type", "key"}, "estimate"),
          by_key(reference("mpdta-cs/aggregate_did.csv"), {"type", "key"}, "estimate", setup),
          1e-10, what + " aggregates");
    }
  }
  // The did vignette's simple ATT, and a decomposition whose weights sum to 1.
  const auto simple = by_key(dir / "never-varying" / "aggregate.csv", {"type", "key"}, "estimate");
  EXPECT_NEAR(simple.at("simple|"), -0.0400, 5e-5);
  double weights = 0;
  for (const auto& [k, w] :
       by_key(dir / "never-varying" / "bacon.csv", {"type", "treated", "control"}, "weight"))
    weights += w;
  EXPECT_NEAR(weights, 1.0, 1e-12);
}

TEST(EvaluationCli, UnusablePanelsAreRefusedSayingWhy) {
  SOFTPOWER_REQUIRE_DATA(data);
  testing::ScratchDir dir("softpower-evaluate-errors");
  const std::string p99 = (data / "evaluation" / "california_prop99.csv").string();
  const std::string base =
      " --unit State --time Year --treatment treated --out " + (dir / "out").string();
  auto r = testing::run_cli("evaluate panel " + p99 + base + " --outcome Nope");
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.out.find("Nope"), std::string::npos) << r.out;
  r = testing::run_cli("evaluate panel " + p99 + base +
                       " --outcome PacksPerCapita --estimators sdid,xyz");
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.out.find("--estimators: 'xyz' is not one of: did, sc, sdid"), std::string::npos)
      << r.out;
  r = testing::run_cli("evaluate panel " + p99 + base +
                       " --outcome PacksPerCapita --estimators sdid --estimators sdid");
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.out.find("--estimators: 'sdid' is given twice"), std::string::npos) << r.out;
  // With one treated state the jackknife is undefined: no interval, said as empty fields.
  r = testing::run_cli("evaluate panel " + p99 + base +
                       " --outcome PacksPerCapita --estimators sdid --se jackknife");
  ASSERT_EQ(r.status, 0) << r.out;
  const Table estimates = read_csv(dir / "out" / "estimates.csv");
  EXPECT_EQ(estimates.cell(0, estimates.column("se")), "");
  // A unit missing a year: the panel is unbalanced, and the message names the unit and year.
  const fs::path gap = dir / "gap.csv";
  {
    const Table t = read_csv(p99);
    std::string text = "State,Year,PacksPerCapita,treated\n";
    for (std::size_t k = 0; k < t.size(); ++k) {
      if (t.cell(k, 0) == "Utah" && t.cell(k, 1) == "1980") continue;
      text += t.cell(k, 0) + "," + t.cell(k, 1) + "," + t.cell(k, 2) + "," + t.cell(k, 3) + "\n";
    }
    write_file_atomic(gap, text);
  }
  r = testing::run_cli("evaluate panel " + gap.string() + base + " --outcome PacksPerCapita");
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.out.find("Utah"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("1980"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace softpower
