// `evaluate panel` and `evaluate staggered` on the command line, on the shared data: the files
// they write hold the reference implementations' numbers (synthdid 0.0.9 on Proposition 99,
// the R package did 2.5.1 on mpdta, R's Synth and Abadie et al. (2010) on the smoking data
// with covariates, stored in tests/reference/evaluation/ with the scripts that made them), and
// unusable input is refused naming what is wrong.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "evaluation/synth_smoking.hpp"
#include "softpower/core/table.hpp"
#include "softpower/evaluation/synth.hpp"
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

// The smoking data of Abadie et al. (2010) with a column `treated` (California from 1989), as
// `evaluate panel` reads a panel, written to `file`; `edit` may change each row's cells
// (state, year, cigsale, lnincome, beer, age15to24, retprice, treated) first.
void write_smoking(const fs::path& data, const fs::path& file,
                   const std::function<void(std::vector<std::string>&)>& edit = {}) {
  const Table t = read_csv(data / "evaluation" / "smoking_abadie2010.csv");
  std::string text = "state,year,cigsale,lnincome,beer,age15to24,retprice,treated\n";
  for (std::size_t r = 0; r < t.size(); ++r) {
    std::vector<std::string> cells;
    for (std::size_t c = 0; c < 7; ++c) cells.push_back(t.cell(r, c));
    cells.emplace_back(cells[0] == "California" && t.number(r, 1) >= 1989 ? "1" : "0");
    if (edit) edit(cells);
    for (std::size_t c = 0; c < cells.size(); ++c) text += (c > 0 ? "," : "") + cells[c];
    text += "\n";
  }
  write_file_atomic(file, text);
}

const std::string kTableOne =
    " --unit state --time year --outcome cigsale --treatment treated --covariates "
    "lnincome,age15to24,retprice --covariates beer --covariates-from 1980 --lags 1975,1980,1988";

