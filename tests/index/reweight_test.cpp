// Instant reweighting reuses the normalised data of a built index.

#include "softpower/index/reweight.hpp"

#include <gtest/gtest.h>

#include "softpower/core/table.hpp"
#include "softpower/index/spec.hpp"
#include "support/asem.hpp"
#include "support/data.hpp"

namespace softpower::index {
namespace {

TEST(Reweight, NominalWeightsReproduceTheIndexAndNewWeightsMoveIt) {
  SOFTPOWER_REQUIRE_DATA(data);
  const testing::AsemIndex asem = testing::asem_index(data);
  const auto& pipeline = asem.pipeline;
  const auto& input = asem.input;
  const IndexResult result = pipeline.run(input);
  const YearResult& year = result.years[0];
  const Reweighter reweighter(pipeline, year);
  const int root = pipeline.framework().root();

  const Ranking same = reweighter.rank(reweighter.weights({}));
  for (Eigen::Index r = 0; r < year.scores.rows(); ++r) {
    EXPECT_DOUBLE_EQ(same.scores(r, root), year.scores(r, root));
    EXPECT_EQ(same.ranks[static_cast<std::size_t>(r)], year.ranks(r, root));
  }
  EXPECT_EQ(
      input.units[static_cast<std::size_t>(same.rows[static_cast<std::size_t>(same.order[0])])],
      "CHE");

  // All the weight on Sustainability: the index equals the Sust sub-index.
  const Ranking sust = reweighter.rank(reweighter.weights({{"Conn", 0.0}}));
  const int s = *pipeline.framework().find("Sust");
  for (Eigen::Index r = 0; r < year.scores.rows(); ++r)
    EXPECT_NEAR(sust.scores(r, root), year.scores(r, s), 1e-12);

  EXPECT_THROW(reweighter.weights({{"Nope", 1.0}}), Error);
  EXPECT_THROW(reweighter.weights({{"Conn", -1.0}}), Error);
}

// Reweighting reuses the built scores of aggregates whose weights below did not move; every
// node's scores must still equal a full aggregation under the same weights, whichever level
// the changed weight is on.
TEST(Reweight, ReusedSubtreesEqualAFullAggregation) {
  SOFTPOWER_REQUIRE_DATA(data);
  const testing::AsemIndex asem = testing::asem_index(data);
  const auto& pipeline = asem.pipeline;
  const IndexResult result = pipeline.run(asem.input);
  const YearResult& year = result.years[0];
  const Reweighter reweighter(pipeline, year);
  const Framework& f = pipeline.framework();
  const auto n_ind = static_cast<Eigen::Index>(f.indicator_count());
  // One code per level: a pillar, an aggregate below it, and an indicator.
  std::vector<std::string> codes;
  for (int level = f.top_level() - 1; level >= 1; --level)
    codes.push_back(f.nodes()[static_cast<std::size_t>(f.level(level).front())].code);
  ASSERT_GE(codes.size(), 2U);
  for (const std::string& code : codes) {
    const std::vector<double> w = reweighter.weights({{code, 3.5}});
    const Ranking fast = reweighter.rank(w);
    Variant full;
    full.weights = w;
    full.fixed_weights = true;
    YearResult reference;
    pipeline.aggregate(year.scores.leftCols(n_ind), full, reference);
    std::size_t moved = 0;
    for (Eigen::Index n = n_ind; n < reference.scores.cols(); ++n) {
      bool same_as_built = true;
      for (Eigen::Index r = 0; r < reference.scores.rows(); ++r) {
        const double want = reference.scores(r, n), got = fast.scores(r, n);
        if (std::isnan(want)) {
          EXPECT_TRUE(std::isnan(got)) << code << " node " << n;
        } else {
          EXPECT_NEAR(got, want, 1e-12) << code << " node " << n << " row " << r;
          if (std::abs(want - year.scores(r, n)) > 1e-12) same_as_built = false;
        }
      }
      if (!same_as_built) ++moved;
    }
    EXPECT_GE(moved, 1U) << code;  // the root at least
    const int root = f.root();
    for (Eigen::Index r = 0; r < reference.scores.rows(); ++r)
      EXPECT_EQ(fast.ranks[static_cast<std::size_t>(r)], reference.ranks(r, root)) << code;
  }
}

}  // namespace
}  // namespace softpower::index
