// examples/elcano.toml rebuilds the Elcano Global Presence Index from its inputs: the
// normalisation (x * 1000 / max in 2010) leaves the inputs unchanged. That every presence
// score and the index equal the weighted sums of the Elcano methodology (and Germany's 2013
// scores by hand) is the reference case tests/reference/index/elcano-iepg.toml.

#include <gtest/gtest.h>

#include <algorithm>

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

TEST_F(Elcano, NormalisationKeepsEveryInput) {
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
    for (std::size_t w = 0; w < weights_.size(); ++w) {
      const double x = inputs_.number(r, inputs_.column(weights_.cell(w, 1)));
      EXPECT_NEAR(yr->scores(k, *f.find(weights_.cell(w, 1))), x, 1e-9);
    }
    ++rows_checked;
  }
  EXPECT_EQ(rows_checked, 553u);
  EXPECT_EQ(result.years.front().rows.size(), 63u);  // units without any 1990 data are left out
  EXPECT_EQ(result.years.back().rows.size(), 70u);
}

}  // namespace
}  // namespace softpower::index
