// Speed of reading an index spec and building its framework tree with every check (what
// `index check` does) as specs grow: flat specs of up to 100,000 indicators and chains of up to
// 100,000 levels. Both are linear (issue 13; a 20,000-level chain did not finish in 60 s
// before). Figures: bench/README.md.

#include <benchmark/benchmark.h>

#include <string>

#include "softpower/index/pipeline.hpp"
#include "softpower/index/spec.hpp"

namespace {

using namespace softpower;

const std::string kHead = "[index]\nname = \"t\"\nyear = 2018\n[data]\ndatasets = [\"d\"]\n";

std::string flat(std::int64_t n) {
  std::string text = kHead;
  for (std::int64_t i = 0; i < n; ++i)
    text += "[[indicator]]\ncode = \"i" + std::to_string(i) + "\"\nparent = \"root\"\n";
  return text + "[[aggregate]]\ncode = \"root\"\n";
}

// Listed from the top down: the order that made the old level computation quadratic.
std::string chain(std::int64_t n) {
  std::string text = kHead + "[[indicator]]\ncode = \"i\"\nparent = \"a1\"\n";
  for (std::int64_t k = n; k >= 1; --k) {
    text += "[[aggregate]]\ncode = \"a" + std::to_string(k) + "\"\n";
    if (k < n) text += "parent = \"a" + std::to_string(k + 1) + "\"\n";
  }
  return text;
}

void check(benchmark::State& state, const std::string& text) {
  for (auto _ : state) {
    const index::Spec spec = index::parse_spec(text, "bench.toml");
    const index::Pipeline pipeline(spec);
    benchmark::DoNotOptimize(pipeline.framework().top_level());
  }
  state.SetComplexityN(state.range(0));
  state.counters["bytes"] = static_cast<double>(text.size());
}

void BM_FlatSpec(benchmark::State& state) {
  check(state, flat(state.range(0)));
}
void BM_ChainSpec(benchmark::State& state) {
  check(state, chain(state.range(0)));
}

BENCHMARK(BM_FlatSpec)
    ->RangeMultiplier(10)
    ->Range(1000, 100'000)
    ->Unit(benchmark::kMillisecond)
    ->Complexity();
BENCHMARK(BM_ChainSpec)
    ->RangeMultiplier(10)
    ->Range(1000, 100'000)
    ->Unit(benchmark::kMillisecond)
    ->Complexity();

}  // namespace

BENCHMARK_MAIN();
