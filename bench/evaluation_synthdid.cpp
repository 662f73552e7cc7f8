// Speed of synthetic DiD on California's Proposition 99 (38 controls, 19 pre-periods, 12
// post-periods): one estimate of each method (the weights' Frank–Wolfe searches and τ̂), and
// the placebo standard error with 200 replications, on all worker threads and on one; the
// bootstrap (200) and jackknife standard errors with five treated states.
// Figures and the R synthdid 0.0.9 comparison (bench/peers/synthdid_prop99.R): bench/README.md.

#include <benchmark/benchmark.h>

#include <cstdlib>

#include "../tests/evaluation/synth_prop99.hpp"
#include "../tests/support/paths.hpp"
#include "softpower/core/parallel.hpp"
#include "softpower/evaluation/synthdid.hpp"

namespace {

using namespace softpower;
using namespace softpower::evaluation;

const testing::Prop99& prop99() {
  static const testing::Prop99 p = testing::load_prop99(testing::shared_data_dir());
  return p;
}

void BM_Estimate(benchmark::State& state) {
  const auto method = static_cast<SynthdidMethod>(state.range(0));
  const SynthdidPanel& panel = prop99().panel;
  SynthdidFit fit;
  for (auto _ : state) {
    fit = synthdid_fit(panel, method);
    benchmark::DoNotOptimize(fit.omega.data());
  }
  state.SetLabel(std::string(method_name(method)) + " = " + std::to_string(fit.estimate) +
                 ", steps ω " + std::to_string(fit.omega_iterations) + ", λ " +
                 std::to_string(fit.lambda_iterations));
}
BENCHMARK(BM_Estimate)
    ->Arg(static_cast<int>(SynthdidMethod::sdid))
    ->Arg(static_cast<int>(SynthdidMethod::sc))
    ->Arg(static_cast<int>(SynthdidMethod::did))
    ->Unit(benchmark::kMicrosecond);

void BM_PlaceboSe(benchmark::State& state) {
  const auto method = static_cast<SynthdidMethod>(state.range(0));
  const SynthdidPanel& panel = prop99().panel;
  const SynthdidFit fit = synthdid_fit(panel, method);
  SynthdidSeResult se;
  for (auto _ : state) {
    se = synthdid_se(panel, fit, SynthdidSe::placebo, 200, 1);
    benchmark::DoNotOptimize(se.replications.data());
  }
  state.SetLabel(std::string(method_name(method)) + " placebo SE (200) = " + std::to_string(se.se) +
                 " on " + std::to_string(worker_count()) + " threads");
}
BENCHMARK(BM_PlaceboSe)
    ->Arg(static_cast<int>(SynthdidMethod::sdid))
    ->Arg(static_cast<int>(SynthdidMethod::sc))
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

void BM_BootstrapAndJackknifeSe(benchmark::State& state) {
  // Prop 99 with five treated states, as tests/reference/evaluation/prop99's `prop99-5`: the
  // bootstrap and jackknife need two treated units.
  const auto method = static_cast<SynthdidSe>(state.range(0));
  static const testing::Prop99 five =
      testing::load_prop99(testing::shared_data_dir(),
                           {"California", "Virginia", "West Virginia", "Wisconsin", "Wyoming"});
  const SynthdidFit fit = synthdid_fit(five.panel, SynthdidMethod::sdid);
  SynthdidSeResult se;
  for (auto _ : state) {
    se = synthdid_se(five.panel, fit, method, 200, 1);
    benchmark::DoNotOptimize(se.replications.data());
  }
  state.SetLabel(std::string(method == SynthdidSe::bootstrap ? "bootstrap (200)" : "jackknife") +
                 " SE = " + std::to_string(se.se) + " on " + std::to_string(worker_count()) +
                 " threads");
}
BENCHMARK(BM_BootstrapAndJackknifeSe)
    ->Arg(static_cast<int>(SynthdidSe::bootstrap))
    ->Arg(static_cast<int>(SynthdidSe::jackknife))
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
