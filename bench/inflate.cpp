// Inflating GDELT's 15-minute files (issue 20): the four real GDELT 2.0 exports, each packed as
// a .gz file and as a .zip archive of one member as GDELT ships them, 25 copies of each (100
// files, 74 MB of text). Each benchmark reads every byte of every file on one thread: inflated
// whole by libdeflate (what core/byte_stream does for small files) or as it streams through
// zlib's inflate (what it did before, and still does for large files); then the GDELT reader
// over the same files, which parses and maps every line too. Rates are MB of text per second.
// Figures: bench/README.md.

#include <benchmark/benchmark.h>
#include <unistd.h>
#include <zip.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "../tests/support/paths.hpp"
#include "softpower/core/byte_stream.hpp"
#include "softpower/core/table.hpp"
#include "softpower/sources/gdelt.hpp"

namespace {

using namespace softpower;
namespace fs = std::filesystem;

struct Files {
  fs::path dir;
  std::vector<fs::path> gz, zip;
  std::uint64_t bytes = 0;         // of text, over all the files of one kind
  std::vector<std::string> texts;  // kept alive for libzip's buffer sources
  bool ok = false;

  Files() {
    const fs::path events = testing::shared_data_dir() / "gdelt" / "events";
    if (!fs::is_directory(events)) return;
    dir = fs::temp_directory_path() / ("softpower-inflate-bench-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    for (const char* name : {"20151027220000.export.CSV", "20180326044500.export.CSV",
                             "20190121220000.export.CSV", "20191024143000.export.CSV"}) {
      std::ifstream in(events / name, std::ios::binary);
      texts.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    constexpr int kCopies = 25;
    for (int copy = 0; copy < kCopies; ++copy) {
      for (std::size_t k = 0; k < texts.size(); ++k) {
        const std::string stem = std::to_string(copy) + "-" + std::to_string(k) + ".export.CSV";
        gz.push_back(dir / (stem + ".gz"));
        write_file_atomic(gz.back(), gzip_member(texts[k], 6));
        zip.push_back(dir / (stem + ".zip"));
        int error = 0;
        zip_t* archive = zip_open(zip.back().c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
        zip_file_add(archive, stem.c_str(),
                     zip_source_buffer(archive, texts[k].data(), texts[k].size(), 0), 0);
        zip_close(archive);
        bytes += texts[k].size();
      }
    }
    ok = true;
  }
  ~Files() {
    if (!dir.empty()) fs::remove_all(dir);
  }
  Files(const Files&) = delete;
  Files& operator=(const Files&) = delete;
};

Files& files() {
  static Files instance;
  return instance;
}

std::uint64_t drain(ByteStream& stream, std::string& buffer) {
  std::uint64_t total = 0;
  while (const std::size_t got = stream.read(buffer.data(), buffer.size())) total += got;
  return total;
}

template <typename Read>
void inflate(benchmark::State& state, const Read& read) {
  Files& in = files();
  if (!in.ok) {
    state.SkipWithError("no ../shared/data/gdelt/events: set SOFTPOWER_DATA");
    return;
  }
  std::string buffer(std::size_t{1} << 20, '\0');
  for (auto _ : state) {
    std::uint64_t total = read(in, buffer);
    if (total != in.bytes) state.SkipWithError("inflated a different number of bytes");
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(in.bytes) * state.iterations());
}

void BM_GzipWhole(benchmark::State& state) {
  inflate(state, [](const Files& in, std::string& buffer) {
    std::uint64_t total = 0;
    for (const fs::path& path : in.gz) total += drain(*gunzip(open_file_bytes(path)), buffer);
    return total;
  });
}
BENCHMARK(BM_GzipWhole)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_GzipStreamed(benchmark::State& state) {
  inflate(state, [](const Files& in, std::string& buffer) {
    std::uint64_t total = 0;
    for (const fs::path& path : in.gz) {
      total += drain(*gunzip_streamed(open_file_bytes(path)), buffer);
    }
    return total;
  });
}
BENCHMARK(BM_GzipStreamed)->Unit(benchmark::kMillisecond)->UseRealTime();

template <bool kWhole>
void zip_members(benchmark::State& state) {
  inflate(state, [](const Files& in, std::string& buffer) {
    std::uint64_t total = 0;
    for (const fs::path& path : in.zip) {
      const ZipArchive archive(path);
      for (const ZipArchive::Member& member : archive.members()) {
        total += drain(kWhole ? *archive.open(member) : *archive.open_streamed(member), buffer);
      }
    }
    return total;
  });
}
void BM_ZipWhole(benchmark::State& state) {
  zip_members<true>(state);
}
void BM_ZipStreamed(benchmark::State& state) {
  zip_members<false>(state);
}
BENCHMARK(BM_ZipWhole)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_ZipStreamed)->Unit(benchmark::kMillisecond)->UseRealTime();

// The GDELT reader over the zip files on one thread: inflating, parsing and mapping.
void BM_ReadGdeltZip(benchmark::State& state) {
  Files& in = files();
  if (!in.ok) {
    state.SkipWithError("no ../shared/data/gdelt/events: set SOFTPOWER_DATA");
    return;
  }
  sources::GdeltOptions options;
  options.threads = 1;
  std::size_t events = 0;
  for (auto _ : state) {
    std::size_t seen = 0;
    const auto report = sources::read_gdelt(
        in.zip, [&](std::size_t, std::span<const Event> batch) { seen += batch.size(); }, options);
    events = report.events;
    benchmark::DoNotOptimize(seen);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(in.bytes) * state.iterations());
  state.counters["events"] = static_cast<double>(events);
}
BENCHMARK(BM_ReadGdeltZip)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
