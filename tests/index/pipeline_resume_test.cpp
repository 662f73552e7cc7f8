// A run resumed from a built year's step table (Pipeline::run with a Resume) repeats only the
// later steps: with the same spec it gives the full run's scores bit for bit, and with another
// normalisation the full run of that spec.

#include <gtest/gtest.h>

#include <string>

#include "softpower/core/error.hpp"
#include "softpower/index/pipeline.hpp"
#include "support/asem.hpp"
#include "support/data.hpp"

namespace softpower::index {
namespace {

// The ASEM steps are denominate, impute, screen, treat, normalise, aggregate: three are kept.
constexpr std::size_t kKept = 3;

void expect_same_scores(const YearResult& a, const YearResult& b) {
  ASSERT_EQ(a.rows, b.rows);
  ASSERT_EQ(a.scores.rows(), b.scores.rows());
  for (Eigen::Index r = 0; r < a.scores.rows(); ++r) {
    for (Eigen::Index c = 0; c < a.scores.cols(); ++c) {
      const double x = a.scores(r, c), y = b.scores(r, c);
      EXPECT_TRUE(x == y || (std::isnan(x) && std::isnan(y))) << r << "," << c;
    }
  }
}

TEST(PipelineResume, FromTheScreenedTableItEqualsTheFullRun) {
  SOFTPOWER_REQUIRE_DATA(data);
  const testing::AsemIndex asem = testing::asem_index(data);
  const IndexResult full = asem.pipeline.run(asem.input);
  const YearResult& year = full.years.front();
  ASSERT_EQ(year.tables.at(kKept).name, "Screened");
  const IndexResult resumed =
      asem.pipeline.run(asem.input, Variant{}, Resume{kKept, {&year.tables[kKept]}});
  expect_same_scores(resumed.years.front(), year);
  EXPECT_TRUE(resumed.years.front().origins.empty());  // decided by the steps skipped

  // Another spec with the same first steps: the resumed run is that spec's full run.
  std::string text = testing::asem_spec_text();
  const std::string minmax = "method = \"minmax\"\nrange = [0, 100]";
  ASSERT_NE(text.find(minmax), std::string::npos);
  text.replace(text.find(minmax), minmax.size(), "method = \"prank\"");
  const testing::AsemIndex prank = testing::asem_index(data, text);
  const IndexResult prank_full = prank.pipeline.run(prank.input);
  const IndexResult prank_resumed =
      prank.pipeline.run(prank.input, Variant{}, Resume{kKept, {&year.tables[kKept]}});
  expect_same_scores(prank_resumed.years.front(), prank_full.years.front());
  const int root = asem.pipeline.framework().root();
  EXPECT_NE(prank_full.years.front().scores(0, root), year.scores(0, root));
}

TEST(PipelineResume, RefusesMissingTablesAndSkippingTheAggregation) {
  SOFTPOWER_REQUIRE_DATA(data);
  const testing::AsemIndex asem = testing::asem_index(data);
  const IndexResult full = asem.pipeline.run(asem.input);
  const StepTable* table = &full.years.front().tables.front();
  EXPECT_THROW(asem.pipeline.run(asem.input, Variant{}, Resume{0, {}}), Error);
  EXPECT_THROW(asem.pipeline.run(asem.input, Variant{}, Resume{0, {nullptr}}), Error);
  EXPECT_THROW(asem.pipeline.run(asem.input, Variant{}, Resume{6, {table}}), Error);
  EXPECT_THROW(asem.pipeline.run(asem.input, Variant{}, Resume{7, {table}}), Error);
  // From the raw table (no step skipped) it is the full run.
  const IndexResult from_raw = asem.pipeline.run(asem.input, Variant{}, Resume{0, {table}});
  expect_same_scores(from_raw.years.front(), full.years.front());
}

}  // namespace
}  // namespace softpower::index
