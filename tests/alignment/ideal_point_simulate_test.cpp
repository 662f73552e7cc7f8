// The simulator of multi-session roll calls (alignment/ideal_point_simulate.hpp) and the
// recovery of its known positions by every ideal-point model (tests/alignment/
// ideal_point_models.hpp; docs/alignment-ideal-points.md, "Validation").

#include "softpower/alignment/ideal_point_simulate.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstddef>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "alignment/ideal_point_models.hpp"
#include "softpower/alignment/bridges.hpp"
#include "softpower/alignment/ideal_points.hpp"
#include "softpower/core/error.hpp"
#include "softpower/core/stats.hpp"

namespace softpower::alignment {
namespace {

using validation::ModelCase;

// ---------------------------------------------------------------- the simulator

TEST(IdealPointSimulation, ASeedGivesTheSameVotesAndAnotherSeedOthers) {
  RollCallSimulation o{.states = 30, .sessions = 4, .items_per_session = 12};
  const SimulatedRollCalls a = simulate_roll_calls(o);
  const SimulatedRollCalls b = simulate_roll_calls(o);
  EXPECT_TRUE(a.votes == b.votes);
  EXPECT_EQ(a.a, b.a);
  o.seed = 2;
  const SimulatedRollCalls c = simulate_roll_calls(o);
  EXPECT_FALSE(a.votes == c.votes);
}

TEST(IdealPointSimulation, TheTruthHasTheRequestedDriftMissingVotesAndEntries) {
  const RollCallSimulation o{.states = 400,
                             .sessions = 6,
                             .items_per_session = 30,
                             .drift = 0.2,
                             .missing = 0.15,
                             .late_entry = 0.2};
  const SimulatedRollCalls s = simulate_roll_calls(o);
  ASSERT_EQ(s.votes.call_count(), 6u * 30u);
  ASSERT_EQ(s.x.size(), 6u);
  // Steps of the walk: mean 0, sd 0.2 (4 sigma of the estimate's error either way).
  double sum = 0, squares = 0, n = 0, late = 0;
  for (std::size_t i = 0; i < o.states; ++i) {
    if (std::isnan(s.x[0][i])) ++late;
    for (std::size_t t = 1; t < o.sessions; ++t) {
      if (std::isnan(s.x[t - 1][i])) continue;
      const double step = s.x[t][i] - s.x[t - 1][i];
      sum += step;
      squares += step * step;
      ++n;
    }
  }
  EXPECT_NEAR(sum / n, 0, 4 * 0.2 / std::sqrt(n));
  EXPECT_NEAR(std::sqrt(squares / n), 0.2, 4 * 0.2 / std::sqrt(2 * n));
  EXPECT_NEAR(late / 400, 0.2, 4 * std::sqrt(0.2 * 0.8 / 400));
  // Cells: not a member before a state joins, absent with probability 0.15 otherwise, and
  // every vote the category of its utility's side of the thresholds (yes, abstain and no all
  // used).
  double member = 0, absent = 0;
  std::map<Vote, std::size_t> cast;
  for (std::size_t r = 0; r < s.votes.call_count(); ++r) {
    const auto t = static_cast<std::size_t>(s.votes.calls()[r].session) - 1;
    for (std::size_t i = 0; i < o.states; ++i) {
      const Vote v = s.votes.at(i, r);
      if (std::isnan(s.x[t][i])) {
        EXPECT_EQ(v, Vote::not_member);
        continue;
      }
      ++member;
      if (v == Vote::absent) ++absent;
      if (is_cast(v)) ++cast[v];
    }
  }
  EXPECT_NEAR(absent / member, 0.15, 4 * std::sqrt(0.15 * 0.85 / member));
  EXPECT_EQ(cast.size(), 3u);
}

TEST(IdealPointSimulation, BridgedItemsShareParametersAndAreFoundAsBridges) {
  // 6 bridged roll calls a session: 2 new items per session, each in 3 sessions.
  const RollCallSimulation o{
      .states = 40, .sessions = 5, .items_per_session = 20, .bridged_share = 0.3, .bridge_span = 3};
  const SimulatedRollCalls s = simulate_roll_calls(o);
  EXPECT_EQ(s.bridged_items, 8u);  // two begun in each session but the last
  std::map<std::size_t, std::vector<std::size_t>> calls_of;
  for (std::size_t r = 0; r < s.item.size(); ++r) calls_of[s.item[r]].push_back(r);
  std::size_t shared = 0;
  for (const auto& [item, calls] : calls_of) {
    if (calls.size() < 2) continue;
    ++shared;
    for (std::size_t r : calls) {
      EXPECT_EQ(s.a[r], s.a[calls[0]]);
      EXPECT_EQ(s.b[r], s.b[calls[0]]);
      EXPECT_EQ(s.p[r], s.p[calls[0]]);
      EXPECT_EQ(s.votes.calls()[r].long_description, s.votes.calls()[calls[0]].long_description);
    }
  }
  EXPECT_EQ(shared, s.bridged_items);
  // The bridge rule finds exactly these items; consecutive sessions are linked by the items
  // begun in the span - 1 = 2 sessions before the later one: 2 x 2 = 4, 2 for sessions 1-2.
  const Bridges b = find_bridges(s.votes);
  ASSERT_EQ(b.groups.size(), s.bridged_items);
  for (const BridgeGroup& g : b.groups) {
    for (std::size_t r : g.calls) EXPECT_EQ(s.item[r], s.item[g.calls[0]]);
  }
  for (const SessionLink& link : b.links) {
    if (link.b == link.a + 1) EXPECT_EQ(link.direct, link.a == 1 ? 2u : 4u) << link.a;
  }
  EXPECT_EQ(b.components.size(), 1u);
}

TEST(IdealPointSimulation, OptionsOutOfRangeAreErrors) {
  auto fails = [](void (*change)(RollCallSimulation&)) {
    RollCallSimulation o;
    change(o);
    EXPECT_THROW(simulate_roll_calls(o), Error);
  };
  fails([](RollCallSimulation& o) { o.states = 1; });
  fails([](RollCallSimulation& o) { o.sessions = 0; });
  fails([](RollCallSimulation& o) { o.bridged_share = 1.5; });
  fails([](RollCallSimulation& o) { o.bridge_span = 1; });
  fails([](RollCallSimulation& o) { o.drift = -0.1; });
  fails([](RollCallSimulation& o) { o.shift = INFINITY; });
  fails([](RollCallSimulation& o) { o.missing = 1; });
  fails([](RollCallSimulation& o) { o.late_entry = std::nan(""); });
}

// ---------------------------------------------------------------- recovery by every model

// A panel like the UN's in miniature: 100 states over 12 sessions of 40 roll calls, a quarter
// of them bridged (each in 3 sessions), steps of sd 0.15, 10% of the votes absent and 10% of
// the states joining late; with `shift`, the whole assembly moves by that much per session.
SimulatedRollCalls simulated_panel(double shift) {
  return simulate_roll_calls({.states = 100,
                              .sessions = 12,
                              .items_per_session = 40,
                              .bridged_share = 0.25,
                              .bridge_span = 3,
                              .drift = 0.15,
                              .shift = shift,
                              .missing = 0.1,
                              .late_entry = 0.1,
                              .seed = 19});
}

class IdealPointRecovery : public ::testing::TestWithParam<ModelCase> {};

// The pooled correlation of a model's positions with the truth over every country-session.
double recovery(const ModelCase& model, const SimulatedRollCalls& sim) {
  // The anchor: the state with the highest mean true position over the sessions it is in
  // throughout.
  std::size_t anchor = 0;
  double best = -1e300;
  for (std::size_t i = 0; i < sim.x[0].size(); ++i) {
    double sum = 0;
    for (const auto& session : sim.x) sum += session[i];
    if (!std::isnan(sum) && sum > best) {
      best = sum;
      anchor = i;
    }
  }
  IdealPointOptions o;
  model.choose(o);
  o.anchor = sim.votes.countries()[anchor];
  o.threads = 2;
  Progress quiet;
  const IdealPointResult r = estimate_ideal_points(sim.votes, o, quiet);

  std::vector<double> truth, estimate;
  std::map<int, std::pair<std::vector<double>, std::vector<double>>> by_session;
  for (const IdealPoint& p : r.points) {
    const auto state = static_cast<std::size_t>(std::stoi(p.country.substr(1)) - 1000);
    const double t = sim.x[static_cast<std::size_t>(p.session) - 1][state];
    EXPECT_FALSE(std::isnan(t)) << p.session << " " << p.country;
    truth.push_back(t);
    estimate.push_back(p.x);
    by_session[p.session].first.push_back(t);
    by_session[p.session].second.push_back(p.x);
  }
  double worst = 1;
  for (const auto& [session, xy] : by_session)
    worst = std::min(worst, stats::pearson(xy.first, xy.second));
  const double pooled = stats::pearson(truth, estimate);
  std::cout << model.name << ": " << truth.size()
            << " country-sessions, correlation with the truth " << pooled << " (worst session "
            << worst << ")\n";
  return pooled;
}

TEST_P(IdealPointRecovery, TheTruthOfASimulatedPanelOfSessions) {
  EXPECT_GE(recovery(GetParam(), simulated_panel(0)), GetParam().recovery);
}

// The same panel while the whole assembly moves by 0.1 per session (1.1 from the first session
// to the last): only items shared across sessions can tell this from a change of the scale's
// origin.
TEST_P(IdealPointRecovery, TheTruthOfAPanelWhoseAssemblyMoves) {
  EXPECT_GE(recovery(GetParam(), simulated_panel(0.1)), GetParam().recovery_moving);
}

INSTANTIATE_TEST_SUITE_P(Models, IdealPointRecovery, ::testing::ValuesIn(validation::models()),
                         validation::model_name);

}  // namespace
}  // namespace softpower::alignment
