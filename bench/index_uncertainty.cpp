// Speed of what issue 3 promises: one full-pipeline replication of ASEM (target < 100 us on
// one core), 10,000 replications of a generated 150-unit x 60-indicator index (target < 2 s
// on 2 cores), and instant reweighting of 200 units (target < 1 ms). Figures: bench/README.md.

#include <benchmark/benchmark.h>

#include <random>

#include "../tests/support/asem.hpp"
#include "../tests/support/paths.hpp"
#include "softpower/core/sampling.hpp"
#include "softpower/core/table.hpp"
#include "softpower/index/reweight.hpp"
#include "softpower/index/spec.hpp"
#include "softpower/index/uncertainty.hpp"

namespace {

using namespace softpower;

// A generated index: `units` units, `pillars` pillars of `per_pillar` indicators under two
// sub-indices; skewed log-normal data with 3% missing; uncertainty over pillar weights
// (±25%), treatment on/off, two normalisations and leaving one indicator out.
struct Generated {
  index::Spec spec;
  std::map<std::string, Panel> datasets;
};

Generated generate(int units, int pillars, int per_pillar) {
  std::string s = "[index]\nname = \"generated\"\nyear = 2020\n[data]\ndatasets = [\"gen\"]\n";
  s += "[steps.impute]\nmethod = \"mean\"\n";
  s += "[uncertainty]\ntreatment = true\nleave_one_out = true\n";
  s += "normalisation = [{ method = \"minmax\", range = [0, 100] }, { method = \"zscore\", mean = "
       "50, sd = 10 }]\n";
  s += "[[uncertainty.weights]]\nlevel = 2\nnoise = 0.25\n";
  s += "[[aggregate]]\ncode = \"Index\"\n[[aggregate]]\ncode = \"S1\"\nparent = "
       "\"Index\"\n[[aggregate]]\ncode = \"S2\"\nparent = \"Index\"\n";
  for (int p = 0; p < pillars; ++p) {
    s += "[[aggregate]]\ncode = \"P" + std::to_string(p) + "\"\nparent = \"" +
         (p < pillars / 2 ? "S1" : "S2") + "\"\n";
  }
  for (int i = 0; i < pillars * per_pillar; ++i) {
    s += "[[indicator]]\ncode = \"i" + std::to_string(i) + "\"\nparent = \"P" +
         std::to_string(i / per_pillar) + "\"\n";
  }
  Generated g{index::parse_spec(s, "generated.toml"), {}};
  std::mt19937_64 rng(42);
  std::lognormal_distribution<double> value(0.0, 1.0);
  std::uniform_real_distribution<double> u01(0.0, 1.0);
  PanelBuilder b;
  for (int u = 0; u < units; ++u) {
    for (int i = 0; i < pillars * per_pillar; ++i) {
      b.set("U" + std::to_string(u), "i" + std::to_string(i), 2020,
            u01(rng) < 0.03 ? NAN : value(rng));
    }
  }
  g.datasets["gen"] = b.build();
  return g;
}

void BM_AsemReplication(benchmark::State& state) {
  const auto data = testing::shared_data_dir();
  if (!std::filesystem::is_directory(data)) {
    state.SkipWithError("no ../shared/data: set SOFTPOWER_DATA");
    return;
  }
  const testing::AsemIndex asem = testing::asem_index(data);
  const auto& pipeline = asem.pipeline;
  const auto& input = asem.input;
  const index::UncertaintyDesign design(pipeline);
  const Eigen::MatrixXd sample = unit_sample(1024, design.dimensions(), Sampling::sobol, 1);
  std::size_t i = 0;
  for (auto _ : state) {
    const index::IndexResult r =
        pipeline.run(input, design.variant(sample.row(static_cast<Eigen::Index>(i++ % 1024))));
    benchmark::DoNotOptimize(r.years.front().scores.data());
  }
  state.SetLabel("51 units x 49 indicators, one replication on one core");
}
BENCHMARK(BM_AsemReplication)->Unit(benchmark::kMicrosecond);

void BM_TenThousandReplications(benchmark::State& state) {
  const Generated g = generate(150, 6, 10);
  const index::Pipeline pipeline(g.spec);
  const index::IndexInput input = index::assemble_input(g.spec, g.datasets);
  index::MonteCarloOptions options;
  options.runs = 10000;
  Progress quiet;
  for (auto _ : state) {
    const index::UncertaintyResult r = index::uncertainty_analysis(pipeline, input, options, quiet);
    benchmark::DoNotOptimize(r.ranks.data());
  }
  state.SetLabel("150 units x 60 indicators, 10,000 replications, all cores");
}
BENCHMARK(BM_TenThousandReplications)->Unit(benchmark::kMillisecond)->Iterations(3)->UseRealTime();

void BM_Reweight200Units(benchmark::State& state) {
  const Generated g = generate(200, 8, 10);
  const index::Pipeline pipeline(g.spec);
  const index::IndexInput input = index::assemble_input(g.spec, g.datasets);
  const index::IndexResult result = pipeline.run(input);
  const index::Reweighter reweighter(pipeline, result.years.front());
  std::vector<double> w = reweighter.weights({});
  std::size_t i = 0;
  for (auto _ : state) {
    w[static_cast<std::size_t>(pipeline.framework().level(2)[i++ % 8])] =
        0.5 + static_cast<double>(i % 7) / 4;
    const index::Ranking r = reweighter.rank(w);
    benchmark::DoNotOptimize(r.order.data());
  }
  state.SetLabel("200 units x 80 indicators, new weights to new ranking");
}
BENCHMARK(BM_Reweight200Units)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
