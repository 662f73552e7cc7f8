// The bridged ideal-point model (docs/alignment-ideal-points.md, "Bridged model"): roll calls
// that are one resolution across sessions share their item parameters. Recovery of known
// positions from a small simulated panel whose states drift together (which neither separate
// session fits nor the random walk alone can place on one scale), the report of the shared
// items, and the invariant that without bridges the bridged fit is the dynamic fit.

#include <gtest/gtest.h>

#include <cmath>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include "softpower/alignment/ideal_points.hpp"
#include "softpower/core/stats.hpp"

namespace softpower::alignment {
namespace {

constexpr std::size_t kStates = 80, kSessions = 10, kShared = 15, kOwn = 15;

std::string state_code(std::size_t i) {
  return "S" + std::to_string(1000 + i);
}

// Positions x[session][state]: a random walk (steps of sd 0.1) around a common drift of +0.15
// per session, so that the whole assembly moves; each session votes on the kShared items
// (one resolution each, the same parameters in every session) and on kOwn items of its own.
struct Panel {
  std::vector<std::vector<double>> x;
  RollCallVotes votes;
};

Panel simulate_panel(bool titled, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal(0, 1);
  std::uniform_real_distribution<double> uniform(0, 1);
  Panel panel;
  panel.x.assign(kSessions, std::vector<double>(kStates));
  for (std::size_t i = 0; i < kStates; ++i) {
    panel.x[0][i] = normal(rng);
    for (std::size_t s = 1; s < kSessions; ++s)
      panel.x[s][i] = panel.x[s - 1][i] + 0.15 + 0.1 * normal(rng);
  }
  struct Item {
    double a, b, p;
  };
  auto draw_item = [&] {
    const double tau = 1 + 2 * uniform(rng);
    const double beta = (uniform(rng) < 0.5 ? -1 : 1) * (0.7 + 1.3 * uniform(rng));
    const double alpha = tau * (0.5 + 0.6 * normal(rng));
    return Item{alpha / tau, beta / tau, tau * tau};
  };
  std::vector<Item> shared;
  for (std::size_t g = 0; g < kShared; ++g) shared.push_back(draw_item());
  std::vector<RollCall> calls;
  std::vector<Item> items;
  for (std::size_t s = 0; s < kSessions; ++s) {
    for (std::size_t j = 0; j < kShared + kOwn; ++j) {
      RollCall c;
      c.id = static_cast<int>(calls.size()) + 1;
      c.session = static_cast<int>(s) + 1;
      c.year = 1945 + c.session;
      if (titled) {
        c.long_description = j < kShared ? "Shared resolution " + std::to_string(j)
                                         : "Resolution " + std::to_string(c.id);
      }
      calls.push_back(c);
      items.push_back(j < kShared ? shared[j] : draw_item());
    }
  }
  std::vector<std::string> countries;
  for (std::size_t i = 0; i < kStates; ++i) countries.push_back(state_code(i));
  panel.votes = RollCallVotes(calls, countries);
  for (std::size_t r = 0; r < calls.size(); ++r) {
    const auto s = static_cast<std::size_t>(calls[r].session) - 1;
    for (std::size_t i = 0; i < kStates; ++i) {
      const double z =
          items[r].a + items[r].b * panel.x[s][i] + normal(rng) / std::sqrt(items[r].p);
      panel.votes.set(i, r, z < 0 ? Vote::no : z < 1 ? Vote::abstain : Vote::yes);
    }
  }
  return panel;
}

IdealPointResult fit(const Panel& panel, bool dynamic, bool bridged, bool every = false) {
  IdealPointOptions o;
  o.anchor = state_code(0);
  o.dynamic = dynamic;
  o.bridged = bridged;
  o.prior_every_session = every;
  o.threads = 2;
  Progress quiet;
  return estimate_ideal_points(panel.votes, o, quiet);
}

// Correlation with the truth over every (session, state), the fit's sign matched to it.
double pooled_recovery(const IdealPointResult& r, const Panel& panel) {
  std::vector<double> truth, estimate;
  for (const IdealPoint& p : r.points) {
    const auto i = static_cast<std::size_t>(std::stoi(p.country.substr(1)) - 1000);
    truth.push_back(panel.x[static_cast<std::size_t>(p.session) - 1][i]);
    estimate.push_back(p.x);
  }
  EXPECT_EQ(truth.size(), kStates * kSessions);
  return std::abs(stats::pearson(truth, estimate));
}

TEST(IdealPointBridged, RecoversADriftingPanelOnOneScale) {
  const Panel panel = simulate_panel(true, 41);
  const IdealPointResult bridged = fit(panel, false, true);
  const IdealPointResult dynamic = fit(panel, true, false);
  const IdealPointResult separate = fit(panel, false, false);
  EXPECT_EQ(bridged.model, "bridged");
  EXPECT_TRUE(bridged.dynamic);
  ASSERT_EQ(bridged.sessions.size(), kSessions);
  EXPECT_TRUE(bridged.sessions[0].converged);
  const double rb = pooled_recovery(bridged, panel), rd = pooled_recovery(dynamic, panel),
               rs = pooled_recovery(separate, panel);
  std::cout << "pooled correlation with the truth: bridged " << rb << ", dynamic " << rd
            << ", separate sessions " << rs << "; bridged " << bridged.sessions[0].iterations
            << " iterations\n";
  EXPECT_GE(rb, 0.98);
  EXPECT_GT(rb, rs);
  EXPECT_GT(rb, rd);
  // The common drift (+0.15 a session: 1.35 from the first session to the last, 1.3 sd of
  // the first session's positions) is recovered, in sd units of the fit's first session
  // (1.17); each separate fit is centred on its own and the walk alone cannot see it (0.10
  // and 0.04).
  const double sign = panel.x[0][0] > 0 ? 1 : -1;  // the anchor's side is positive
  auto drift = [&](const IdealPointResult& r) {
    double first = 0, last = 0, square = 0;
    for (const IdealPoint& p : r.points) {
      if (p.session == 1) first += sign * p.x / kStates;
      if (p.session == 1) square += p.x * p.x / kStates;
      if (p.session == static_cast<int>(kSessions)) last += sign * p.x / kStates;
    }
    return (last - first) / std::sqrt(square - first * first);
  };
  std::cout << "drift in sd of the first session: bridged " << drift(bridged) << ", dynamic "
            << drift(dynamic) << ", separate " << drift(separate) << "\n";
  EXPECT_GT(drift(bridged), 0.9);
  EXPECT_LT(std::abs(drift(dynamic)), 0.3);
  EXPECT_LT(std::abs(drift(separate)), 0.3);
  // Every pair of sessions shares the kShared resolutions (none is without variation).
  ASSERT_EQ(bridged.shared.size(), kSessions * (kSessions - 1) / 2);
  for (const SharedItems& s : bridged.shared) {
    EXPECT_LT(s.a, s.b);
    EXPECT_EQ(s.items, kShared) << s.a << "-" << s.b;
  }
  for (const SessionFit& s : bridged.sessions) EXPECT_EQ(s.bridged, kShared) << s.session;
  EXPECT_TRUE(dynamic.shared.empty());
  for (const SessionFit& s : dynamic.sessions) EXPECT_EQ(s.bridged, 0U);
}

TEST(IdealPointBridged, WithoutBridgesItIsTheDynamicModel) {
  // Titles all different: no bridge. The bridged fit is then the dynamic fit with the position
  // prior at every session, to the last bit.
  const Panel panel = simulate_panel(false, 43);
  const IdealPointResult bridged = fit(panel, false, true);
  const IdealPointResult dynamic = fit(panel, true, false, true);
  EXPECT_TRUE(bridged.shared.empty());
  ASSERT_EQ(bridged.points.size(), dynamic.points.size());
  for (std::size_t k = 0; k < bridged.points.size(); ++k)
    ASSERT_EQ(bridged.points[k].x, dynamic.points[k].x) << k;
  EXPECT_EQ(bridged.sessions[0].iterations, dynamic.sessions[0].iterations);
  // The prior at every session is a different model from Martin and Quinn's walk.
  const IdealPointResult walk = fit(panel, true, false);
  EXPECT_NE(walk.points[0].x, dynamic.points[0].x);
}

}  // namespace
}  // namespace softpower::alignment
