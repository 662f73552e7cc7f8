// Speed of the synthetic control with predictors on Abadie, Diamond and Hainmueller (2010)'s
// California (38 donors, 7 predictors, 19 pre-periods): the donor weights for a given V (one
// quadratic programme), the nested search for V, and the 38 in-space placebos.
// Figures: bench/README.md.

#include <benchmark/benchmark.h>

#include "../tests/evaluation/synth_smoking.hpp"
#include "../tests/support/paths.hpp"
#include "softpower/evaluation/synth.hpp"

namespace {

using namespace softpower;
using namespace softpower::evaluation;

const testing::Smoking& smoking() {
  static const testing::Smoking s = testing::load_smoking(testing::shared_data_dir());
  return s;
}

void BM_SynthFit(benchmark::State& state) {
  SynthFit fit;
  for (auto _ : state) {
    fit = synth_fit(smoking().panel, smoking().california);
    benchmark::DoNotOptimize(fit.weights.data());
  }
  state.SetLabel("pre-period MSPE " + std::to_string(fit.loss_v) + " after " +
                 std::to_string(fit.evaluations) + " evaluations");
}
BENCHMARK(BM_SynthFit)->Unit(benchmark::kMillisecond);

void BM_SynthPlacebos(benchmark::State& state) {
  SynthPlacebos p;
  for (auto _ : state) {
    p = synth_placebos(smoking().panel, smoking().california);
    benchmark::DoNotOptimize(p.p_value);
  }
  state.SetLabel("p = " + std::to_string(p.p_value));
}
BENCHMARK(BM_SynthPlacebos)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(1);

}  // namespace

BENCHMARK_MAIN();
