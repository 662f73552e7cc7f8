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
  EXPECT_NE(r.out.find("--country: 'XXX' is not a country code"), std::string::npos) << r.out;
  r = testing::run_cli("--json perception series --country USA --measure events --data " +
                       data.string());
  ASSERT_EQ(r.status, 0) << r.out;
  const json s = json::parse(r.out.substr(r.out.find("{\n")));
  ASSERT_FALSE(s["points"].empty());
  for (const auto& p : s["points"]) EXPECT_EQ(p["value"].get<double>(), p["events"].get<double>());
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

}  // namespace
}  // namespace softpower
