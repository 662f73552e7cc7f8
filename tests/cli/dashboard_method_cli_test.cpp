// The dashboard's method choices on the command line (ops/dashboard_method.cpp): with the spec's
// own choices `index choices` is the index; with another normalisation or treatment it is the
// `index build` of the spec edited to it; a bad choice is one clear line naming its parameter.

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

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

std::string example(const std::string& name) {
  return (testing::source_dir() / "examples" / name).string();
}

// With every choice the spec's, each unit's rank and score are those of `index scores` (the
// built index) exactly, and no unit moves: for one year of a panel (built alone from the
// screened table), and for Elcano, whose normalisation reads 2010 (built for every year).
TEST(DashboardMethodCli, TheSpecsOwnChoicesAreTheIndex) {
  SOFTPOWER_REQUIRE_DATA(data);
  const std::vector<std::pair<std::string, int>> cases = {
      {"asem.toml", 2018}, {"elcano.toml", 1995}, {"soft-power.toml", 2005}};
  for (const auto& [spec, year] : cases) {
    const std::string args =
        fmt::format("{} --year {} --data {}", example(spec), year, data.string());
    const json scores = answer("index scores " + args);
    const json choices = answer("index choices " + args);
    ASSERT_EQ(choices["ranking"].size(), scores["units"].size()) << spec;
    EXPECT_EQ(choices["moved"], 0) << spec;
    EXPECT_EQ(choices["largest_shift"], 0) << spec;
    EXPECT_EQ(choices["years_built"], spec == "elcano.toml" ? 8 : 1) << spec;
    for (std::size_t k = 0; k < scores["units"].size(); ++k) {
      const json& a = scores["units"][k];
      const json& b = choices["ranking"][k];
      EXPECT_EQ(b["iso3"], a["iso3"]) << spec << " " << k;
      EXPECT_EQ(b["rank"], a["rank"]) << spec << " " << a["iso3"];
      EXPECT_EQ(b["nominal_rank"], a["rank"]) << spec << " " << a["iso3"];
      EXPECT_EQ(b["score"], a["score"]) << spec << " " << a["iso3"];
    }
  }
}

// The index's score and rank per unit in scores.csv of `index build` (the root's rows).
std::map<std::string, std::pair<double, double>> built_root(const std::filesystem::path& csv,
                                                            const std::string& root, int year) {
  const Table t = read_csv(csv);
  const std::size_t unit = t.column("unit"), code = t.column("code"), score = t.column("score"),
                    rank = t.column("rank");
  const auto year_col = t.find_column("year");
  std::map<std::string, std::pair<double, double>> out;
  for (std::size_t r = 0; r < t.size(); ++r) {
    if (t.cell(r, code) != root) continue;
    if (year_col && t.number(r, *year_col) != year) continue;
    out[std::string(t.cell(r, unit))] = {t.number(r, score), t.number(r, rank)};
  }
  return out;
}

void expect_build_of_edited_spec(const std::string& spec_name, const std::string& from,
                                 const std::string& to, const std::string& choices,
                                 const std::string& root, int year) {
  SOFTPOWER_REQUIRE_DATA(data);
  testing::ScratchDir dir;
  std::string text = read_file(example(spec_name));
  ASSERT_NE(text.find(from), std::string::npos) << from;
  text.replace(text.find(from), from.size(), to);
  const auto edited = dir / spec_name;
  std::ofstream(edited) << text;
  const auto built = testing::run_cli(fmt::format(
      "index build {} --data {} --out {}", edited.string(), data.string(), (dir / "out").string()));
  ASSERT_EQ(built.status, 0) << built.out;
  const auto expected = built_root(dir / "out" / "scores.csv", root, year);
  const json got = answer(fmt::format("index choices {} --year {} --data {} {}", example(spec_name),
                                      year, data.string(), choices));
  ASSERT_EQ(got["ranking"].size(), expected.size());
  std::size_t moved = 0;
  for (const json& u : got["ranking"]) {
    const auto it = expected.find(u["iso3"].get<std::string>());
    ASSERT_NE(it, expected.end()) << u["iso3"];
    EXPECT_DOUBLE_EQ(u["score"].get<double>(), it->second.first) << u["iso3"];
    EXPECT_EQ(u["rank"].get<double>(), it->second.second) << u["iso3"];
    moved += u["rank"] != u["nominal_rank"] ? 1 : 0;
  }
  EXPECT_EQ(got["moved"], moved);
  EXPECT_GT(moved, 0U);  // the choice matters, so the comparison above can fail
}

