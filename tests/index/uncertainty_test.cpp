// Uncertainty and sensitivity analysis on the ASEM example.

#include "softpower/index/uncertainty.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "softpower/core/stats.hpp"
#include "softpower/core/table.hpp"
#include "softpower/index/spec.hpp"
#include "support/asem.hpp"
#include "support/data.hpp"

namespace softpower::index {
namespace {

class Uncertainty : public ::testing::Test {
 protected:
  void SetUp() override {
    SOFTPOWER_REQUIRE_DATA(data);
    data_ = data;
  }
  // The ASEM index with its own [uncertainty] table replaced by `uncertainty`.
  testing::AsemIndex asem(const std::string& uncertainty) const {
    const std::string text = testing::asem_spec_text();
    return testing::asem_index(data_, text.substr(0, text.find("[uncertainty]")) + uncertainty);
  }
  std::filesystem::path data_;
};

TEST_F(Uncertainty, SameSeedSameResultsWhateverTheThreadCount) {
  const testing::AsemIndex a = asem(
      "[uncertainty]\ntreatment = true\nleave_one_out = true\n[[uncertainty.weights]]\nlevel = "
      "2\nnoise = 0.5\n");
  const Pipeline& pipeline = a.pipeline;
  const IndexInput& input = a.input;
  MonteCarloOptions options;
  options.runs = 64;
  options.seed = 11;
  Progress quiet;
  options.threads = 1;
  const UncertaintyResult one = uncertainty_analysis(pipeline, input, options, quiet);
  options.threads = 2;
  const UncertaintyResult two = uncertainty_analysis(pipeline, input, options, quiet);
  ASSERT_EQ(one.replications.size(), 64u);
  for (std::size_t i = 0; i < one.replications.size(); ++i) {
    EXPECT_EQ(one.replications[i].ranks, two.replications[i].ranks);
    EXPECT_EQ(one.replications[i].scores, two.replications[i].scores);
  }
  EXPECT_EQ(one.failed, 0u);
  for (std::size_t k = 0; k < one.ranks.size(); ++k) {
    // The interval's bounds are ranks some run gave, around R's type-7 percentiles.
    const UnitRanks& u = one.ranks[k];
    std::vector<double> ranks;
    for (const Replication& rep : one.replications) ranks.push_back(rep.ranks[k]);
    EXPECT_GT(std::count(ranks.begin(), ranks.end(), u.q05), 0) << u.unit << " " << u.q05;
    EXPECT_GT(std::count(ranks.begin(), ranks.end(), u.q95), 0) << u.unit << " " << u.q95;
    EXPECT_LE(u.q05, stats::quantile(ranks, 0.05)) << u.unit;
    EXPECT_GE(u.q95, stats::quantile(ranks, 0.95)) << u.unit;
    EXPECT_LE(u.q05, u.median);
    EXPECT_LE(u.median, u.q95);
    EXPECT_GE(u.q05, 1);
    EXPECT_LE(u.q95, 51);
    if (u.unit == "CHE") EXPECT_EQ(u.nominal, 1);
  }
  options.seed = 12;
  const UncertaintyResult other = uncertainty_analysis(pipeline, input, options, quiet);
  EXPECT_NE(other.replications[0].scores, one.replications[0].scores);
}

TEST_F(Uncertainty, TreatmentOnReproducesTheNominalIndex) {
  const testing::AsemIndex a = asem("[uncertainty]\ntreatment = true\nsampling = \"random\"\n");
  const Pipeline& pipeline = a.pipeline;
  const IndexInput& input = a.input;
  MonteCarloOptions options;
  options.runs = 40;
  Progress quiet;
  const UncertaintyResult r = uncertainty_analysis(pipeline, input, options, quiet);
  const UncertaintyDesign design(pipeline);
  std::size_t on = 0;
  for (std::size_t i = 0; i < r.replications.size(); ++i) {
    if (design.describe(r.sample.row(static_cast<Eigen::Index>(i)))[0] != "on") continue;
    ++on;
    EXPECT_EQ(r.replications[i].mean_rank_shift, 0.0);
  }
  EXPECT_GT(on, 5u);
}

TEST_F(Uncertainty, FailedRunsAreReportedNotDropped) {
  // A z-score can be negative, which a geometric mean cannot take.
  const testing::AsemIndex a = asem(
      "[uncertainty]\nnormalisation = [{ method = \"zscore\" }, { method = \"zscore\" }]\n"
      "aggregation = [\"geometric\", \"geometric\"]\n");
  const Pipeline& pipeline = a.pipeline;
  const IndexInput& input = a.input;
  MonteCarloOptions options;
  options.runs = 8;
  Progress quiet;
  const UncertaintyResult r = uncertainty_analysis(pipeline, input, options, quiet);
  EXPECT_EQ(r.failed, 8u);
  EXPECT_NE(r.replications[0].error.find("geometric mean needs positive values"),
            std::string::npos);
}

TEST_F(Uncertainty, SensitivityOfAnInputThatChangesNothingIsZero) {
  const testing::AsemIndex a = asem(
      "[uncertainty]\nimputation = [\"group_mean\", \"group_mean\"]\ntreatment = true\n"
      "[[uncertainty.weights]]\nlevel = 2\nnoise = 0.5\n");
  const Pipeline& pipeline = a.pipeline;
  const IndexInput& input = a.input;
  MonteCarloOptions options;
  options.runs = 128;
  options.bootstrap = 200;
  Progress quiet;
  const SensitivityResult r = sensitivity_analysis(pipeline, input, options, quiet);
  ASSERT_EQ(r.inputs, (std::vector<std::string>{"weights:Pillar", "imputation", "treatment"}));
  EXPECT_EQ(r.model_runs, 5u * 128u);
  EXPECT_EQ(r.indices[1].s1, 0.0);
  EXPECT_EQ(r.indices[1].st, 0.0);
  EXPECT_GT(r.indices[0].st, 0.05);
  EXPECT_GT(r.indices[2].st, 0.05);
  EXPECT_GT(r.output_variance, 0.0);
}

}  // namespace
}  // namespace softpower::index
