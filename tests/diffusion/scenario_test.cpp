// Scenario files: the shipped ones parse, bad ones fail with one line naming file, line and
// field, and a scenario's population is what it declares.

#include "softpower/diffusion/scenario.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "softpower/core/error.hpp"
#include "support/paths.hpp"

namespace softpower::diffusion {
namespace {

std::string scenario_path(const std::string& name) {
  return (testing::source_dir() / "examples" / "scenarios" / name).string();
}

std::string error_of(const std::string& text) {
  try {
    parse_scenario(text, "bad.toml");
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

const std::string kHead = R"([scenario]
name = "t"
features = 3
traits = 4
[[country]]
code = "A"
agents = 10
[[country]]
code = "B"
agents = 10
)";

TEST(DiffusionScenario, TheShippedScenariosParse) {
  const Scenario hallyu = load_scenario(scenario_path("hallyu.toml"));
  EXPECT_EQ(hallyu.countries.size(), 4u);
  EXPECT_EQ(hallyu.agents(), 1600);
  EXPECT_EQ(hallyu.platforms.size(), 2u);
  ASSERT_EQ(hallyu.exporters.size(), 1u);
  EXPECT_EQ(hallyu.exporters[0].country, "KOR");
  double campaigns = 0;
  for (const ChannelSpec& c : hallyu.exporters[0].channels) {
    if (c.kind == ChannelKind::campaign) campaigns += c.budget;
  }
  EXPECT_EQ(campaigns, 90);  // digital first

  const Scenario heritage = load_scenario(scenario_path("heritage.toml"));
  ASSERT_EQ(heritage.exporters.size(), 1u);
  EXPECT_EQ(heritage.exporters[0].country, "JPN");
  double exchanges = 0;
  for (const ChannelSpec& c : heritage.exporters[0].channels) {
    EXPECT_NE(c.kind, ChannelKind::campaign);
    if (c.kind == ChannelKind::exchange) exchanges += c.budget;
  }
  EXPECT_EQ(exchanges, 60);
  // Same world, same budget: only the strategy differs.
  EXPECT_EQ(heritage.agents(), hallyu.agents());
  EXPECT_EQ(heritage.exporters[0].budget, hallyu.exporters[0].budget);
  EXPECT_EQ(heritage.max_events, hallyu.max_events);

  const Scenario rivals = load_scenario(scenario_path("rivals.toml"));
  ASSERT_EQ(rivals.exporters.size(), 2u);
  EXPECT_EQ(rivals.exporters[0].channels.size(), hallyu.exporters[0].channels.size());
  EXPECT_EQ(rivals.exporters[1].channels.size(), heritage.exporters[0].channels.size());
  EXPECT_EQ(rivals.agents(), hallyu.agents());

  const Scenario small = load_scenario(scenario_path("small.toml"));
  EXPECT_EQ(small.features, 4);
  EXPECT_EQ(small.traits, 6);
  EXPECT_EQ(small.max_events, 40000u);
  EXPECT_EQ(small.checkpoint_every, 4000u);
  EXPECT_EQ(small.exporters[0].channels.size(), 3u);
}

TEST(DiffusionScenario, BudgetBuysEffectWithDiminishingReturns) {
  Economics e;
  e.half_budget = 50;
  EXPECT_EQ(e.saturation(0), 0);
  EXPECT_DOUBLE_EQ(e.saturation(50), 0.5);
  EXPECT_DOUBLE_EQ(e.saturation(100), 0.75);
  EXPECT_NEAR(e.saturation(10), 1 - std::exp2(-0.2), 1e-15);
  EXPECT_LT(e.saturation(1e6), 1.0 + 1e-15);
}

TEST(DiffusionScenario, BadFilesGiveOneLineNamingFileLineAndField) {
  EXPECT_EQ(error_of("[scenario]\nname = \"x\"\nfeatures = \"five\"\n"),
            "bad.toml:3: field 'scenario.features': must be an integer");
  EXPECT_EQ(error_of(kHead + "[[country]]\ncode = \"A\"\n"),
            "bad.toml:12: field 'country[3].code': repeats 'A'");
  EXPECT_EQ(
      error_of(kHead + "[[exporter]]\ncountry = \"A\"\nbudget = 10\n[[exporter.channel]]\n"
                       "kind = \"campaign\"\ntarget = \"B\"\nplatform = \"tv\"\nbudget = 5\n"),
      "bad.toml:17: field 'exporter[1].channel[1].platform': no platform 'tv'");
  EXPECT_EQ(error_of(kHead + "[[exporter]]\ncountry = \"A\"\nbudget = 10\n[[exporter.channel]]\n"
                             "kind = \"exchange\"\ntarget = \"B\"\nbudget = 15\n"),
            "bad.toml:13: field 'exporter[1].budget': the channels spend 15, more than the budget "
            "10");
  EXPECT_EQ(error_of(kHead + "[[exporter]]\ncountry = \"A\"\n[[exporter.channel]]\n"
                             "kind = \"radio\"\ntarget = \"B\"\n"),
            "bad.toml:14: field 'exporter[1].channel[1].kind': unknown channel 'radio' (expected "
            "one of: exchange, campaign, broadcast)");
  EXPECT_EQ(error_of(kHead + "[[field]]\nstrength = 1.5\nculture = [0, 1, 2]\n"),
            "bad.toml:12: field 'field[1].strength': must be between 0 and 1, not 1.5");
  EXPECT_EQ(error_of(kHead + "[[field]]\nstrength = 0.5\nculture = [0, 1]\n"),
            "bad.toml:13: field 'field[1].culture': must be an array of 3 traits (one per "
            "feature)");
  EXPECT_EQ(error_of(kHead + "[[ties]]\nbetween = [\"A\", \"C\"]\ncount = 3\n"),
            "bad.toml:12: field 'ties[1].between': no country 'C' in the scenario");
  EXPECT_EQ(error_of(kHead + "colour = 1\n"),
            "bad.toml:11: field 'country[2].colour': unknown key (expected one of: code, name, "
            "agents, degree, rewire, cohesion, culture)");
  // A TOML syntax error: toml++'s description, at its line.
  const std::string syntax = error_of("[scenario]\nname = \"x\"\nfeatures = = 3\n");
  EXPECT_EQ(syntax.rfind("bad.toml:3: ", 0), 0u) << syntax;
  EXPECT_EQ(syntax.find('\n'), std::string::npos);
  EXPECT_THROW(load_scenario("/nonexistent/s.toml"), Error);
}

TEST(DiffusionScenario, ThePopulationIsWhatTheScenarioDeclares) {
  const Scenario s = load_scenario(scenario_path("small.toml"));
  const Population pop = build_population(s, 7);
  ASSERT_EQ(pop.graph.size(), 100);
  EXPECT_EQ(pop.first, (std::vector<int>{0, 50}));
  EXPECT_EQ(pop.country[49], 0);
  EXPECT_EQ(pop.country[50], 1);
  // Declared cultures are the countries' vectors.
  EXPECT_EQ(pop.vectors[0], (std::vector<Trait>{0, 1, 2, 3}));
  EXPECT_EQ(pop.vectors[1], (std::vector<Trait>{5, 4, 3, 2}));
  // A saturated exchange would add 200 ties; 10 of 50 budget units buy 1 − 2^(−0.2) of it.
  ASSERT_EQ(pop.exchange_ties.size(), 1u);
  EXPECT_EQ(pop.exchange_ties[0], 26);  // round(200 · 0.12945)
  int across = 0, within = 0;
  for (int i = 0; i < 100; ++i) {
    for (int j : pop.graph.of(i)) {
      if (j < i) continue;
      (pop.country[i] == pop.country[j] ? within : across) += 1;
    }
  }
  EXPECT_EQ(within, 2 * 50 * 4 / 2);  // two rings of 50 with degree 4
  EXPECT_LE(across, 5 + 26);          // background and exchange ties (repeats merge)
  EXPECT_GE(across, 29);
  // About half of the traits (cohesion 0.5 by default) equal the national culture, more with
  // the chance of a uniform draw hitting it: 0.5 + 0.5/6 = 0.583.
  int national = 0;
  for (int i = 0; i < 50; ++i) {
    for (int k = 0; k < 4; ++k) national += pop.culture.agent(i)[k] == pop.vectors[0][k] ? 1 : 0;
  }
  EXPECT_NEAR(national / 200.0, 0.583, 0.1);
  // Depends only on the seed.
  const Population again = build_population(s, 7);
  EXPECT_EQ(again.culture.t, pop.culture.t);
  EXPECT_EQ(again.graph.neighbours, pop.graph.neighbours);
  EXPECT_NE(build_population(s, 8).culture.t, pop.culture.t);
}

TEST(DiffusionScenario, UndeclaredVectorsAreTheModeOfTheInitialPopulation) {
  const Scenario s = parse_scenario(kHead + "cohesion = 1.0\n", "t.toml");
  const Population pop = build_population(s, 3);
  // Country B has cohesion 1: every agent holds the national culture, which is then the mode.
  for (int i = 10; i < 20; ++i) {
    EXPECT_EQ(std::vector<Trait>(pop.culture.agent(i), pop.culture.agent(i) + 3), pop.vectors[1]);
  }
  // Country A (cohesion 0.5): the vector is the most common trait of each feature.
  for (int k = 0; k < 3; ++k) {
    std::vector<int> count(4, 0);
    for (int i = 0; i < 10; ++i) ++count[pop.culture.agent(i)[k]];
    EXPECT_EQ(count[pop.vectors[0][k]], *std::max_element(count.begin(), count.end()));
  }
}

}  // namespace
}  // namespace softpower::diffusion
