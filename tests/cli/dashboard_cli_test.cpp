// The dashboard's read-only operations on the command line with --json: the same answers the
// server gives, nothing written.

#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "support/cli.hpp"
#include "support/data.hpp"
#include "support/paths.hpp"

namespace softpower {
namespace {

using nlohmann::json;

TEST(DashboardCli, CountriesAndScenariosAnswerJson) {
  auto r = testing::run_cli("--json countries list");
  ASSERT_EQ(r.status, 0) << r.out;
  const json countries = json::parse(r.out);
  ASSERT_TRUE(countries.is_array());
  bool germany = false;
  for (const auto& c : countries) {
    if (c["code"] == "DEU") {
      germany = true;
      EXPECT_EQ(c["iso_numeric"], 276);
      EXPECT_EQ(c["in_index"], false);  // no dashboard index on the command line
    }
  }
  EXPECT_TRUE(germany);
  r = testing::run_cli("--json countries list --index");
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_EQ(json::parse(r.out), json::array());
  r = testing::run_cli("--json simulation scenarios");
  ASSERT_EQ(r.status, 0) << r.out;
  bool small = false;
  for (const auto& sc : json::parse(r.out)) small |= sc["scenario"] == "scenarios/small.toml";
  EXPECT_TRUE(small);
}

TEST(DashboardCli, AlignmentAndPerceptionSeries) {
  SOFTPOWER_REQUIRE_DATA(data);
  // What the reading logs goes to stderr, which run_cli captures too: the JSON follows it.
  auto r = testing::run_cli("--json alignment series --country USA --partners FRA,CUB --data " +
                            data.string());
  ASSERT_EQ(r.status, 0) << r.out;
  const json a = json::parse(r.out.substr(r.out.find("{\n")));
  EXPECT_EQ(a["country"], "USA");
  ASSERT_EQ(a["series"].size(), 2u);
  EXPECT_GE(a["series"]["FRA"].size(), 70u);
  r = testing::run_cli("alignment series --country XXX --partners FRA --data " + data.string());
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.out.find("--country XXX: not a country code"), std::string::npos) << r.out;
  r = testing::run_cli("--json perception series --country USA --measure events --data " +
                       data.string());
  ASSERT_EQ(r.status, 0) << r.out;
  const json s = json::parse(r.out.substr(r.out.find("{\n")));
  ASSERT_FALSE(s["points"].empty());
  for (const auto& p : s["points"]) EXPECT_EQ(p["value"].get<double>(), p["events"].get<double>());
  // The tone of the four 15-minute exports: their window, every month of it without a value as
  // a gap, each point with the day its month starts, and no change point, with the reason.
  r = testing::run_cli("--json perception series --country USA --data " + data.string());
  ASSERT_EQ(r.status, 0) << r.out;
  const json tone = json::parse(r.out.substr(r.out.find("{\n")));
  EXPECT_EQ(tone["window"]["first"], "2014-10");
  EXPECT_EQ(tone["window"]["last"], "2019-10");
  EXPECT_EQ(tone["window"]["periods"], 61);
  EXPECT_EQ(tone["window"]["input_periods"], 12);
  EXPECT_EQ(tone["window"]["events"], 884);  // the US as target in the four files
  EXPECT_EQ(tone["points"].size() + tone["gaps"].size(), 61u);
  EXPECT_EQ(tone["points"][0]["period"], "2015-09");
  EXPECT_EQ(tone["points"][0]["start"], "2015-09-01");
  EXPECT_EQ(tone["gaps"][0]["period"], "2014-10");
  EXPECT_TRUE(tone["shifts"].empty());
  EXPECT_EQ(tone["minimums"]["periods"], 12);
  EXPECT_EQ(tone["minimums"]["events"], 20);
  EXPECT_EQ(tone["refused"],
            "only 4 of the 50 months from 2015-09 to 2019-10 have 20 events or more; change "
            "points need at least 12 such months, and 50% of those from the first value to the "
            "last");
}

TEST(DashboardCli, IndexScoresOfASpec) {
  SOFTPOWER_REQUIRE_DATA(data);
  const std::string asem = (testing::source_dir() / "examples" / "asem.toml").string();
  auto r = testing::run_cli("--json index scores " + asem + " --data " + data.string());
  ASSERT_EQ(r.status, 0) << r.out;
  const json s = json::parse(r.out);
  ASSERT_EQ(s["units"].size(), 51u);  // COINr's ASEM example
  EXPECT_EQ(s["units"][0]["rank"], 1);
  EXPECT_TRUE(s["intervals"].is_null());  // none computed on the command line
  r = testing::run_cli("index scores");
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.out.find("--spec: no dashboard index here"), std::string::npos) << r.out;
}

