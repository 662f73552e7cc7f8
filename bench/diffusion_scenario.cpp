// Speed of the scenario dynamics (Axelrod with media fields, platforms and exporters; the
// random-sequential engine of diffusion/media.cpp): attempted interactions per second on one
// core, on the shipped Hallyu scenario (1,600 agents in four countries, three sources) and on
// a 1000 × 1000 lattice under one uniform field, and the cost of measuring a checkpoint.
// Figures: docs/diffusion-media.md.

#include <benchmark/benchmark.h>

#include "../tests/support/paths.hpp"
#include "softpower/diffusion/ensemble.hpp"
#include "softpower/diffusion/measures.hpp"
#include "softpower/diffusion/media.hpp"

namespace {

using namespace softpower;
using namespace softpower::diffusion;

Scenario hallyu() {
  return load_scenario((testing::source_dir() / "examples/scenarios/hallyu.toml").string());
}

void BM_HallyuDynamics(benchmark::State& state) {
  const Scenario s = hallyu();
  const Population pop = build_population(s, 1);
  const MediaModel media = media_model(s, pop);
  const std::uint64_t chunk = 10'000'000;
  std::uint64_t attempts = 0;
  for (auto _ : state) {
    state.PauseTiming();
    Dynamics d(pop.graph, pop.country, media, pop.culture, attempts + 1);
    state.ResumeTiming();
    d.run(chunk);
    attempts += d.attempted();
    benchmark::DoNotOptimize(d.culture().t.data());
  }
  state.counters["attempts/s"] =
      benchmark::Counter(static_cast<double>(attempts), benchmark::Counter::kIsRate);
  state.SetLabel("hallyu.toml: 1,600 agents, 4 countries, " + std::to_string(media.sources.size()) +
                 " sources");
}
BENCHMARK(BM_HallyuDynamics)->Unit(benchmark::kMillisecond)->UseRealTime();

// A million agents on a lattice with F = 5, q = 10 under one field of strength 0.01: the
// memory-bound case (an agent's traits and its neighbour's are rarely in cache).
void BM_LatticeWithField(benchmark::State& state) {
  const int side = 1000;
  const Graph g = lattice(side, 4, true);
  const std::vector<int> country(static_cast<std::size_t>(side) * side, 0);
  MediaModel media;
  media.countries = 1;
  media.sources.push_back(Source{"field", {0, 1, 2, 3, 4}, -1});
  media.strength = {0.01};
  const Culture initial = random_culture(side * side, 5, 10, InitialTraits::uniform, 1);
  Dynamics d(g, country, media, initial, 2);
  const std::uint64_t chunk = 20'000'000;
  std::uint64_t done = 0;
  for (auto _ : state) {
    d.run(done + chunk);
    done += chunk;
  }
  state.counters["attempts/s"] =
      benchmark::Counter(static_cast<double>(done), benchmark::Counter::kIsRate);
  state.SetLabel("1000 x 1000 periodic lattice, F = 5, q = 10, B = 0.01");
}
BENCHMARK(BM_LatticeWithField)->Unit(benchmark::kMillisecond)->UseRealTime();

// One checkpoint of the Hallyu scenario: regions, diversity, attraction, homogenisation, flows.
void BM_HallyuCheckpoint(benchmark::State& state) {
  const Scenario s = hallyu();
  const Population pop = build_population(s, 1);
  Layout layout;
  for (std::size_t c = 0; c < s.countries.size(); ++c) {
    layout.codes.push_back(s.countries[c].code);
    layout.first.push_back(pop.first[c]);
    layout.size.push_back(s.countries[c].agents);
  }
  layout.exporters = {0};
  layout.vectors = {pop.vectors[0]};
  const Observer o(pop.graph, layout, pop.culture);
  const std::vector<std::uint64_t> copies(16, 1);
  for (auto _ : state) benchmark::DoNotOptimize(o.observe(pop.culture, copies).data());
}
BENCHMARK(BM_HallyuCheckpoint)->Unit(benchmark::kMicrosecond);

// A whole run of the Hallyu scenario as shipped (3 million attempts, 41 checkpoints).
void BM_HallyuRun(benchmark::State& state) {
  const Scenario s = hallyu();
  std::uint64_t seed = 1;
  for (auto _ : state) {
    const RunSeries r = run_scenario(s, seed++, s.max_events, s.checkpoint_every);
    benchmark::DoNotOptimize(r.values.data());
  }
}
BENCHMARK(BM_HallyuRun)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
