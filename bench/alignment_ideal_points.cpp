// Ideal points of the UN General Assembly (issue 4, docs/alignment-ideal-points.md): all 74
// sessions of the unvotes data (6,203 roll calls, 870,109 cast votes), session by session
// without standard errors (target: under 5 s on the 2-core machine; emIRT's ordIRT needs about
// 48 s for the 67 sessions it can fit), with parametric-bootstrap standard errors, the
// dynamic model linking all sessions, and the bridged model with and without the curvature's
// standard errors. The votes are read once, outside the timing.

#include <benchmark/benchmark.h>

#include <filesystem>
#include <string>

#include "../tests/support/paths.hpp"
#include "softpower/alignment/ideal_points.hpp"
#include "softpower/core/parallel.hpp"
#include "softpower/sources/un_votes.hpp"

namespace {

using namespace softpower;

const RollCallVotes* un_votes(benchmark::State& state) {
  const auto data = testing::shared_data_dir();
  if (!std::filesystem::is_directory(data / "un-votes")) {
    state.SkipWithError("no ../shared/data/un-votes: set SOFTPOWER_DATA");
    return nullptr;
  }
  static const RollCallVotes votes = [&] {
    std::vector<sources::UnmappedRow> unmapped;
    return sources::read_un_votes(data, unmapped);
  }();
  return &votes;
}

void run(benchmark::State& state, const alignment::IdealPointOptions& options) {
  const RollCallVotes* votes = un_votes(state);
  if (votes == nullptr) return;
  std::size_t converged = 0, sessions = 0;
  for (auto _ : state) {
    Progress quiet;
    const alignment::IdealPointResult r = alignment::estimate_ideal_points(*votes, options, quiet);
    converged = 0;
    for (const auto& s : r.sessions) converged += s.converged ? 1 : 0;
    sessions = r.sessions.size();
    benchmark::DoNotOptimize(r.points.data());
  }
  state.counters["sessions"] = static_cast<double>(sessions);
  state.counters["converged"] = static_cast<double>(converged);
  state.SetLabel(std::to_string(worker_count()) + " threads");
}

void BM_IdealPointsBySession(benchmark::State& state) {
  run(state, alignment::IdealPointOptions{});
}
BENCHMARK(BM_IdealPointsBySession)->Unit(benchmark::kSecond)->Iterations(3)->UseRealTime();

// Standard errors: `range(0)` bootstrap replicates, each refitting every session from the
// estimate.
void BM_IdealPointsBootstrap(benchmark::State& state) {
  alignment::IdealPointOptions options;
  options.bootstrap = static_cast<std::size_t>(state.range(0));
  run(state, options);
}
BENCHMARK(BM_IdealPointsBootstrap)
    ->Arg(10)
    ->Arg(100)
    ->Unit(benchmark::kSecond)
    ->Iterations(1)
    ->UseRealTime();

void BM_IdealPointsDynamic(benchmark::State& state) {
  alignment::IdealPointOptions options;
  options.dynamic = true;
  run(state, options);
}
BENCHMARK(BM_IdealPointsDynamic)->Unit(benchmark::kSecond)->Iterations(3)->UseRealTime();

// The bridged model (the default of `alignment ideal-points`), `range(0)` 1: with the
// standard errors from the curvature (issue 19; target: under 10 s with the fit).
void BM_IdealPointsBridged(benchmark::State& state) {
  alignment::IdealPointOptions options;
  options.bridged = true;
  options.curvature_se = state.range(0) == 1;
  run(state, options);
}
BENCHMARK(BM_IdealPointsBridged)
    ->Arg(0)
    ->Arg(1)
    ->Unit(benchmark::kSecond)
    ->Iterations(3)
    ->UseRealTime();

// Dynamic standard errors: each replicate refits the joint model of all sessions.
void BM_IdealPointsDynamicBootstrap(benchmark::State& state) {
  alignment::IdealPointOptions options;
  options.dynamic = true;
  options.bootstrap = static_cast<std::size_t>(state.range(0));
  run(state, options);
}
BENCHMARK(BM_IdealPointsDynamicBootstrap)
    ->Arg(10)
    ->Unit(benchmark::kSecond)
    ->Iterations(1)
    ->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
