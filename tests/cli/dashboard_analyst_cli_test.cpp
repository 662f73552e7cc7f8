// The analyst's reads of the dashboard on the command line (ops/dashboard_analyst.cpp): the
// indices there are, a unit's every indicator held against the tables `index build` writes,
// and an index's method with its effective weights.

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <set>

#include "softpower/core/table.hpp"
#include "support/cli.hpp"
#include "support/cli_json.hpp"
#include "support/data.hpp"
#include "support/paths.hpp"
#include "support/scratch.hpp"

namespace softpower {
namespace {

using nlohmann::json;

json answer(const std::string& command) {
  return testing::run_cli_json(command);
}

TEST(DashboardAnalystCli, IndexListNamesTheExampleSpecsWithTheirYears) {
  const json list = answer("index list");
  std::set<std::string> specs;
  for (const auto& i : list["indices"]) {
    specs.insert(i["spec"].get<std::string>());
    EXPECT_FALSE(i["own"].get<bool>());  // no server index on the command line
    if (i["spec"] == "elcano.toml") {
      EXPECT_EQ(i["name"], "Elcano Global Presence Index");
      EXPECT_EQ(i["years"], json({1990, 1995, 2000, 2005, 2010, 2011, 2012, 2013}));
    }
  }
  EXPECT_EQ(specs.count("asem.toml"), 1u);
  EXPECT_EQ(specs.count("soft-power.toml"), 1u);
  EXPECT_EQ(specs.count("small.toml"), 0u);  // a scenario, in a folder of its own
}

// Brunei in COINr's ASEM example: ten values missing and imputed by its group's mean. Every
// raw value is Raw.csv's, every flag follows from the step tables `index build` writes, every
// score is Normalised.csv's.
TEST(DashboardAnalystCli, IndexCountryHoldsTheBuildsTables) {
  SOFTPOWER_REQUIRE_DATA(data);
  testing::ScratchDir dir;
  const std::string spec = (testing::source_dir() / "examples" / "asem.toml").string();
  const auto built = testing::run_cli("index build " + spec + " --data " + data.string() +
                                      " --out " + (dir / "asem").string());
  ASSERT_EQ(built.status, 0) << built.out;
  const json c = answer("index country " + spec + " --country BRN --data " + data.string());
  EXPECT_EQ(c["name"], "Brunei");
  EXPECT_EQ(c["of"], 51);
  ASSERT_EQ(c["indicators"].size(), 49u);
  const auto table = [&](const std::string& name) {
    return read_csv(dir / "asem" / "datasets" / (name + ".csv"));
  };
  const Table raw = table("Raw"), imputed = table("Imputed"), treated = table("Treated"),
              normalised = table("Normalised");
  const auto row_of = [](const Table& t) {
    for (std::size_t r = 0; r < t.size(); ++r)
      if (t.cell(r, 0) == "BRN") return r;
    ADD_FAILURE() << "no BRN in " << t.source;
    return std::size_t{0};
  };
  std::size_t missing = 0;
  for (const json& ind : c["indicators"]) {
    const std::string code = ind["code"];
    const double r = raw.number(row_of(raw), raw.column(code));
    const double imp = imputed.number(row_of(imputed), imputed.column(code));
    const std::set<std::string> flags(ind["flags"].begin(), ind["flags"].end());
    if (std::isnan(r)) {
      ++missing;
      EXPECT_TRUE(ind["raw"].is_null()) << code;
      EXPECT_TRUE(flags.count("missing") && flags.count("imputed")) << code;
      EXPECT_EQ(ind["imputed_by"], "Imputed") << code;
    } else {
      EXPECT_DOUBLE_EQ(ind["raw"].get<double>(), r) << code;
      EXPECT_EQ(flags.count("imputed"), 0u) << code;
    }
    const double tr = treated.number(row_of(treated), treated.column(code));
    EXPECT_EQ(flags.count("treated") == 1, tr != imp) << code;
    EXPECT_DOUBLE_EQ(ind["score"].get<double>(),
                     normalised.number(row_of(normalised), normalised.column(code)))
        << code;
    EXPECT_EQ(ind["source"]["dataset"], "asem") << code;
  }
  EXPECT_EQ(missing, 10u);
  EXPECT_EQ(c["coverage"],
            json({{"indicators", 49}, {"observed", 39}, {"imputed", 10}, {"missing", 0}}));
  const auto r = testing::run_cli("index country " + spec + " --country FRA --year 2018 --data " +
                                  data.string());
  EXPECT_EQ(r.status, 0) << r.out;
  const auto bad =
      testing::run_cli("index country " + spec + " --country USA --data " + data.string());
  EXPECT_EQ(bad.status, 1);
  EXPECT_NE(bad.out.find("--country: USA is not a unit of ASEM"), std::string::npos) << bad.out;
}

// Effective weights are the products down the tree of each weight over its siblings' sum:
// ASEM's Conn has five sub-pillars, Physical eight indicators (1/2 x 1/5 x 1/8); Sust three,
// Social nine (1/2 x 1/3 x 1/9).
TEST(DashboardAnalystCli, IndexMethodGivesEffectiveWeightsStepsAndSources) {
  SOFTPOWER_REQUIRE_DATA(data);
  const std::string spec = (testing::source_dir() / "examples" / "asem.toml").string();
  const json m = answer("index method " + spec + " --data " + data.string());
  double leaves = 0;
  for (const json& n : m["framework"]) {
    if (n["code"] == "LPI") EXPECT_DOUBLE_EQ(n["effective_weight"].get<double>(), 0.0125);
    if (n["code"] == "CPI") EXPECT_NEAR(n["effective_weight"].get<double>(), 1.0 / 54, 1e-15);
    if (n["code"] == "Index") EXPECT_EQ(n["effective_weight"], 1.0);
    if (n["indicator"]) leaves += n["effective_weight"].get<double>();
  }
  EXPECT_NEAR(leaves, 1.0, 1e-12);
  std::vector<std::string> steps;
  for (const json& s : m["steps"]) steps.push_back(s["step"]);
  EXPECT_EQ(steps, (std::vector<std::string>{"denominate", "impute", "screen", "treat", "normalise",
                                             "aggregate"}));
  EXPECT_EQ(m["steps"][1]["settings"]["method"], "group_mean");
  EXPECT_EQ(m["steps"][1]["settings"]["group"], "EurAsia_group");
  EXPECT_EQ(m["sources"][0]["dataset"], "asem");
  EXPECT_EQ(m["sources"][0]["producer_url"], "https://composite-indicators.jrc.ec.europa.eu/");
  EXPECT_TRUE(m["uncertainty"]["treatment"].get<bool>());
  EXPECT_EQ(m["units"], 51);
}

// Every year of Elcano for two countries: each point is that year's `index scores` row.
TEST(DashboardAnalystCli, IndexSeriesIsEachYearsScores) {
  SOFTPOWER_REQUIRE_DATA(data);
  const std::string spec = (testing::source_dir() / "examples" / "elcano.toml").string();
  const json s = answer("index series " + spec + " --countries DEU,CHN --data " + data.string());
  EXPECT_EQ(s["years"], json({1990, 1995, 2000, 2005, 2010, 2011, 2012, 2013}));
  ASSERT_EQ(s["units"].size(), 2u);
  EXPECT_EQ(s["units"][1]["name"], "China");
  for (int year : {1990, 2013}) {
    const json scores =
        answer(fmt::format("index scores {} --year {} --data {}", spec, year, data.string()));
    for (const json& u : s["units"]) {
      const json* row = nullptr;
      for (const json& r : scores["units"])
        if (r["iso3"] == u["iso3"]) row = &r;
      ASSERT_NE(row, nullptr);
      bool found = false;
      for (const json& p : u["points"]) {
        if (p["year"] != year) continue;
        found = true;
        EXPECT_EQ(p["score"], (*row)["score"]);
        EXPECT_EQ(p["rank"], (*row)["rank"]);
        EXPECT_EQ(p["pillars"], (*row)["pillars"]);
        EXPECT_EQ(p["of"], scores["units"].size());
      }
      EXPECT_TRUE(found) << u["iso3"] << " " << year;
    }
  }
  const auto bad =
      testing::run_cli("index series " + spec + " --countries LIE --data " + data.string());
  EXPECT_EQ(bad.status, 1);
  EXPECT_NE(bad.out.find("--countries: LIE is not a unit of Elcano"), std::string::npos) << bad.out;
}

// A spec naming network measures (`network-igo`) is built for the dashboard as `index build`
// builds it: before, the dashboard read only the plain readers and refused it ("unknown reader
// 'network-igo'"), so the index picker listed an index that could not be shown.
TEST(DashboardAnalystCli, TheDashboardBuildsASpecWithNetworkMeasures) {
  SOFTPOWER_REQUIRE_DATA(data);
  const std::string spec =
      (testing::source_dir() / "examples" / "soft-power-connections.toml").string();
  const json s = answer("index scores " + spec + " --data " + data.string());
  const auto& pillars = s["pillars"];
  EXPECT_NE(std::find(pillars.begin(), pillars.end(), "connections"), pillars.end());
  EXPECT_GT(s["units"].size(), 100u);
  EXPECT_FALSE(s["units"][0]["pillars"]["connections"].is_null());
}

}  // namespace
}  // namespace softpower
