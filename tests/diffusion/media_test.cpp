// Media, platforms and exporters: the strengths the scenario's budgets buy, and the dynamics'
// invariants (a field alone imposes its culture on every agent that shares a feature with it;
// zero budgets change nothing; runs depend only on the seed).

#include "softpower/diffusion/media.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "softpower/diffusion/axelrod.hpp"
#include "softpower/diffusion/ensemble.hpp"
#include "support/paths.hpp"

namespace softpower::diffusion {
namespace {

Scenario small() {
  return load_scenario((testing::source_dir() / "examples" / "scenarios" / "small.toml").string());
}

int source_named(const MediaModel& m, const std::string& label) {
  for (std::size_t s = 0; s < m.sources.size(); ++s) {
    if (m.sources[s].label == label) return static_cast<int>(s);
  }
  return -1;
}

TEST(DiffusionMedia, BudgetsBuyTheDocumentedStrengths) {
  const Scenario s = small();
  const Population pop = build_population(s, 1);
  const MediaModel m = media_model(s, pop);
  const double g10 = 1 - std::exp2(-10.0 / 50);
  // The campaign on "feed" in BBB: attention 0.1 × reach 0.8 × w / (1 + w), w = 2 · g(10).
  const int feed = source_named(m, "feed: AAA");
  ASSERT_GE(feed, 0);
  const double w = 2 * g10;
  EXPECT_NEAR(m.at(1, feed), 0.1 * 0.8 * w / (1 + w), 1e-15);
  EXPECT_EQ(m.at(0, feed), 0);  // the campaign targets BBB only
  // The broadcast: 0.02 · g(10).
  const int broadcast = source_named(m, "broadcast AAA");
  ASSERT_GE(broadcast, 0);
  EXPECT_NEAR(m.at(1, broadcast), 0.02 * g10, 1e-15);
  EXPECT_EQ(m.sources[broadcast].vector, pop.vectors[0]);
  EXPECT_EQ(m.sources[broadcast].origin, 0);
  EXPECT_EQ(m.sources.size(), 2u);
}

TEST(DiffusionMedia, OrganicContentAndStrengthsAboveOneAreScaled) {
  const Scenario s = parse_scenario(R"([scenario]
name = "t"
features = 2
traits = 3
[[country]]
code = "A"
agents = 4
degree = 0
[[country]]
code = "B"
agents = 4
degree = 0
[[platform]]
name = "p"
attention = 1.0
reach = { B = 1.0 }
organic = { A = 1.0 }
[[field]]
name = "tv"
strength = 0.9
culture = [0, 0]
countries = ["B"]
)",
                                    "t.toml");
  const Population pop = build_population(s, 1);
  const MediaModel m = media_model(s, pop);
  ASSERT_EQ(m.sources.size(), 2u);
  // In B: the field 0.9, the platform 1 · 1 · 1/(1 + 1) = 0.5; 1.4 in all, scaled to 1.
  EXPECT_NEAR(m.at(1, source_named(m, "field: tv")), 0.9 / 1.4, 1e-15);
  EXPECT_NEAR(m.at(1, source_named(m, "p: A")), 0.5 / 1.4, 1e-15);
  EXPECT_EQ(m.at(0, 0) + m.at(0, 1), 0);
}

// A field met with probability 1 by every agent of a lattice.
struct FieldOnly {
  Graph graph = lattice(10, 4, false);
  std::vector<int> country = std::vector<int>(100, 1);
  MediaModel media;
  Culture initial = random_culture(100, 5, 3, InitialTraits::uniform, 11);
  FieldOnly() {
    media.countries = 2;
    media.sources.push_back(Source{"field", {0, 1, 2, 0, 1}, 0});
    media.strength = {0.0, 1.0};
  }
};

TEST(DiffusionMedia, WithBOneEveryAgentSharingAFeatureAdoptsTheFieldCulture) {
  FieldOnly w;
  Dynamics d(w.graph, w.country, w.media, w.initial, 5);
  d.run(10'000'000);
  ASSERT_TRUE(d.is_frozen());
  std::uint64_t expected_copies = 0;
  int adopted = 0;
  for (int i = 0; i < 100; ++i) {
    int l = 0;
    for (int k = 0; k < 5; ++k) l += w.initial.agent(i)[k] == w.media.sources[0].vector[k] ? 1 : 0;
    const std::vector<Trait> now(d.culture().agent(i), d.culture().agent(i) + 5);
    if (l > 0) {
      EXPECT_EQ(now, w.media.sources[0].vector) << "agent " << i;
      expected_copies += 5 - l;
      ++adopted;
    } else {  // overlap 0: the agent never interacts with the field
      EXPECT_EQ(now, std::vector<Trait>(w.initial.agent(i), w.initial.agent(i) + 5));
    }
  }
  // q = 3, F = 5: an agent shares no feature with probability (2/3)^5 = 13%.
  EXPECT_GT(adopted, 75);
  // Every copy came from the field, whose culture is country 0's, into country 1.
  EXPECT_EQ(d.media_copies()[0 * 2 + 1], expected_copies);
  EXPECT_EQ(d.network_copies()[1 * 2 + 1], 0u);
  EXPECT_LE(d.last_change(), d.attempted());
}

// González-Avella, Cosenza and Tucci (2005): a weak field imposes its culture, a strong one
// leaves the population fragmented, because agents sharing no feature with the field are
// never reached by it and, meeting their neighbours less often, no longer converge. On a
// 10 × 10 periodic lattice, F = 5, q = 10: the share of agents holding the field's culture
// at absorption against B. With B = 1 it is exactly the share of agents that initially shared
// a feature with it, 1 − (9/10)^5 = 0.40951 in expectation.
double field_share(double b, int runs) {
  const Graph g = lattice(10, 4, true);
  const std::vector<int> country(100, 0);
  MediaModel m;
  m.countries = 1;
  m.sources.push_back(Source{"M", {0, 0, 0, 0, 0}, -1});
  m.strength = {b};
  double share = 0;
  for (int r = 0; r < runs; ++r) {
    const Culture c = random_culture(100, 5, 10, InitialTraits::uniform, seed_of(100, r));
    Dynamics d(g, country, m, c, seed_of(200, r));
    d.run(100'000'000);
    EXPECT_TRUE(d.is_frozen());
    for (int i = 0; i < 100; ++i) {
      const Trait* a = d.culture().agent(i);
      share += std::all_of(a, a + 5, [](Trait t) { return t == 0; }) ? 1 : 0;
    }
  }
  return share / (100.0 * runs);
}

TEST(DiffusionMedia, StrongerMediaCanWinFewerAgents) {
  const double weak = field_share(0.05, 40);
  const double strong = field_share(0.5, 40);
  const double total = field_share(1.0, 40);
  EXPECT_GT(weak, 0.85);                           // 0.945 over 200 runs
  EXPECT_LT(strong, 0.6);                          // 0.444 over 200 runs
  EXPECT_NEAR(total, 1 - std::pow(0.9, 5), 0.03);  // binomial SE over 4,000 agents: 0.008
  EXPECT_GT(weak, strong + 0.25);
}

TEST(DiffusionMedia, PausingDoesNotChangeTheRun) {
  const Scenario s = small();
  const Population pop = build_population(s, 2);
  const MediaModel m = media_model(s, pop);
  Dynamics once(pop.graph, pop.country, m, pop.culture, 9);
  once.run(30'000);
  Dynamics paused(pop.graph, pop.country, m, pop.culture, 9);
  for (std::uint64_t t = 1'234; t < 30'000; t += 1'234) paused.run(t);
  paused.run(30'000);
  EXPECT_EQ(once.culture().t, paused.culture().t);
  EXPECT_EQ(once.media_copies(), paused.media_copies());
  EXPECT_EQ(once.network_copies(), paused.network_copies());
  Dynamics other(pop.graph, pop.country, m, pop.culture, 10);
  other.run(30'000);
  EXPECT_NE(other.culture().t, once.culture().t);
}

TEST(DiffusionMedia, ZeroBudgetIsThePlainModelOnTheSameNetwork) {
  Scenario with = small();
  for (ChannelSpec& c : with.exporters[0].channels) c.budget = 0;
  Scenario without = with;
  without.exporters.clear();
  for (std::uint64_t seed : {1u, 2u, 3u}) {
    const RunSeries a = run_scenario(with, seed, 40'000, 4'000);
    const RunSeries b = run_scenario(without, seed, 40'000, 4'000);
    EXPECT_EQ(a.events, b.events);
    EXPECT_EQ(a.absorbed, b.absorbed);
    ASSERT_EQ(a.times, b.times);
    for (std::size_t p = 0; p < a.times.size(); ++p) {
      // regions, smax, diversity and diversity drop of both countries come first in both.
      for (std::size_t k = 0; k < 6; ++k) EXPECT_EQ(a.values[p][k], b.values[p][k]);
    }
  }
  // And with no sources at all the dynamics is Axelrod's on the scenario's network: the same
  // law as the Axelrod engine's (mean regions at absorption agree within sampling error).
  const Population pop = build_population(without, seed_of(4, 0));
  const MediaModel none = media_model(without, pop);
  ASSERT_TRUE(none.sources.empty());
  std::vector<double> ours, theirs;
  const int runs = 60;
  for (int r = 0; r < runs; ++r) {
    Dynamics d(pop.graph, pop.country, none, pop.culture, seed_of(5, r));
    d.run(50'000'000);
    ASSERT_TRUE(d.is_frozen());
    ours.push_back(regions(pop.graph, d.culture()).count);
    Culture c = pop.culture;
    AxelrodParams p;
    p.algorithm = AxelrodAlgorithm::random_sequential;
    const AxelrodResult res = run_axelrod(pop.graph, c, p, seed_of(6, r));
    ASSERT_TRUE(res.absorbed);
    theirs.push_back(res.regions);
  }
  const Interval a = interval95(ours), b = interval95(theirs);
  const double se = std::sqrt(a.sd * a.sd / runs + b.sd * b.sd / runs);
  EXPECT_NEAR(a.mean, b.mean, 4 * se + 0.01) << a.mean << " vs " << b.mean;
  EXPECT_GT(a.mean, 1.5);  // the network does not simply order (a real test of the law)
}

// Broadcasts carry culture one way, exchange ties both ways: with no other cross-country
// ties, a broadcast-only strategy has flow asymmetry exactly +1 from the exporter, an
// exchange-only one about 0 (two populations alike in size and cohesion).
TEST(DiffusionMedia, BroadcastsFlowOneWayExchangesBothWays) {
  Scenario s = small();
  s.ties.clear();
  s.countries[1].culture = {0, 4, 3, 2};  // shares feature 0 with AAA's, so broadcasts can reach
  Scenario broadcast = s, exchange = s;
  broadcast.exporters[0].channels = {ChannelSpec{ChannelKind::broadcast, "BBB", "", 30}};
  exchange.exporters[0].channels = {ChannelSpec{ChannelKind::exchange, "BBB", "", 30}};
  const std::vector<std::string> names = scenario_measures(s);
  const auto at = [&](const std::string& name) {
    return static_cast<std::size_t>(std::find(names.begin(), names.end(), name) - names.begin());
  };
  std::vector<double> exchange_asymmetry;
  for (std::uint64_t seed = 1; seed <= 12; ++seed) {
    const RunSeries b = run_scenario(broadcast, seed, 40'000, 40'000);
    EXPECT_EQ(b.final()[at("flows_BBB_AAA")], 0);
    EXPECT_GT(b.final()[at("flows_AAA_BBB")], 0);
    EXPECT_EQ(b.final()[at("asymmetry_AAA_BBB")], 1);
    const RunSeries e = run_scenario(exchange, seed, 40'000, 40'000);
    EXPECT_GT(e.final()[at("flows_BBB_AAA")], 0);
    exchange_asymmetry.push_back(e.final()[at("asymmetry_AAA_BBB")]);
  }
  const Interval i = interval95(exchange_asymmetry);
  EXPECT_LT(std::abs(i.mean), 0.2) << i.mean;
  EXPECT_LT(i.lo, 0.05);  // 0 is within reach of the interval, not far outside
}

}  // namespace
}  // namespace softpower::diffusion
