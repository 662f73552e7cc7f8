// Speed of the full index pipeline (denominate, impute, screen, treat, normalise, aggregate)
// per run: on the ASEM example (51 units x 49 indicators, COINr's build_example_coin) and on
// a generated panel of 200 units x 100 indicators x 20 years. Figures: bench/README.md.

#include <benchmark/benchmark.h>

#include <cstdio>
#include <random>

#include "../tests/support/asem.hpp"
#include "../tests/support/paths.hpp"
#include "softpower/core/table.hpp"
#include "softpower/index/pipeline.hpp"
#include "softpower/index/spec.hpp"

namespace {

using namespace softpower;

void BM_AsemFullPipeline(benchmark::State& state) {
  const auto data = testing::shared_data_dir();
  if (!std::filesystem::is_directory(data)) {
    state.SkipWithError("no ../shared/data: set SOFTPOWER_DATA");
    return;
  }
  const testing::AsemIndex asem = testing::asem_index(data);
  const auto& pipeline = asem.pipeline;
  const auto& input = asem.input;
  for (auto _ : state) {
    index::IndexResult result = pipeline.run(input);
    benchmark::DoNotOptimize(result.years.front().scores.data());
  }
  state.SetLabel("51 units x 49 indicators, 4 levels");
}
BENCHMARK(BM_AsemFullPipeline)->Unit(benchmark::kMicrosecond);

// 200 units, 100 indicators in 10 pillars of 10, 2 sub-indices, 20 years; skewed log-normal
// values with 5% missing, so that imputation and outlier treatment have work to do.
std::string generated_spec() {
  std::string s = "[index]\nname = \"generated\"\nyears = [";
  for (int y = 2001; y <= 2020; ++y) s += std::to_string(y) + (y < 2020 ? ", " : "]\n");
  s += "[data]\ndatasets = [\"gen\"]\n[steps.impute]\nmethod = \"mean\"\n[steps.screen]\nby = "
       "\"na\"\nthreshold = 0.5\n";
  s += "[[aggregate]]\ncode = \"Index\"\n[[aggregate]]\ncode = \"S1\"\nparent = "
       "\"Index\"\n[[aggregate]]\ncode = \"S2\"\nparent = \"Index\"\n";
  for (int p = 0; p < 10; ++p) {
    s += "[[aggregate]]\ncode = \"P" + std::to_string(p) + "\"\nparent = \"" +
         (p < 5 ? "S1" : "S2") + "\"\n";
  }
  for (int i = 0; i < 100; ++i) {
    s += "[[indicator]]\ncode = \"i" + std::to_string(i) + "\"\nparent = \"P" +
         std::to_string(i / 10) + "\"\n";
    if (i % 7 == 0) s += "direction = -1\n";
  }
  return s;
}

void BM_GeneratedPanelFullPipeline(benchmark::State& state) {
  const index::Spec spec = index::parse_spec(generated_spec(), "generated.toml");
  std::mt19937_64 rng(42);
  std::lognormal_distribution<double> value(0.0, 1.0);
  std::uniform_real_distribution<double> u01(0.0, 1.0);
  PanelBuilder b;
  for (int u = 0; u < 200; ++u) {
    for (int i = 0; i < 100; ++i) {
      for (int y = 2001; y <= 2020; ++y) {
        b.set("U" + std::to_string(u), "i" + std::to_string(i), y,
              u01(rng) < 0.05 ? NAN : value(rng));
      }
    }
  }
  const std::map<std::string, Panel> datasets = {{"gen", b.build()}};
  const index::Pipeline pipeline(spec);
  const index::IndexInput input = index::assemble_input(spec, datasets);
  for (auto _ : state) {
    index::IndexResult result = pipeline.run(input);
    benchmark::DoNotOptimize(result.years.back().scores.data());
  }
  state.SetLabel("200 units x 100 indicators x 20 years");
}
BENCHMARK(BM_GeneratedPanelFullPipeline)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
