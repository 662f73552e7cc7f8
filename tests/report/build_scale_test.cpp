// `index build` at scale (issue 13): 20,000 indicators under one pillar and a 20,000-level
// chain go through the pipeline, the audit and every writer (scores.csv, datasets/,
// results.json, audit.json, report.html), and the files hold the values of a direct
// computation. The chain is built on a thread with a 512 kB stack, so any step that recursed
// once per level would overflow it. No timing is asserted: bench/README.md has the figures
// (a 2,000-indicator build took 160 s and 6.4 GB before, a 20,000-level chain more than 300 s).

#include <gtest/gtest.h>
#include <pthread.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <exception>
#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <numeric>
#include <string>
#include <vector>

#include "softpower/core/table.hpp"
#include "softpower/index/audit.hpp"
#include "softpower/index/pipeline.hpp"
#include "softpower/index/spec.hpp"
#include "softpower/report/index_html.hpp"
#include "softpower/report/index_outputs.hpp"
#include "support/generated_index.hpp"
#include "support/scratch.hpp"

namespace softpower::index {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr std::size_t kUnits = 20;

// Runs `work` on a thread whose stack is `bytes`, rethrowing what it throws.
void on_small_stack(std::size_t bytes, const std::function<void()>& work) {
  struct Call {
    const std::function<void()>* work;
    std::exception_ptr error;
  } call{&work, nullptr};
  pthread_attr_t attr;
  ASSERT_EQ(pthread_attr_init(&attr), 0);
  ASSERT_EQ(pthread_attr_setstacksize(&attr, bytes), 0);
  pthread_t thread;
  auto body = [](void* p) -> void* {
    auto* c = static_cast<Call*>(p);
    try {
      (*c->work)();
    } catch (...) {
      c->error = std::current_exception();
    }
    return nullptr;
  };
  ASSERT_EQ(pthread_create(&thread, &attr, body, &call), 0);
  pthread_join(thread, nullptr);
  pthread_attr_destroy(&attr);
  if (call.error) std::rethrow_exception(call.error);
}

// A generated spec built as `index build` builds it, its outputs written to a scratch folder.
struct Build {
  Spec spec;
  Pipeline pipeline;
  IndexInput input;
  IndexResult result;
  testing::ScratchDir scratch{"softpower-build-scale"};
  fs::path out = scratch / "out";

  explicit Build(const std::string& text)
      : spec(parse_spec(text, "generated.toml")),
        pipeline(spec),
        input(testing::generated_input(spec, kUnits)) {}
  Build(const Build&) = delete;
  Build& operator=(const Build&) = delete;

