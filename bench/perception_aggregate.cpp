// Perception aggregation (issue 5): a generated GDELT 2.0 export (realistic lines resampled
// from the real ones over five years; 500 MB by default, SOFTPOWER_PERCEPTION_BENCH_MB sets it)
// parsed and summed by month and directed country pair, as `softpower perception aggregate`
// does, on 1 and 2 threads, plain and gzip. Reports MB/s of text and the process's peak
// resident memory. The side-by-side run with R data.table and pandas is
// bench/perception_peers.sh. Figures: bench/README.md.

#include <benchmark/benchmark.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "../tests/support/paths.hpp"
#include "softpower/ops/perception_input.hpp"
#include "softpower/tools/gdelt_generate.hpp"

namespace {

using namespace softpower;
namespace fs = std::filesystem;

struct Inputs {
  fs::path dir, plain, gzip;
  std::uint64_t bytes = 0;
  bool ok = false;

  Inputs() {
    const fs::path data = testing::shared_data_dir();
    if (!fs::is_directory(data / "gdelt" / "events")) return;
    std::uint64_t megabytes = 500;
    if (const char* env = std::getenv("SOFTPOWER_PERCEPTION_BENCH_MB"); env != nullptr && *env) {
      megabytes = std::stoull(env);
    }
    dir = fs::temp_directory_path() / ("softpower-perception-bench-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    tools::GdeltGenerateOptions o;
    o.samples = tools::default_gdelt_samples(data);
    o.bytes = megabytes * 1000000;
    plain = dir / "generated.export.CSV";
    gzip = dir / "generated.export.CSV.gz";
    bytes = tools::generate_gdelt(plain, o).bytes;
    tools::generate_gdelt(gzip, o);
    ok = true;
  }
  ~Inputs() {
    if (!dir.empty()) fs::remove_all(dir);
  }
  Inputs(const Inputs&) = delete;
  Inputs& operator=(const Inputs&) = delete;
};

Inputs& inputs() {
  static Inputs instance;
  return instance;
}

double peak_rss_mb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;  // kilobytes on Linux
}

void run(benchmark::State& state, const fs::path& file) {
  Inputs& in = inputs();
  if (!in.ok) {
    state.SkipWithError("no ../shared/data/gdelt/events: set SOFTPOWER_DATA");
    return;
  }
  perception::AggregateOptions options;
  options.by = perception::PeriodUnit::month;
  sources::GdeltOptions read;
  read.threads = static_cast<std::size_t>(state.range(0));
  const std::vector<fs::path> files = {file};
  std::size_t keys = 0, events = 0;
  for (auto _ : state) {
    const perception::Aggregate a = perception::aggregate_gdelt(files, options, read).aggregate;
    keys = a.keys.size();
    events = a.events_read;
    benchmark::DoNotOptimize(a.keys.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(in.bytes) * state.iterations());
  state.counters["events"] = static_cast<double>(events);
  state.counters["keys"] = static_cast<double>(keys);
  state.counters["peak_rss_MB"] = peak_rss_mb();
  state.counters["input_MB"] = static_cast<double>(in.bytes) / 1e6;
}

void BM_PerceptionAggregatePlain(benchmark::State& state) {
  run(state, inputs().plain);
}
BENCHMARK(BM_PerceptionAggregatePlain)
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

void BM_PerceptionAggregateGzip(benchmark::State& state) {
  run(state, inputs().gzip);
}
BENCHMARK(BM_PerceptionAggregateGzip)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

// The generator itself: 100 MB of realistic lines per iteration, on 1 and 2 threads.
void BM_GdeltGenerate(benchmark::State& state) {
  const fs::path data = testing::shared_data_dir();
  if (!fs::is_directory(data / "gdelt" / "events")) {
    state.SkipWithError("no ../shared/data/gdelt/events: set SOFTPOWER_DATA");
    return;
  }
  const tools::GdeltSampleSet samples(tools::default_gdelt_samples(data));
  // A folder of its own: softpower keeps its list of outputs beside the file it writes.
  const fs::path dir =
      fs::temp_directory_path() / ("softpower-generate-bench-" + std::to_string(::getpid()));
  const fs::path out = dir / "generated.CSV";
  tools::GdeltGenerateOptions o;
  o.bytes = 100000000;
  o.threads = static_cast<std::size_t>(state.range(0));
  for (auto _ : state) benchmark::DoNotOptimize(tools::generate_gdelt(out, samples, o).rows);
  fs::remove_all(dir);
  state.SetBytesProcessed(static_cast<std::int64_t>(o.bytes) * state.iterations());
}
BENCHMARK(BM_GdeltGenerate)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