TEST(EvaluationCli, SyntheticCaliforniaWithTheCovariatesOfTableOne) {
  // ADH's Table 1 predictors through the command: the weights of the paper's Table 2 and a
  // pre-period fit no worse than R's Synth 1.1-8 (as tests/evaluation/synth_test.cpp asks of
  // the library), the library's own W and V on the same predictors, and p = 1/39.
  SOFTPOWER_REQUIRE_DATA(data);
  testing::ScratchDir dir("softpower-evaluate-covariates");
  write_smoking(data, dir / "smoking.csv");
  const fs::path out = dir / "out";
  auto r = testing::run_cli("--json evaluate panel " + (dir / "smoking.csv").string() + kTableOne +
                            " --estimators sc --se none --out " + out.string() + " 2>/dev/null");
  ASSERT_EQ(r.status, 0) << r.out;
  const nlohmann::json result = nlohmann::json::parse(r.out);
  ASSERT_EQ(result["estimates"].size(), 1U);
  const nlohmann::json& sc = result["estimates"][0];
  EXPECT_EQ(sc["estimator"], "sc-cov");
  EXPECT_TRUE(sc["se"].is_null());
  EXPECT_DOUBLE_EQ(sc["permutation_p"].get<double>(), 1.0 / 39);
  EXPECT_NE(sc["note"].get<std::string>().find("did and sdid use the outcome only"),
            std::string::npos);

  const auto weights =
      by_key(out / "unit_weights.csv", {"unit"}, "weight", {{"estimator", "sc-cov"}});
  ASSERT_EQ(weights.size(), 38U);
  const std::map<std::string, double> paper = {{"Colorado", 0.164},
                                               {"Connecticut", 0.069},
                                               {"Montana", 0.199},
                                               {"Nevada", 0.234},
                                               {"Utah", 0.334}};
  for (const auto& [state, w] : paper) EXPECT_NEAR(weights.at(state), w, 0.01) << state;
  // The library on the predictors built by hand (synth_smoking.hpp), its columns in the
  // command's unit order (controls as first seen in the file, then California: the search for
  // V is exact only for one order of the donors), gives the same W and V.
  const testing::Smoking s = testing::load_smoking(data);
  std::vector<Eigen::Index> order;
  const Table file = read_csv(dir / "smoking.csv");
  for (std::size_t k = 0; k < file.size(); ++k) {
    const auto u = static_cast<Eigen::Index>(
        std::find(s.states.begin(), s.states.end(), file.cell(k, 0)) - s.states.begin());
    if (u != s.california && std::find(order.begin(), order.end(), u) == order.end())
      order.push_back(u);
  }
  order.push_back(s.california);
  ASSERT_EQ(order.size(), 39U);
  evaluation::SynthPanel ordered = s.panel;
  ordered.predictors = s.panel.predictors(Eigen::all, order);
  ordered.outcomes = s.panel.outcomes(Eigen::all, order);
  const evaluation::SynthFit fit = evaluation::synth_fit(ordered, 38);
  for (std::size_t d = 0; d < fit.donors.size(); ++d) {
    const std::string& state =
        s.states[static_cast<std::size_t>(order[static_cast<std::size_t>(fit.donors[d])])];
    EXPECT_NEAR(weights.at(state), fit.weights[static_cast<Eigen::Index>(d)], 1e-9) << state;
  }
  const std::vector<std::string> names = {"lnincome",       "age15to24",       "retprice",
                                          "beer",           "cigsale in 1975", "cigsale in 1980",
                                          "cigsale in 1988"};
  ASSERT_EQ(sc["predictors"].size(), names.size());
  for (std::size_t k = 0; k < names.size(); ++k) {
    const nlohmann::json& p = sc["predictors"][k];
    EXPECT_EQ(p["predictor"], names[k]);
    EXPECT_NEAR(p["weight"].get<double>(), fit.predictor_weights[static_cast<Eigen::Index>(k)],
                1e-9)
        << names[k];
    EXPECT_NEAR(p["treated"].get<double>(),
                s.panel.predictors(static_cast<Eigen::Index>(k), s.california), 1e-9)
        << names[k];
  }
  // The pre-period fit (paths.csv) is Synth's or better; by 2000 the gap is about −26 packs
  // (the paper's Figure 3); the estimate is the mean gap after 1988.
  const Table paths = read_csv(out / "paths.csv");
  ASSERT_EQ(paths.size(), 31U);
  double pre = 0, post = 0;
  for (std::size_t k = 0; k < paths.size(); ++k) {
    const double gap = paths.number(k, 2) - paths.number(k, 3);
    if (paths.number(k, 1) < 1989) pre += gap * gap / 19;
    if (paths.number(k, 1) >= 1989) post += gap / 12;
    if (paths.number(k, 1) == 2000) EXPECT_NEAR(gap, -26, 3);
  }
  EXPECT_LE(pre, read_csv(reference("smoking/loss.csv")).number(0, 0) * (1 + 1e-3));
  const Table estimates = read_csv(out / "estimates.csv");
  ASSERT_EQ(estimates.size(), 1U);
  EXPECT_EQ(estimates.cell(0, 0), "sc-cov");
  EXPECT_NEAR(estimates.number(0, 1), post, 1e-9);
  EXPECT_EQ(estimates.cell(0, estimates.column("se")), "");
  EXPECT_DOUBLE_EQ(estimates.number(0, estimates.column("p_value")), 1.0 / 39);
  // No time weights; every state in placebos.csv, California's ratio the largest.
  EXPECT_EQ(read_csv(out / "time_weights.csv").size(), 0U);
  const auto ratios = by_key(out / "placebos.csv", {"unit"}, "ratio", {{"estimator", "sc-cov"}});
  ASSERT_EQ(ratios.size(), 39U);
  for (const auto& [state, ratio] : ratios) {
    if (state != "California") EXPECT_LT(ratio, ratios.at("California")) << state;
  }
  // The page shows V beside the treated and synthetic values, and says what did and sdid are.
  const std::string html = testing::slurp(out / "evaluation.html");
  EXPECT_NE(html.find("<h3>Predictors</h3>"), std::string::npos);
  EXPECT_NE(html.find("<td>cigsale in 1975</td>"), std::string::npos);
  EXPECT_NE(html.find("The estimators did and sdid use the outcome only."), std::string::npos);
}

