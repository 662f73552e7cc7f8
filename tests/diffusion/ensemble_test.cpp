// Ensembles: intervals, means equal to the runs' means, determinism whatever the thread count,
// and the two shipped strategies run and move attraction the way they promote.

#include "softpower/diffusion/ensemble.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>

#include "softpower/core/error.hpp"
#include "support/paths.hpp"

namespace softpower::diffusion {
namespace {

Scenario shipped(const std::string& name) {
  return load_scenario((testing::source_dir() / "examples" / "scenarios" / name).string());
}

int index_of(const Ensemble& e, const std::string& name) {
  for (std::size_t m = 0; m < e.measures.size(); ++m) {
    if (e.measures[m] == name) return static_cast<int>(m);
  }
  ADD_FAILURE() << "no measure " << name;
  return 0;
}

// Equal values, NaN equal to NaN (an asymmetry without flows).
bool same(const std::vector<std::vector<double>>& a, const std::vector<std::vector<double>>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].size() != b[i].size()) return false;
    for (std::size_t k = 0; k < a[i].size(); ++k) {
      if (a[i][k] != b[i][k] && !(std::isnan(a[i][k]) && std::isnan(b[i][k]))) return false;
    }
  }
  return true;
}

Ensemble small_ensemble(std::size_t runs, std::uint64_t seed) {
  const Scenario s = shipped("small.toml");
  Progress progress;
  return run_ensemble(
      runs, seed, scenario_measures(s), s.checkpoint_every,
      [&](std::uint64_t run_seed, Progress& p) {
        return run_scenario(s, run_seed, s.max_events, s.checkpoint_every, &p);
      },
      progress);
}

TEST(DiffusionEnsemble, NormalIntervalOfTheMean) {
  const std::vector<double> v = {1, 2, 3, 4, std::nan("")};
  const Interval i = interval95(v);
  EXPECT_EQ(i.n, 4u);
  EXPECT_DOUBLE_EQ(i.mean, 2.5);
  EXPECT_NEAR(i.sd, std::sqrt(5.0 / 3), 1e-12);
  EXPECT_NEAR(i.hi - i.mean, 1.959963984540054 * std::sqrt(5.0 / 3) / 2, 1e-12);
  EXPECT_NEAR(i.mean - i.lo, i.hi - i.mean, 1e-12);
  const std::vector<double> none = {std::nan("")};
  EXPECT_TRUE(std::isnan(interval95(none).mean));
  const std::vector<double> one = {7};
  EXPECT_EQ(interval95(one).lo, 7);
}

TEST(DiffusionEnsemble, RunsHoldTheirLastStateOnTheGrid) {
  Ensemble e;
  e.measures = {"x"};
  e.interval = 10;
  RunSeries a;
  a.times = {0, 10, 13};
  a.values = {{1}, {2}, {3}};
  RunSeries b;
  b.times = {0, 10, 20, 25};
  b.values = {{5}, {6}, {7}, {8}};
  e.runs = {a, b};
  EXPECT_EQ(e.grid(), (std::vector<std::uint64_t>{0, 10, 20, 30}));
  EXPECT_EQ(a.at(9)[0], 1);
  EXPECT_EQ(a.at(12)[0], 2);
  EXPECT_EQ(a.at(1000)[0], 3);
  const auto over = over_time(e);
  ASSERT_EQ(over.size(), 4u);
  EXPECT_DOUBLE_EQ(over[0][0].mean, 3);
  EXPECT_DOUBLE_EQ(over[2][0].mean, (3 + 7) / 2.0);
  EXPECT_DOUBLE_EQ(over[3][0].mean, (3 + 8) / 2.0);
  EXPECT_DOUBLE_EQ(at_end(e)[0].mean, (3 + 8) / 2.0);
}

TEST(DiffusionEnsemble, MeansAreTheRunsMeansAndDoNotDependOnThreads) {
  ::setenv("SOFTPOWER_THREADS", "1", 1);
  const Ensemble one = small_ensemble(6, 42);
  ::setenv("SOFTPOWER_THREADS", "3", 1);
  const Ensemble three = small_ensemble(6, 42);
  ::unsetenv("SOFTPOWER_THREADS");
  ASSERT_EQ(one.runs.size(), 6u);
  for (std::size_t r = 0; r < 6; ++r) {
    EXPECT_EQ(one.runs[r].seed, seed_of(42, r));
    EXPECT_EQ(one.runs[r].times, three.runs[r].times);
    EXPECT_TRUE(same(one.runs[r].values, three.runs[r].values)) << "run " << r;
    EXPECT_EQ(one.runs[r].events, three.runs[r].events);
  }
  const std::vector<Interval> end = at_end(one);
  for (std::size_t m = 0; m < one.measures.size(); ++m) {
    double sum = 0;
    int n = 0;
    for (const RunSeries& r : one.runs) {
      if (std::isnan(r.final()[m])) continue;
      sum += r.final()[m];
      ++n;
    }
    if (n == 0) continue;
    EXPECT_NEAR(end[m].mean, sum / n, 1e-12) << one.measures[m];
  }
  // Run r of a 6-run ensemble is run r of any ensemble from the same seed.
  const Ensemble two = small_ensemble(2, 42);
  EXPECT_TRUE(same(two.runs[1].values, one.runs[1].values));
  EXPECT_FALSE(same(small_ensemble(1, 43).runs[0].values, one.runs[0].values));
}

TEST(DiffusionEnsemble, CancellationStopsTheEnsemble) {
  const Scenario s = shipped("small.toml");
  Progress progress;
  progress.cancel();
  EXPECT_THROW(run_ensemble(
                   4, 1, scenario_measures(s), 1000,
                   [&](std::uint64_t seed, Progress& p) {
                     return run_scenario(s, seed, s.max_events, 1000, &p);
                   },
                   progress),
               Error);
}

// Both strategies raise their targets' attraction to the exporter's culture above where it
// started (the populations begin with their own national cultures), and exchange-based
// heritage promotion leaves the targets' own culture less displaced per unit of attraction
// gained than the digital campaign. Short runs (a quarter of the shipped length).
TEST(DiffusionEnsemble, TheTwoShippedStrategiesRunAndPromote) {
  for (const char* name : {"hallyu.toml", "heritage.toml"}) {
    const Scenario s = shipped(name);
    const std::string exporter = s.exporters[0].country;
    Progress progress;
    const std::uint64_t events = s.max_events / 4;
    const Ensemble e = run_ensemble(
        4, 1, scenario_measures(s), events / 10,
        [&](std::uint64_t seed, Progress& p) {
          return run_scenario(s, seed, events, events / 10, &p);
        },
        progress);
    const auto over = over_time(e);
    for (const std::string target : {"IDN", "MEX"}) {
      const int a = index_of(e, "attraction_" + target + "_" + exporter);
      const int h = index_of(e, "homogenisation_" + target);
      EXPECT_GT(over.back()[a].mean, over.front()[a].mean + 0.02) << name << " " << target;
      EXPECT_GT(over.back()[h].mean, 0) << name << " " << target;
      EXPECT_EQ(over.front()[h].mean, 0);
    }
  }
}

}  // namespace
}  // namespace softpower::diffusion
