// Sweeps (diffusion/sweep, docs/diffusion.md "Sweeps"): the grid as written, strict errors that
// name the parameter, scenario values set by key path and alias and checked as a file is.

#include "softpower/diffusion/sweep.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "softpower/core/error.hpp"
#include "support/paths.hpp"

namespace softpower::diffusion {
namespace {

std::string message_of(const std::vector<std::string>& items) {
  try {
    (void)parse_grid(items, "--grid");
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

TEST(SweepGrid, RangesIncludeTheirStopAndKeepTheirDecimals) {
  const Grid g = parse_grid({"q=50:400:25,B=0:0.1:0.01"}, "--grid");
  ASSERT_EQ(g.axes.size(), 2U);
  EXPECT_TRUE(g.axes[0].integer);
  EXPECT_EQ(g.axes[0].values.size(), 15U);
  EXPECT_EQ(g.axes[0].values.back(), 400);
  EXPECT_FALSE(g.axes[1].integer);
  ASSERT_EQ(g.axes[1].values.size(), 11U);
  EXPECT_EQ(g.axes[1].values[7], 0.07);  // not 7 × 0.01 = 0.07000000000000001
  EXPECT_EQ(g.axes[1].texts[7], "0.07");
  EXPECT_EQ(g.axes[1].values[10], 0.1);
  EXPECT_EQ(g.points(), 165U);
  // The last parameter changes fastest.
  EXPECT_EQ(g.at(0), (std::vector<std::size_t>{0, 0}));
  EXPECT_EQ(g.at(12), (std::vector<std::size_t>{1, 1}));
  EXPECT_EQ(g.at(164), (std::vector<std::size_t>{14, 10}));
  const Grid single = parse_grid({"L=12", "q=3:3:1"}, "--grid");
  EXPECT_EQ(single.points(), 1U);
}

TEST(SweepGrid, MalformedGridsAreRefusedNamingTheParameter) {
  EXPECT_EQ(message_of({"q=5:1:1"}), "--grid: q: the stop 1 is below the start 5");
  EXPECT_EQ(message_of({"q=1:5:0"}), "--grid: q: the step must be positive");
  EXPECT_EQ(message_of({"q=1:5:-1"}), "--grid: q: the step must be positive");
  EXPECT_EQ(message_of({"q=a:5:1"}), "--grid: q: 'a' is not a number");
  EXPECT_EQ(message_of({"q=1:nan:1"}), "--grid: q: 'nan' is not a number");
  EXPECT_EQ(message_of({"q=1:5"}), "--grid: q: '1:5' is not start:stop:step or a single value");
  EXPECT_EQ(message_of({"q"}), "--grid: 'q' is not name=start:stop:step or name=value");
  EXPECT_EQ(message_of({"q=1,q=2"}), "--grid: q is named twice");
  EXPECT_EQ(message_of({""}), "--grid: give at least one parameter, e.g. q=2:20:2");
  EXPECT_EQ(message_of({"q=0:1000000:1"}), "--grid: q: more than 100000 values");
  EXPECT_EQ(message_of({"q=1:1000:1,L=1:1000:1"}), "--grid: 1000000 grid points, more than 100000");
}

std::string small_scenario() {
  std::ifstream in(testing::source_dir() / "examples" / "scenarios" / "small.toml");
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(SweepScenario, ValuesAreSetByAliasAndKeyPathAndCheckedAsAFileIs) {
  const std::string text = small_scenario();
  const Scenario s =
      scenario_at(text, "small", {{"q", 8}, {"F", 4}, {"exporter[0].channel[1].budget", 5}});
  EXPECT_EQ(s.traits, 8);
  EXPECT_EQ(s.features, 4);
  EXPECT_EQ(s.exporters[0].channels[1].budget, 5);
  EXPECT_EQ(s.exporters[0].channels[0].budget, 10);  // the others as in the file
  EXPECT_EQ(s.countries[1].agents, 50);
  auto fails = [&](const std::vector<std::pair<std::string, double>>& v) {
    try {
      (void)scenario_at(text, "small", v);
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  EXPECT_EQ(fails({{"nothing.here", 1}}), "small: nothing.here names no key of the scenario file");
  EXPECT_EQ(fails({{"country[0].agents", 2.5}}),
            "small: country[0].agents takes whole numbers, not 2.5");
  EXPECT_EQ(fails({{"B", 0.1}}),
            "small: B is the strength of the scenario's fields, and it has none");
  // A value the scenario itself refuses: the national culture's trait 5 needs q > 5.
  EXPECT_NE(fails({{"q", 3}}).find("traits must be below q = 3"), std::string::npos);
  const std::string with_field =
      text + "\n[[field]]\nname = \"tv\"\nstrength = 0.2\nculture = [0, 0, 0, 0]\n";
  EXPECT_EQ(scenario_at(with_field, "small", {{"B", 0.05}}).fields[0].strength, 0.05);
}

}  // namespace
}  // namespace softpower::diffusion
