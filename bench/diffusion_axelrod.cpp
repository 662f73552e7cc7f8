// Speed of Axelrod's dissemination of culture (issue 6; docs/diffusion-axelrod.md).
//
// - Attempted interactions per second on a 1000 × 1000 periodic lattice, F = 5, q = 10 (target
//   ≥ 20 million per second per core): the random-sequential engine counts each attempt it
//   makes; the active-bond engine counts the attempts of the original dynamics its changes
//   stand for (plus its changes per second). Each iteration starts from the same culture and
//   runs 2·10^7 attempts: a fresh one; one coarsened by 2·10^8 attempts (200 per agent),
//   where more attempts change something (a third) as regions with long borders form; and a
//   fresh one with q = 100, where few do (1 in 70). The automatic algorithm (the
//   default) is timed beside both engines.
// - Castellano, Marsili and Vespignani's transition (F = 10, Poisson traits, periodic 50 × 50):
//   runs to absorption, on all cores, at each q of the curve; S_max/N and the time per run
//   are counters. SOFTPOWER_AXELROD_RUNS sets the runs per q (default 10; the script
//   bench/peers/axelrod_transition.sh asks for 100).
//
// Figures: bench/README.md.

#include <benchmark/benchmark.h>

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <string>
#include <vector>

#include "softpower/core/parallel.hpp"
#include "softpower/diffusion/axelrod.hpp"

