// Reading the UN General Assembly votes (issue 4): the unvotes package's three tables
// (870,109 votes) and Voeten's raw file (1,066,613 rows, gzip), each read and mapped to
// registry states; beside them the generic Table reader parsing the same files without any
// mapping, which the vote readers do not use; and the votes loaded back from a workspace.
// Figures: bench/README.md.

#include <benchmark/benchmark.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "../tests/support/paths.hpp"
#include "softpower/core/table.hpp"
#include "softpower/sources/reader.hpp"
#include "softpower/sources/un_votes.hpp"
#include "softpower/store/workspace.hpp"

namespace {

using namespace softpower;

bool have_data(benchmark::State& state, const std::filesystem::path& data) {
  if (std::filesystem::is_directory(data / "un-votes")) return true;
  state.SkipWithError("no ../shared/data/un-votes: set SOFTPOWER_DATA");
  return false;
}

void BM_ReadUnVotes(benchmark::State& state) {
  const auto data = testing::shared_data_dir();
  if (!have_data(state, data)) return;
  for (auto _ : state) {
    std::vector<sources::UnmappedRow> unmapped;
    const RollCallVotes votes = sources::read_un_votes(data, unmapped);
    benchmark::DoNotOptimize(votes.row(0));
  }
  state.SetLabel("un_votes.csv + roll calls + issues: 870,109 votes, 6,203 roll calls");
}
BENCHMARK(BM_ReadUnVotes)->Unit(benchmark::kMillisecond);

void BM_ReadVoeten(benchmark::State& state) {
  const auto data = testing::shared_data_dir();
  if (!have_data(state, data)) return;
  for (auto _ : state) {
    std::vector<sources::UnmappedRow> unmapped;
    const RollCallVotes votes = sources::read_voeten_votes(data, unmapped);
    benchmark::DoNotOptimize(votes.row(0));
  }
  state.SetLabel("un_votes_voeten_raw.csv.gz: 1,066,613 rows, 3.2 MB gzip, 56.7 MB text");
}
BENCHMARK(BM_ReadVoeten)->Unit(benchmark::kMillisecond);

// The generic reader (core/table.hpp), parsing only: a string per cell.
void BM_TableParseOnly(benchmark::State& state) {
  const auto data = testing::shared_data_dir();
  if (!have_data(state, data)) return;
  const std::string file =
      state.range(0) == 0 ? "un-votes/un_votes.csv" : "un-votes/un_votes_voeten_raw.csv.gz";
  for (auto _ : state) {
    const Table t = read_csv(data / file);
    benchmark::DoNotOptimize(t.rows.data());
  }
  state.SetLabel(file + " as a Table, no mapping");
}
BENCHMARK(BM_TableParseOnly)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

void BM_LoadVotesFromWorkspace(benchmark::State& state) {
  const auto data = testing::shared_data_dir();
  if (!have_data(state, data)) return;
  const auto file = std::filesystem::temp_directory_path() /
                    ("softpower-bench-votes-" + std::to_string(::getpid()) + ".workspace");
  {
    store::Workspace ws = store::Workspace::open(file);
    std::vector<sources::UnmappedRow> unmapped;
    store::DatasetRecord meta;
    meta.name = "un-votes";
    meta.reader = "un-votes";
    meta.title = "UN votes";
    meta.source = "un-votes/";
    ws.import_votes(meta, sources::read_un_votes(data, unmapped));
  }
  {
    const store::Workspace ws = store::Workspace::open_read_only(file);
    for (auto _ : state) {
      const RollCallVotes votes = ws.load_votes("un-votes");
      benchmark::DoNotOptimize(votes.row(0));
    }
  }
  state.SetLabel("870,109 votes");
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(file.string() + suffix);
}
BENCHMARK(BM_LoadVotesFromWorkspace)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
