// Speed of the networks capability's measures (issue 16): every measure of every year of the
// COW IGO co-membership network (1816-2014, 199 yearly graphs; reading the file is not timed),
// one year's full measures, and PageRank alone on the densest year. networkx side by side:
// bench/peers/networkx_measures.py. Figures: bench/README.md.

#include <igraph.h>

#include <benchmark/benchmark.h>

#include "../tests/support/paths.hpp"
#include "softpower/networks/graph.hpp"
#include "softpower/networks/measures.hpp"
#include "softpower/sources/network_dyads.hpp"

namespace {

using namespace softpower;
using namespace softpower::networks;

const std::vector<YearGraph>& igo_years() {
  static const std::vector<YearGraph> years = [] {
    std::vector<sources::UnmappedRow> unmapped;
    const DyadSet ties = sources::read_cow_igo(testing::shared_data_dir(), 1816, 2014, unmapped);
    std::vector<YearGraph> out;
    for (int y = 1816; y <= 2014; ++y) out.push_back(year_graph(ties, y));
    return out;
  }();
  return years;
}

void BM_IgoAllYearsAllMeasures(benchmark::State& state) {
  std::size_t ties = 0;
  for (auto _ : state) {
    ties = 0;
    for (const YearGraph& g : igo_years()) {
      const NodeMeasures m = measure(g.graph);
      benchmark::DoNotOptimize(m.pagerank.data());
      ties += g.graph.edges();
    }
  }
  state.SetLabel(std::to_string(igo_years().size()) + " years, " + std::to_string(ties) +
                 " ties");
}
BENCHMARK(BM_IgoAllYearsAllMeasures)->Unit(benchmark::kSecond)->Iterations(1)->Repetitions(3);

const YearGraph& igo_2014() { return igo_years().back(); }

void BM_Igo2014AllMeasures(benchmark::State& state) {
  for (auto _ : state) {
    const NodeMeasures m = measure(igo_2014().graph);
    benchmark::DoNotOptimize(m.pagerank.data());
  }
  state.SetLabel(std::to_string(igo_2014().graph.nodes()) + " countries, " +
                 std::to_string(igo_2014().graph.edges()) + " ties");
}
BENCHMARK(BM_Igo2014AllMeasures)->Unit(benchmark::kMillisecond);

void BM_Igo2014PageRank(benchmark::State& state) {
  const Graph& g = igo_2014().graph;
  igraph_vector_t weights;
  igraph_vector_view(&weights, g.weights().data(), static_cast<igraph_integer_t>(g.edges()));
  for (auto _ : state) {
    igraph_vector_t out;
    igraph_vector_init(&out, 0);
    igraph_real_t value = 0;
    igraph_pagerank(reinterpret_cast<const igraph_t*>(g.get()), IGRAPH_PAGERANK_ALGO_PRPACK, &out,
                    &value, igraph_vss_all(), true, 0.85, &weights, nullptr);
    benchmark::DoNotOptimize(VECTOR(out));
    igraph_vector_destroy(&out);
  }
}
BENCHMARK(BM_Igo2014PageRank)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