  void run() {
    result = pipeline.run(input);
    report::IndexRun run{pipeline, input, result, {}, {}, json::array()};
    for (const YearResult& yr : result.years) run.audits.push_back(audit_year(pipeline, yr));
    report::write_index_outputs(out, run);
  }
  json file_json(const std::string& name) const { return json::parse(read_file(out / name)); }
};

// The mean over indicators `first`..`last` of each unit's normalised value: the score of an
// arithmetic mean with equal weights over them, computed directly.
std::vector<double> direct_mean(std::size_t first, std::size_t last) {
  std::vector<double> sum(kUnits, 0.0);
  for (std::size_t i = first; i <= last; ++i) {
    const std::vector<double> x = testing::normalised_column(kUnits, i);
    for (std::size_t u = 0; u < kUnits; ++u) sum[u] += x[u];
  }
  for (double& s : sum) s /= static_cast<double>(last - first + 1);
  return sum;
}

// Ranks of `scores`, 1 = highest (the scores here have no ties).
std::vector<double> direct_ranks(const std::vector<double>& scores) {
  std::vector<double> ranks;
  for (double s : scores) {
    ranks.push_back(1.0 + static_cast<double>(std::count_if(scores.begin(), scores.end(),
                                                            [&](double o) { return o > s; })));
  }
  return ranks;
}

// The results.json entry of unit `code`.
const json& unit_of(const json& results, const std::string& code) {
  for (const json& u : results["years"][0]["units"]) {
    if (u["code"] == code) return u;
  }
  throw std::runtime_error("no unit " + code);
}

TEST(BuildScale, TwentyThousandIndicatorsUnderOnePillar) {
  constexpr std::size_t k = 20'000;
  Build b(testing::flat_spec(k, /*pillar=*/true));
  b.run();

  const std::vector<double> expected = direct_mean(0, k - 1);
  const std::vector<double> ranks = direct_ranks(expected);
  const json results = b.file_json("results.json");
  ASSERT_EQ(results["framework"].size(), k + 2);
  ASSERT_EQ(results["years"][0]["units"].size(), kUnits);
  for (std::size_t u = 0; u < kUnits; ++u) {
    const json& unit = unit_of(results, "U" + std::to_string(u));
    EXPECT_NEAR(unit["scores"]["root"].get<double>(), expected[u], 1e-9) << u;
    EXPECT_NEAR(unit["scores"]["p"].get<double>(), expected[u], 1e-9) << u;
    EXPECT_EQ(unit["ranks"]["root"].get<double>(), ranks[u]) << u;
    EXPECT_NEAR(unit["scores"]["i12345"].get<double>(),
                testing::normalised_column(kUnits, 12'345)[u], 1e-9);
    EXPECT_EQ(unit["scores"].size(), k + 2);
  }

  const Table scores = read_csv(b.out / "scores.csv");
  EXPECT_EQ(scores.size(), kUnits * 2);  // the pillar and the index of every unit
  const Table aggregated = read_csv(b.out / "datasets/Aggregated.csv");
  EXPECT_EQ(aggregated.header.size(), 1 + k + 2);
  EXPECT_EQ(aggregated.size(), kUnits);

  // The audit correlated every indicator with its pillar and the index, no pair of the
  // 20,000 siblings, and says so.
  const json audit = b.file_json("audit.json");
  const json& year = audit["years"][0];
  EXPECT_EQ(year["indicators"].size(), k);
  EXPECT_EQ(year["correlations"].size(), 2 * k + 1);
  EXPECT_EQ(year["left_out"]["sibling_pairs"], k * (k - 1) / 2);
  EXPECT_EQ(year["left_out"]["siblings_correlated_up_to"], kMaxSiblingsCorrelated);
  EXPECT_EQ(year["left_out"]["ancestor_pairs"], 0);
  for (const json& g : year["aggregates"]) {
    if (g["code"] == "p") EXPECT_EQ(g["sibling_pairs_left_out"], k * (k - 1) / 2);
    if (g["code"] == "root") EXPECT_FALSE(g.contains("sibling_pairs_left_out"));
  }

  const std::string page = read_file(b.out / "report.html");
  EXPECT_NE(page.find("<strong>199990000</strong> pairs of components were not correlated"),
            std::string::npos);
  EXPECT_NE(page.find("The table shows the first 1000 of 20002 components"), std::string::npos);
  EXPECT_NE(page.find("1 aggregate has too many components"), std::string::npos);
}

TEST(BuildScale, ATwentyThousandLevelChainOnASmallStack) {
  constexpr int levels = 20'000;
  Build b(testing::chain_spec(levels, 3));
  on_small_stack(512 * 1024, [&] { b.run(); });

  // Every aggregate is the mean of the three indicators.
  const std::vector<double> expected = direct_mean(0, 2);
  const std::vector<double> ranks = direct_ranks(expected);
  const json results = b.file_json("results.json");
  ASSERT_EQ(results["framework"].size(), static_cast<std::size_t>(levels) + 3);
  for (std::size_t u = 0; u < kUnits; ++u) {
    const json& unit = unit_of(results, "U" + std::to_string(u));
    for (const char* node : {"a1", "a777", "a19999", "a20000"}) {
      EXPECT_NEAR(unit["scores"][node].get<double>(), expected[u], 1e-9) << node;
      EXPECT_EQ(unit["ranks"][node].get<double>(), ranks[u]) << node;
    }
  }
  EXPECT_EQ(read_csv(b.out / "scores.csv").size(), kUnits * static_cast<std::size_t>(levels));

  // Pairs left out: a node at level L has top - L = 20,001 - L aggregates above it, of which
  // the 10 nearest and the index are correlated.
  std::size_t left_out = 0, correlated = 0;
  const auto& nodes = b.pipeline.framework().nodes();
  for (const Node& n : nodes) {
    const auto above = static_cast<std::size_t>(levels + 1 - n.level);
    left_out += above > 11 ? above - 11 : 0;
    correlated += std::min<std::size_t>(above, 11);
  }
  correlated += 3;  // the three indicators are siblings
  const json audit = b.file_json("audit.json");
  const json& year = audit["years"][0];
  EXPECT_EQ(year["left_out"]["ancestor_pairs"], left_out);
  EXPECT_EQ(year["left_out"]["ancestors_correlated_up_to"], kMaxAncestorsCorrelated);
  EXPECT_EQ(year["correlations"].size(), correlated);
  EXPECT_EQ(year["aggregates"].size(), static_cast<std::size_t>(levels));

  const std::string page = read_file(b.out / "report.html");
  EXPECT_NE(page.find("pairs of a component and an aggregate far above it were not correlated"),
            std::string::npos);
  EXPECT_NE(page.find("The 19900 aggregates of deeper levels are not drawn"), std::string::npos);
}

}  // namespace
}  // namespace softpower::index
