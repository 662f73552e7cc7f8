// Dyadic agreement on the UN General Assembly votes (issue 4): all six measures for every pair
// of states in every session (74 sessions, 6,203 roll calls, 826,826 dyads) and in every
// calendar year, on one thread and on all; then the two files of `alignment agreement` built
// from the session result. The votes are read once, outside the timing. Target: all dyads of
// all sessions under 2 s. Figures: docs/alignment-agreement.md.

#include <benchmark/benchmark.h>

#include <filesystem>
#include <string>

#include "../tests/support/paths.hpp"
#include "softpower/alignment/agreement.hpp"
#include "softpower/report/agreement_html.hpp"
#include "softpower/report/alignment_csv.hpp"
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

void run(benchmark::State& state, alignment::Period by) {
  const RollCallVotes* votes = un_votes(state);
  if (votes == nullptr) return;
  alignment::AgreementOptions options;
  options.by = by;
  options.threads = static_cast<std::size_t>(state.range(0));
  Progress quiet;
  std::size_t dyads = 0;
  for (auto _ : state) {
    const auto rows = alignment::agreement(*votes, options, quiet);
    dyads = rows.size();
    benchmark::DoNotOptimize(rows.data());
  }
  state.counters["dyads"] = static_cast<double>(dyads);
  state.SetLabel(state.range(0) == 0 ? "all threads" : "1 thread");
}

void BM_AgreementAllSessions(benchmark::State& state) {
  run(state, alignment::Period::session);
}
BENCHMARK(BM_AgreementAllSessions)->Arg(1)->Arg(0)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_AgreementAllYears(benchmark::State& state) {
  run(state, alignment::Period::year);
}
BENCHMARK(BM_AgreementAllYears)->Arg(1)->Arg(0)->Unit(benchmark::kMillisecond)->UseRealTime();

// The files of the operation from the sessions' result: agreement.csv (826,826 rows) and
// agreement.html (six heatmaps with seriation).
void BM_AgreementFiles(benchmark::State& state) {
  const RollCallVotes* votes = un_votes(state);
  if (votes == nullptr) return;
  Progress quiet;
  const auto rows = alignment::agreement(*votes, {}, quiet);
  std::size_t bytes = 0;
  for (auto _ : state) {
    const std::string text = state.range(0) == 0
                                 ? report::agreement_csv(rows)
                                 : report::agreement_html(rows, {"session", "all roll calls",
                                                                 "un-votes", votes->call_count()});
    bytes = text.size();
    benchmark::DoNotOptimize(text.data());
  }
  state.counters["MB"] = static_cast<double>(bytes) / 1e6;
  state.SetLabel(state.range(0) == 0 ? "agreement.csv" : "agreement.html");
}
BENCHMARK(BM_AgreementFiles)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