TEST(DashboardMethodCli, AnotherNormalisationIsTheBuildOfTheEditedSpec) {
  expect_build_of_edited_spec("asem.toml", "method = \"minmax\"\nrange = [0, 100]",
                              "method = \"prank\"", "--normalise prank", "Index", 2018);
}

// Elcano has no treat step: winsorising adds one before its normalisation, which reads 2010.
TEST(DashboardMethodCli, AddedTreatmentIsTheBuildOfTheEditedSpec) {
  expect_build_of_edited_spec(
      "elcano.toml", "order = [\"normalise\", \"aggregate\"]",
      "order = [\"treat\", \"normalise\", \"aggregate\"]\n\n[steps.treat]\nmethod = "
      "\"winsorise\"\nwinmax = 5\nfallback = \"log\"",
      "--treat winsorise", "iepg", 1990);
}

TEST(DashboardMethodCli, OneLevelsAggregationIsTheBuildOfTheEditedSpec) {
  expect_build_of_edited_spec("asem.toml", "[steps.aggregate]\nmethod = \"arithmetic\"",
                              "[steps.aggregate]\nmethod = \"arithmetic\"\n\n[[steps.aggregate."
                              "level]]\nlevel = 3\nmethod = \"copeland\"",
                              "--aggregate copeland --level 3", "Index", 2018);
}

// The weights of the weight sliders apply too: with the spec's choices the answer is `index
// ranking`'s for those weights.
TEST(DashboardMethodCli, WeightsGiveTheReweightedRanking) {
  SOFTPOWER_REQUIRE_DATA(data);
  const std::string args = example("asem.toml") + " --weights Conn=3 --data " + data.string();
  const json reweighted = answer("index ranking " + args);
  const json choices = answer("index choices " + args);
  ASSERT_EQ(choices["ranking"].size(), reweighted["ranking"].size());
  for (std::size_t k = 0; k < choices["ranking"].size(); ++k) {
    EXPECT_EQ(choices["ranking"][k]["iso3"], reweighted["ranking"][k]["iso3"]);
    EXPECT_EQ(choices["ranking"][k]["rank"], reweighted["ranking"][k]["rank"]);
    EXPECT_DOUBLE_EQ(choices["ranking"][k]["score"].get<double>(),
                     reweighted["ranking"][k]["score"].get<double>());
  }
  EXPECT_GT(choices["moved"].get<int>(), 0);
}

TEST(DashboardMethodCli, BadChoicesAreOneLineNamingTheParameter) {
  SOFTPOWER_REQUIRE_DATA(data);
  const std::string spec = example("asem.toml") + " --data " + data.string();
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"--normalise goalposts", "--normalise"},
      {"--treat boxcox", "--treat"},
      {"--aggregate copeland --level 1", "--level: 1 is not an aggregation level"},
      {"--aggregate copeland --level 5", "--level: 5 is not an aggregation level"},
      {"--aggregate geometric",
       "--aggregate: with these choices the index cannot be built: " + example("asem.toml") +
           ": field 'Physical': aggregating 'Physical': geometric mean needs positive values"},
      {"--weights Nope=2", "--weights: "},
      {"--year 1999", "--year"}};
  for (const auto& [given, expected] : cases) {
    const auto r = testing::run_cli("index choices " + spec + " " + given);
    EXPECT_NE(r.status, 0) << given;
    EXPECT_NE(r.out.find(expected), std::string::npos) << given << "\n" << r.out;
    EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1) << given << "\n" << r.out;
  }
}

