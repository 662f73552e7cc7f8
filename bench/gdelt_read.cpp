// Reading GDELT event exports (issue 5): the four real GDELT 2.0 15-minute exports repeated
// into a large input (200 MB by default; SOFTPOWER_GDELT_BENCH_MB sets it), read plain and
// gzip, as one file and as eight files on 1 and 2 threads. Each run parses every line, maps the
// country codes and sums tone and events per action country (a stand-in for the perception
// aggregation), so the rate is parse + map + a light aggregate. Reports MB/s of text and the
// process's peak resident memory. Figures: docs/perception-data.md.

#include <benchmark/benchmark.h>
#include <sys/resource.h>
#include <unistd.h>
#include <zlib.h>

#include <array>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "../tests/support/paths.hpp"
#include "softpower/sources/gdelt.hpp"

namespace {

using namespace softpower;
namespace fs = std::filesystem;

struct Inputs {
  fs::path dir;
  fs::path plain;
  fs::path gzip;
  std::vector<fs::path> parts;  // the plain input in eight files
  std::uint64_t bytes = 0;
  bool ok = false;

  Inputs() {
    const fs::path events = testing::shared_data_dir() / "gdelt" / "events";
    if (!fs::is_directory(events)) return;
    std::string sample;
    for (const char* name : {"20151027220000.export.CSV", "20180326044500.export.CSV",
                             "20190121220000.export.CSV", "20191024143000.export.CSV"}) {
      std::ifstream in(events / name, std::ios::binary);
      sample.append(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    std::size_t megabytes = 200;
    if (const char* env = std::getenv("SOFTPOWER_GDELT_BENCH_MB"); env != nullptr && *env) {
      megabytes = std::stoul(env);
    }
    const std::size_t copies = std::max<std::size_t>(1, megabytes * 1000000 / sample.size());
    dir = fs::temp_directory_path() / ("softpower-gdelt-bench-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    plain = dir / "big.export.CSV";
    gzip = dir / "big.export.CSV.gz";
    {
      std::ofstream out(plain, std::ios::binary);
      for (std::size_t i = 0; i < copies; ++i) out << sample;
    }
    gzFile gz = gzopen(gzip.c_str(), "wb6");
    for (std::size_t i = 0; i < copies; ++i) {
      gzwrite(gz, sample.data(), static_cast<unsigned>(sample.size()));
    }
    gzclose(gz);
    constexpr std::size_t kParts = 8;
    for (std::size_t p = 0; p < kParts; ++p) {
      parts.push_back(dir / ("part" + std::to_string(p) + ".export.CSV"));
      std::ofstream out(parts.back(), std::ios::binary);
      for (std::size_t i = p; i < copies; i += kParts) out << sample;
    }
    bytes = static_cast<std::uint64_t>(sample.size()) * copies;
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

// Tone and event counts per action country, one table per file, merged in file order.
struct Totals {
  std::array<double, 26 * 26 * 26> tone{};
  std::array<std::uint32_t, 26 * 26 * 26> events{};
  void add(const Event& e) {
    if (e.action_country.length != 3) return;
    const auto c = e.action_country.view();
    const std::size_t k =
        static_cast<std::size_t>((c[0] - 'A') * 676 + (c[1] - 'A') * 26 + (c[2] - 'A')) %
        tone.size();
    tone[k] += e.avg_tone;
    ++events[k];
  }
};

double peak_rss_mb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;  // kilobytes on Linux
}

void run(benchmark::State& state, const std::vector<fs::path>& files, std::size_t threads) {
  Inputs& in = inputs();
  if (!in.ok) {
    state.SkipWithError("no ../shared/data/gdelt/events: set SOFTPOWER_DATA");
    return;
  }
  sources::GdeltOptions options;
  options.threads = threads;
  std::size_t events = 0;
  for (auto _ : state) {
    std::vector<Totals> totals(files.size());
    const auto report = sources::read_gdelt(
        files,
        [&](std::size_t file, std::span<const Event> batch) {
          for (const Event& e : batch) totals[file].add(e);
        },
        options);
    events = report.events;
    benchmark::DoNotOptimize(totals.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(in.bytes) * state.iterations());
  state.counters["events"] = static_cast<double>(events);
  state.counters["peak_rss_MB"] = peak_rss_mb();
  state.counters["input_MB"] = static_cast<double>(in.bytes) / 1e6;
}

void BM_GdeltPlainOneFile(benchmark::State& state) {
  run(state, {inputs().plain}, 1);  // a plain file is parsed on one thread
}
BENCHMARK(BM_GdeltPlainOneFile)->Unit(benchmark::kMillisecond)->UseRealTime();

// On 2 threads the file inflates on one while the other parses.
void BM_GdeltGzipOneFile(benchmark::State& state) {
  run(state, {inputs().gzip}, static_cast<std::size_t>(state.range(0)));
}
BENCHMARK(BM_GdeltGzipOneFile)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_GdeltPlainEightFiles(benchmark::State& state) {
  run(state, inputs().parts, static_cast<std::size_t>(state.range(0)));
}
BENCHMARK(BM_GdeltPlainEightFiles)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
