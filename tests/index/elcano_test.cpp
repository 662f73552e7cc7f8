// examples/elcano.toml rebuilds the Elcano Global Presence Index from its inputs: the
// normalisation (x * 1000 / max in 2010) leaves the inputs unchanged, and every presence
// score and the index equal the weighted sums of the Elcano methodology, computed here
// directly from the CSV row and the weights table.

#include <gtest/gtest.h>

#include <cmath>

#include "softpower/core/table.hpp"
#include "softpower/index/pipeline.hpp"
#include "softpower/index/spec.hpp"
#include "support/data.hpp"

namespace softpower::index {
namespace {

class Elcano : public ::testing::Test {
 protected:
  void SetUp() override {
    SOFTPOWER_REQUIRE_DATA(data);
    spec_ = parse_spec(read_file(testing::source_dir() / "examples/elcano.toml"),
                       "examples/elcano.toml");
    inputs_ = read_csv(data / "elcano/iepg_final_data_inputs.csv");
    weights_ = read_csv(data / "elcano/elcano_iepg_weights.csv");
    PanelBuilder b;
    for (std::size_t r = 0; r < inputs_.size(); ++r) {
      const int year = std::stoi(inputs_.cell(r, 1).substr(0, 4));
      for (std::size_t c = 3; c < inputs_.header.size(); ++c) {
        b.set(inputs_.cell(r, 0), inputs_.header[c], year, inputs_.number(r, c));
      }
    }
    datasets_["elcano"] = b.build();
  }
  Spec spec_;
  Table inputs_, weights_;
  std::map<std::string, Panel> datasets_;
};

TEST_F(Elcano, PresenceScoresAreTheMethodologysWeightedSums) {
  const Pipeline pipeline(spec_);
  const IndexInput input = assemble_input(spec_, datasets_);
  const IndexResult result = pipeline.run(input);
  ASSERT_EQ(result.years.size(), 8u);
  const Framework& f = pipeline.framework();
  std::size_t rows_checked = 0;
  for (std::size_t r = 0; r < inputs_.size(); ++r) {
    const int year = std::stoi(inputs_.cell(r, 1).substr(0, 4));
    const auto yr = std::find_if(result.years.begin(), result.years.end(),
                                 [&](const YearResult& y) { return y.year == year; });
    ASSERT_NE(yr, result.years.end());
    const auto row = std::find_if(yr->rows.begin(), yr->rows.end(), [&](int u) {
      return input.units[static_cast<std::size_t>(u)] == inputs_.cell(r, 0);
    });
    ASSERT_NE(row, yr->rows.end()) << inputs_.cell(r, 0) << " " << year;
    const auto k = static_cast<Eigen::Index>(row - yr->rows.begin());
    std::map<std::string, double> dimension;
    for (std::size_t w = 0; w < weights_.size(); ++w) {
      const double x = inputs_.number(r, inputs_.column(weights_.cell(w, 1)));
      dimension[weights_.cell(w, 0)] += weights_.number(w, 2) * x / 100;
      // The normalisation step keeps each input as it is.
      EXPECT_NEAR(yr->scores(k, *f.find(weights_.cell(w, 1))), x, 1e-9);
    }
    const double iepg =
        (38 * dimension["economic"] + 16 * dimension["military"] + 46 * dimension["soft"]) / 100;
    EXPECT_NEAR(yr->scores(k, *f.find("economic_presence")), dimension["economic"], 1e-9);
    EXPECT_NEAR(yr->scores(k, *f.find("military_presence")), dimension["military"], 1e-9);
    EXPECT_NEAR(yr->scores(k, *f.find("soft_presence")), dimension["soft"], 1e-9);
    EXPECT_NEAR(yr->scores(k, f.root()), iepg, 1e-9);
    ++rows_checked;
  }
  EXPECT_EQ(rows_checked, 553u);
  EXPECT_EQ(result.years.front().rows.size(), 63u);  // units without any 1990 data are left out
  EXPECT_EQ(result.years.back().rows.size(), 70u);
}

TEST_F(Elcano, GermanyAndTheUnitedStatesIn2013) {
  const Pipeline pipeline(spec_);
  const IndexInput input = assemble_input(spec_, datasets_);
  const IndexResult result = pipeline.run(input);
  const YearResult& y2013 = result.years.back();
  ASSERT_EQ(y2013.year, 2013);
  const Framework& f = pipeline.framework();
  auto score = [&](const std::string& unit, const std::string& node) {
    for (std::size_t r = 0; r < y2013.rows.size(); ++r) {
      if (input.units[static_cast<std::size_t>(y2013.rows[r])] == unit) {
        return y2013.scores(static_cast<Eigen::Index>(r), *f.find(node));
      }
    }
    return std::nan("");
  };
  // Hand-computed from the un276 row: economic (18·201.72 + 13·794.25 + 20·1033.54 +
  // 23·514.82 + 26·360.88)/100 and so on.
  EXPECT_NEAR(score("un276", "economic_presence"), 558.509486873, 1e-8);
  EXPECT_NEAR(score("un276", "military_presence"), 23.0678296659, 1e-8);
  EXPECT_NEAR(score("un276", "soft_presence"), 369.8391200795, 1e-8);
  EXPECT_NEAR(score("un276", "iepg"), 386.050452994854, 1e-8);
  // The United States leads the 2013 index.
  for (std::size_t r = 0; r < y2013.rows.size(); ++r) {
    if (input.units[static_cast<std::size_t>(y2013.rows[r])] == "un840") {
      EXPECT_EQ(y2013.ranks(static_cast<Eigen::Index>(r), f.root()), 1);
    }
  }
}

}  // namespace
}  // namespace softpower::index
