// Storing and loading a panel of a million values in the workspace (SQLite): the speed the
// test Workspace.AMillionValuesRoundTrip no longer asserts (timed tests fail on a loaded
// machine; figures belong here). Figures: bench/README.md.

#include <benchmark/benchmark.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "softpower/core/panel.hpp"
#include "softpower/store/workspace.hpp"

namespace {

using namespace softpower;

// 200 units x 50 indicators x 117 years, one cell in 7 missing: 1,002,857 values.
Panel million_values() {
  std::vector<std::string> units, indicators;
  std::vector<int> years;
  for (int u = 0; u < 200; ++u) units.push_back("U" + std::to_string(u));
  for (int i = 0; i < 50; ++i) indicators.push_back("ind" + std::to_string(i));
  for (int t = 0; t < 117; ++t) years.push_back(1900 + t);
  Panel panel(units, indicators, years);
  for (std::size_t i = 0; i < indicators.size(); ++i)
    panel.info()[i] = IndicatorInfo{indicators[i], indicators[i], "score", "generated"};
  for (std::size_t u = 0; u < units.size(); ++u) {
    for (std::size_t i = 0; i < indicators.size(); ++i) {
      for (std::size_t t = 0; t < years.size(); ++t) {
        if ((u + 2 * i + 3 * t) % 7 != 0)
          panel.at(u, i, t) = static_cast<double>(u * 10000 + i * 100) + static_cast<double>(t) / 8;
      }
    }
  }
  return panel;
}

store::DatasetRecord record() {
  store::DatasetRecord meta;
  meta.name = "big";
  meta.reader = "bench";
  meta.title = "A million values";
  meta.source = "bench";
  return meta;
}

std::filesystem::path scratch() {
  return std::filesystem::temp_directory_path() /
         ("softpower-bench-workspace-" + std::to_string(::getpid()));
}

void import_million(benchmark::State& state) {
  const Panel panel = million_values();
  const auto dir = scratch();
  std::filesystem::create_directories(dir);
  for (auto _ : state) {
    state.PauseTiming();
    std::filesystem::remove(dir / "w.workspace");
    store::Workspace ws = store::Workspace::open(dir / "w.workspace");
    state.ResumeTiming();
    ws.import_dataset(record(), panel);
  }
  std::filesystem::remove_all(dir);
  state.counters["values"] = static_cast<double>(panel.count());
}
BENCHMARK(import_million)->Unit(benchmark::kMillisecond)->UseRealTime();

void load_million(benchmark::State& state) {
  const auto dir = scratch();
  std::filesystem::create_directories(dir);
  store::Workspace ws = store::Workspace::open(dir / "w.workspace");
  ws.import_dataset(record(), million_values());
  for (auto _ : state) benchmark::DoNotOptimize(ws.load_dataset("big"));
  std::filesystem::remove_all(dir);
}
BENCHMARK(load_million)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
