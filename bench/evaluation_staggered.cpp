// Callaway and Sant'Anna's estimator (issue 15): mpdta (500 counties, 5 years, 12 ATT(g,t))
// with 1,000 multiplier-bootstrap draws, target < 100 ms; and a generated staggered panel of
// 1,000 units × 40 periods (31 cohorts and the never treated, 1,209 ATT(g,t)) with 1,000
// draws, target < 2 s. Also TWFE with the Goodman-Bacon decomposition and the Sun-Abraham
// event study on mpdta. Figures: bench/README.md.

#include <benchmark/benchmark.h>

#include <filesystem>
#include <string>

#include "../tests/support/paths.hpp"
#include "softpower/core/random.hpp"
#include "softpower/evaluation/bacon.hpp"
#include "softpower/evaluation/staggered.hpp"
#include "softpower/evaluation/sun_abraham.hpp"

namespace {

using namespace softpower;
using namespace softpower::evaluation;

const BalancedPanel* mpdta(benchmark::State& state) {
  const auto file = testing::shared_data_dir() / "evaluation" / "mpdta.csv";
  if (!std::filesystem::exists(file)) {
    state.SkipWithError("no ../shared/data/evaluation/mpdta.csv: set SOFTPOWER_DATA");
    return nullptr;
  }
  static const BalancedPanel panel =
      balance(long_panel(read_csv(file), PanelColumns{"countyreal", "year", "lemp", "first.treat"}),
              TreatmentCoding::cohort);
  return &panel;
}

/// 1,000 units over periods 1..40: cohorts 6..36 (25 units each) and 225 never treated.
const BalancedPanel& generated_panel() {
  static const BalancedPanel panel = [] {
    Rng rng(15);
    LongPanel rows;
    for (int i = 0; i < 1000; ++i) {
      const long long g = i < 775 ? 6 + i % 31 : 0;
      const double alpha = rng.normal();
      for (long long t = 1; t <= 40; ++t) {
        rows.unit.push_back("u" + std::to_string(i));
        rows.time.push_back(t);
        const double effect = (g > 0 && t >= g) ? 0.1 * static_cast<double>(t - g + 1) : 0.0;
        rows.outcome.push_back(alpha + 0.05 * static_cast<double>(t) + effect + rng.normal());
        rows.treatment.push_back(static_cast<double>(g));
      }
    }
    return balance(rows, TreatmentCoding::cohort);
  }();
  return panel;
}

void run(benchmark::State& state, const BalancedPanel& panel) {
  StaggeredOptions options;
  options.reps = 1000;
  options.seed = 1;
  std::size_t cells = 0;
  for (auto _ : state) {
    const StaggeredResult r = callaway_santanna(panel, options);
    cells = r.att_gt.size();
    benchmark::DoNotOptimize(r.critical_value);
  }
  state.counters["att_gt"] = static_cast<double>(cells);
}

void BM_CallawaySantAnnaMpdta(benchmark::State& state) {
  const BalancedPanel* panel = mpdta(state);
  if (panel != nullptr) run(state, *panel);
}
BENCHMARK(BM_CallawaySantAnnaMpdta)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_CallawaySantAnna1000x40(benchmark::State& state) {
  run(state, generated_panel());
}
BENCHMARK(BM_CallawaySantAnna1000x40)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_BaconDecompositionMpdta(benchmark::State& state) {
  const BalancedPanel* panel = mpdta(state);
  if (panel == nullptr) return;
  for (auto _ : state) benchmark::DoNotOptimize(bacon_decomposition(*panel).twfe);
}
BENCHMARK(BM_BaconDecompositionMpdta)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_SunAbrahamMpdta(benchmark::State& state) {
  const BalancedPanel* panel = mpdta(state);
  if (panel == nullptr) return;
  for (auto _ : state) benchmark::DoNotOptimize(sun_abraham(*panel).event_study.data());
}
BENCHMARK(BM_SunAbrahamMpdta)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