TEST(EvaluationCli, CovariatesItCannotUseAreRefusedSayingWhy) {
  SOFTPOWER_REQUIRE_DATA(data);
  testing::ScratchDir dir("softpower-evaluate-covariates-errors");
  const fs::path file = dir / "smoking.csv";
  write_smoking(data, file);
  const fs::path out = dir / "out";
  const auto refused = [&](const fs::path& panel, const std::string& options) {
    auto r = testing::run_cli("evaluate panel " + panel.string() +
                              " --unit state --time year --outcome cigsale --treatment treated "
                              "--se none --out " +
                              out.string() + " " + options);
    EXPECT_EQ(r.status, 1) << options;
    EXPECT_FALSE(fs::exists(out)) << options;
    return r.out;
  };
  std::string e = refused(file, "--covariates lnincome,nope");
  // A covariate column the file lacks is found when the panel is read, naming the column.
  EXPECT_NE(e.find("smoking.csv:1: field 'nope': column not found in the header"),
            std::string::npos)
      << e;
  e = refused(file, "--lags 1975,1990");
  EXPECT_NE(e.find("--lags: outcome lag 1990 is not a pre-treatment period (1970–1988)"),
            std::string::npos)
      << e;
  e = refused(file, "--covariates beer --estimators did,sdid");
  EXPECT_NE(e.find("add sc to --estimators"), std::string::npos) << e;
  e = refused(file, "--lags 1988 --covariates-from 1980");
  EXPECT_NE(e.find("--covariates-from: give --covariates"), std::string::npos) << e;
  // Utah's beer never observed before 1989.
  const fs::path no_beer = dir / "no-beer.csv";
  write_smoking(data, no_beer, [](std::vector<std::string>& row) {
    if (row[0] == "Utah" && std::stoi(row[1]) < 1989) row[4].clear();
  });
  e = refused(no_beer, "--covariates retprice,beer");
  EXPECT_NE(e.find("field 'beer': unit 'Utah' has no value of this covariate in the "
                   "pre-treatment periods 1970–1988"),
            std::string::npos)
      << e;
  // Utah treated from 1989 too: ADH's method has one treated unit.
  const fs::path two = dir / "two.csv";
  write_smoking(data, two, [](std::vector<std::string>& row) {
    if (row[0] == "Utah" && std::stoi(row[1]) >= 1989) row[7] = "1";
  });
  e = refused(two, "--covariates retprice");
  EXPECT_NE(e.find("needs exactly one treated unit, not 2"), std::string::npos) << e;
  EXPECT_NE(e.find("Utah"), std::string::npos) << e;
  EXPECT_NE(e.find("California"), std::string::npos) << e;
}

TEST(EvaluationCli, SyntheticControlWithPredictorsOfTwoControlsHasNoPlacebos) {
  // t is the midpoint of a and b in its covariate and its pre-treatment outcomes: W = (½, ½),
  // the synthetic t is 4 and 5 after treatment against 4 and 9, an effect of 2. With two
  // controls no placebo has two donors of its own: no placebos, no p-value.
  testing::ScratchDir dir("softpower-evaluate-covariates-small");
  write_file_atomic(dir / "small.csv",
                    "unit,year,y,d,x\n"
                    "a,1,1,0,1\na,2,2,0,2\na,3,3,0,3\na,4,4,0,4\n"
                    "b,1,3,0,5\nb,2,4,0,6\nb,3,5,0,7\nb,4,6,0,8\n"
                    "t,1,2,0,3\nt,2,3,0,4\nt,3,4,1,5\nt,4,9,1,6\n");
  const fs::path out = dir / "out";
  auto r = testing::run_cli("evaluate panel " + (dir / "small.csv").string() +
                            " --unit unit --time year --outcome y --treatment d --covariates x "
                            "--estimators sc --se none --out " +
                            out.string());
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("no in-space placebos with fewer than 3 controls"), std::string::npos)
      << r.out;
  const Table estimates = read_csv(out / "estimates.csv");
  ASSERT_EQ(estimates.size(), 1U);
  EXPECT_EQ(estimates.cell(0, 0), "sc-cov");
  EXPECT_NEAR(estimates.number(0, 1), 2, 1e-9);
  EXPECT_EQ(estimates.cell(0, estimates.column("p_value")), "");
  const auto weights = by_key(out / "unit_weights.csv", {"unit"}, "weight");
  EXPECT_NEAR(weights.at("a"), 0.5, 1e-9);
  EXPECT_NEAR(weights.at("b"), 0.5, 1e-9);
  EXPECT_EQ(read_csv(out / "placebos.csv").size(), 1U);  // t's own row
}

}  // namespace
}  // namespace softpower