// The weight sliders' operation on the command line: the reweighted ranking of SPEC, the same
// text a server answers (tests/server/server_test.cpp checks it against the Reweighter).
TEST(DashboardCli, IndexRankingUnderNewWeights) {
  SOFTPOWER_REQUIRE_DATA(data);
  const std::string asem = (testing::source_dir() / "examples" / "asem.toml").string();
  const std::string base = "index ranking " + asem + " --data " + data.string();
  auto r = testing::run_cli(base);
  ASSERT_EQ(r.status, 0) << r.out;
  const json nominal = json::parse(r.out);
  ASSERT_EQ(nominal["ranking"].size(), 51u);
  for (const auto& u : nominal["ranking"]) EXPECT_EQ(u["rank"], u["nominal_rank"]) << u;
  r = testing::run_cli(base + " --weights Conn=10 --weights Sust=0.5 --pillars=false");
  ASSERT_EQ(r.status, 0) << r.out;
  const json changed = json::parse(r.out);
  EXPECT_EQ(changed["weights"], json({{"Conn", 10}, {"Sust", 0.5}}));
  EXPECT_FALSE(changed["ranking"][0].contains("pillars"));
  bool moved = false;
  for (const auto& u : changed["ranking"]) moved |= u["rank"] != u["nominal_rank"];
  EXPECT_TRUE(moved);
  r = testing::run_cli(base + " --weights Conn=ten");
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.out.find("--weights: not name=number: 'Conn=ten'"), std::string::npos) << r.out;
  r = testing::run_cli(base + " --weights Conn=0 --weights Sust=0");
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.out.find("--weights: the weights of every part of"), std::string::npos) << r.out;
}

// Work a server runs as a job runs at once on the command line.
TEST(DashboardCli, IntervalsAndEnsemblesRunAtOnce) {
  SOFTPOWER_REQUIRE_DATA(data);
  const std::string asem = (testing::source_dir() / "examples" / "asem.toml").string();
  auto r = testing::run_cli("--json index intervals " + asem + " --runs 30 --seed 4 --data " +
                            data.string() + " 2>/dev/null");
  ASSERT_EQ(r.status, 0) << r.out;
  const json iv = json::parse(r.out);
  EXPECT_EQ(iv["runs"], 30);
  EXPECT_EQ(iv["seed"], 4);
  ASSERT_EQ(iv["units"].size(), 51u);
  for (const auto& u : iv["units"]) {
    EXPECT_LE(u["q05"].get<double>(), u["median"].get<double>()) << u;
    EXPECT_LE(u["median"].get<double>(), u["q95"].get<double>()) << u;
    EXPECT_GE(u["q05"].get<double>(), 1.0);
    EXPECT_LE(u["q95"].get<double>(), 51.0);
  }
  const std::string small = (testing::source_dir() / "examples/scenarios/small.toml").string();
  r = testing::run_cli("--json simulation ensemble " + small + " --runs 2 --seed 3 2>/dev/null");
  ASSERT_EQ(r.status, 0) << r.out;
  const json e = json::parse(r.out);
  EXPECT_EQ(e["runs"], 2);
  EXPECT_EQ(e["series"]["regions"]["mean"].size(), e["events"].size());
  r = testing::run_cli("simulation ensemble " + small + " --runs 101");
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.out.find("--runs: must be between 1 and 100"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace softpower
