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

}  // namespace
}  // namespace softpower::index