// The Sobol' job's answer on the command line: an index per input of the spec's [uncertainty],
// within [lo, hi], and the same seed gives the same indices.
TEST(DashboardMethodCli, SobolAnswersEachInput) {
  SOFTPOWER_REQUIRE_DATA(data);
  const std::string args = example("asem.toml") + " --runs 16 --seed 4 --data " + data.string();
  const json a = answer("index sobol " + args);
  EXPECT_EQ(a["year"], 2018);
  EXPECT_EQ(a["base_runs"], 16);
  ASSERT_GE(a["inputs"].size(), 2U);
  for (const json& in : a["inputs"]) {
    EXPECT_LE(in["ST_lo"].get<double>(), in["ST"].get<double>()) << in["input"];
    EXPECT_GE(in["ST_hi"].get<double>(), in["ST"].get<double>()) << in["input"];
  }
  EXPECT_EQ(answer("index sobol " + args)["inputs"], a["inputs"]);
}

// A spec saved in the workspace by a recorded run is listed by its name and built from its saved
// text, even when its file is gone; a saved copy of an example is not listed twice.
TEST(DashboardMethodCli, SavedSpecsAreListedByNameAndBuiltFromTheirText) {
  SOFTPOWER_REQUIRE_DATA(data);
  testing::ScratchDir dir;
  std::string text = read_file(example("asem.toml"));
  const std::string name = "name = \"ASEM Sustainable Connectivity (COINr example)\"";
  ASSERT_NE(text.find(name), std::string::npos);
  text.replace(text.find(name), name.size(), "name = \"My ASEM variant\"");
  const auto mine = dir / "my-index.toml";
  std::ofstream(mine) << text;
  const std::string env = "SOFTPOWER_WORKSPACE=" + (dir / "w.workspace").string() + " ";
  for (const std::string& spec : {mine.string(), example("asem.toml")}) {
    const auto r = testing::run_command(env + testing::cli_path() + " index uncertainty " + spec +
                                        " --runs 4 --data " + data.string() + " --out " +
                                        (dir / "u").string());
    ASSERT_EQ(r.status, 0) << r.out;
  }
  std::filesystem::remove(mine);
  const auto run = [&](const std::string& command) {
    const auto r = testing::run_command(env + testing::cli_path() + " --json " + command);
    EXPECT_EQ(r.status, 0) << r.out;
    return json::parse(r.out.substr(r.out.find('{')));
  };
  const json list = run("index list");
  std::vector<json> saved;
  for (const json& i : list["indices"]) {
    if (i.contains("saved")) saved.push_back(i);
  }
  ASSERT_EQ(saved.size(), 1U) << list.dump();  // asem's saved text is examples/asem.toml's
  EXPECT_EQ(saved[0]["name"], "My ASEM variant");
  EXPECT_EQ(saved[0]["saved"], "my-index");
  EXPECT_EQ(saved[0]["spec"], "saved:my-index");
  EXPECT_EQ(saved[0]["file"], "my-index.toml");
  // Built from the saved text: the same index as the example it copies, under its own name.
  const json scores = run("index scores --saved my-index --data " + data.string());
  const json asem = answer("index scores " + example("asem.toml") + " --data " + data.string());
  EXPECT_EQ(scores["name"], "My ASEM variant");
  EXPECT_EQ(scores["units"], asem["units"]);
  EXPECT_EQ(run("index choices --saved my-index --treat none --data " + data.string())["ranking"],
            answer("index choices " + example("asem.toml") + " --treat none --data " +
                   data.string())["ranking"]);
  const auto missing =
      testing::run_command(env + testing::cli_path() + " index scores --saved nope");
  EXPECT_NE(missing.status, 0);
  EXPECT_NE(missing.out.find("--saved: no spec 'nope' in the workspace"), std::string::npos)
      << missing.out;
}

}  // namespace
}  // namespace softpower