namespace {

using namespace softpower::diffusion;

constexpr int kSide = 1000;
constexpr std::uint64_t kAttempts = 20'000'000;

const Graph& big_lattice() {
  static const Graph g = lattice(kSide, 4, true);
  return g;
}

const Culture& fresh_culture() {
  static const Culture c = random_culture(kSide * kSide, 5, 10, InitialTraits::uniform, 1);
  return c;
}

// The fresh culture after 2·10^8 attempted interactions of the original dynamics.
const Culture& coarsened_culture() {
  static const Culture c = [] {
    Culture evolved = fresh_culture();
    AxelrodParams p;
    p.max_events = 200'000'000;
    run_axelrod(big_lattice(), evolved, p, 2);
    return evolved;
  }();
  return c;
}

void run_lattice(benchmark::State& state, AxelrodAlgorithm algorithm, const Culture& start) {
  const Graph& g = big_lattice();
  AxelrodParams p;
  p.algorithm = algorithm;
  p.max_events = kAttempts;
  std::uint64_t attempts = 0;
  std::uint64_t accepted = 0;
  std::uint64_t seed = 0;
  for (auto _ : state) {
    state.PauseTiming();
    Culture c = start;
    state.ResumeTiming();
    const AxelrodResult r = run_axelrod(g, c, p, ++seed);
    attempts += r.events;
    accepted += r.accepted;
    benchmark::DoNotOptimize(c.t.data());
  }
  state.counters["attempts/s"] =
      benchmark::Counter(static_cast<double>(attempts), benchmark::Counter::kIsRate);
  state.counters["changes/s"] =
      benchmark::Counter(static_cast<double>(accepted), benchmark::Counter::kIsRate);
  state.counters["accepted%"] =
      100.0 * static_cast<double>(accepted) / static_cast<double>(attempts);
}

void BM_RandomSequentialFresh(benchmark::State& state) {
  run_lattice(state, AxelrodAlgorithm::random_sequential, fresh_culture());
  state.SetLabel("1000x1000 periodic, F=5, q=10, fresh");
}
BENCHMARK(BM_RandomSequentialFresh)->Unit(benchmark::kMillisecond)->Iterations(5);

void BM_ActiveBondsFresh(benchmark::State& state) {
  run_lattice(state, AxelrodAlgorithm::active_bonds, fresh_culture());
  state.SetLabel("1000x1000 periodic, F=5, q=10, fresh");
}
BENCHMARK(BM_ActiveBondsFresh)->Unit(benchmark::kMillisecond)->Iterations(5);

void BM_AutomaticFresh(benchmark::State& state) {
  run_lattice(state, AxelrodAlgorithm::automatic, fresh_culture());
  state.SetLabel("1000x1000 periodic, F=5, q=10, fresh");
}
BENCHMARK(BM_AutomaticFresh)->Unit(benchmark::kMillisecond)->Iterations(5);

void BM_RandomSequentialCoarsened(benchmark::State& state) {
  run_lattice(state, AxelrodAlgorithm::random_sequential, coarsened_culture());
  state.SetLabel("1000x1000 periodic, F=5, q=10, after 2e8 attempts");
}
BENCHMARK(BM_RandomSequentialCoarsened)->Unit(benchmark::kMillisecond)->Iterations(5);

void BM_ActiveBondsCoarsened(benchmark::State& state) {
  run_lattice(state, AxelrodAlgorithm::active_bonds, coarsened_culture());
  state.SetLabel("1000x1000 periodic, F=5, q=10, after 2e8 attempts");
}
BENCHMARK(BM_ActiveBondsCoarsened)->Unit(benchmark::kMillisecond)->Iterations(5);

void BM_AutomaticCoarsened(benchmark::State& state) {
  run_lattice(state, AxelrodAlgorithm::automatic, coarsened_culture());
  state.SetLabel("1000x1000 periodic, F=5, q=10, after 2e8 attempts");
}
BENCHMARK(BM_AutomaticCoarsened)->Unit(benchmark::kMillisecond)->Iterations(5);

int runs_per_q() {
  const char* text = std::getenv("SOFTPOWER_AXELROD_RUNS");
  return text != nullptr && std::atoi(text) > 0 ? std::atoi(text) : 10;
}

// One point of the order–disorder curve: `runs` runs to absorption on all cores.
const Culture& sparse_culture() {
  static const Culture c = random_culture(kSide * kSide, 5, 100, InitialTraits::uniform, 3);
  return c;
}

void BM_RandomSequentialSparse(benchmark::State& state) {
  run_lattice(state, AxelrodAlgorithm::random_sequential, sparse_culture());
  state.SetLabel("1000x1000 periodic, F=5, q=100, fresh");
}
BENCHMARK(BM_RandomSequentialSparse)->Unit(benchmark::kMillisecond)->Iterations(5);

void BM_ActiveBondsSparse(benchmark::State& state) {
  run_lattice(state, AxelrodAlgorithm::active_bonds, sparse_culture());
  state.SetLabel("1000x1000 periodic, F=5, q=100, fresh");
}
BENCHMARK(BM_ActiveBondsSparse)->Unit(benchmark::kMillisecond)->Iterations(5);

void BM_AutomaticSparse(benchmark::State& state) {
  run_lattice(state, AxelrodAlgorithm::automatic, sparse_culture());
  state.SetLabel("1000x1000 periodic, F=5, q=100, fresh");
}
BENCHMARK(BM_AutomaticSparse)->Unit(benchmark::kMillisecond)->Iterations(5);

void BM_CastellanoTransition(benchmark::State& state) {
  const int q = static_cast<int>(state.range(0));
  const auto algorithm = static_cast<AxelrodAlgorithm>(state.range(1));
  const int runs = runs_per_q();
  const Graph g = lattice(50, 4, true);
  AxelrodParams p;
  p.features = 10;
  p.traits = q;
  p.init = InitialTraits::poisson;
  p.algorithm = algorithm;
  std::vector<double> smax(runs);
  std::vector<double> events(runs);
  for (auto _ : state) {
    softpower::parallel_for(static_cast<std::size_t>(runs), [&](std::size_t r) {
      const AxelrodResult res = run_axelrod(g, p, seed_of(static_cast<std::uint64_t>(q), r));
      smax[r] = static_cast<double>(res.largest) / g.size();
      events[r] = static_cast<double>(res.events);
    });
  }
  double mean = 0.0;
  double mean_events = 0.0;
  for (int r = 0; r < runs; ++r) {
    mean += smax[r] / runs;
    mean_events += events[r] / runs;
  }
  double spread = 0.0;
  for (int r = 0; r < runs; ++r) spread += (smax[r] - mean) * (smax[r] - mean);
  state.counters["Smax/N"] = mean;
  state.counters["se"] = runs > 1 ? std::sqrt(spread / (runs - 1) / runs) : 0.0;
  state.counters["runs"] = runs;
  state.counters["attempts/run"] = mean_events;
  constexpr const char* kNames[] = {"random sequential", "active bonds", "automatic"};
  state.SetLabel(std::string("F=10 Poisson, 50x50 periodic, ") +
                 kNames[static_cast<int>(algorithm)]);
}
BENCHMARK(BM_CastellanoTransition)
    ->ArgsProduct({benchmark::CreateDenseRange(200, 300, 10),
                   {static_cast<int>(AxelrodAlgorithm::automatic)}})
    ->Unit(benchmark::kSecond)
    ->UseRealTime()
    ->Iterations(1);

}  // namespace

BENCHMARK_MAIN();
