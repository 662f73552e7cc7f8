// COINr 1.1's Treat() details on the ASEM data (../shared/data/coinr-asem). The whole of
// build_example_coin() (every score, rank and dataset) is the reference case
// tests/reference/index/asem-coinr.toml.

#include "support/asem.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "softpower/core/stats.hpp"
#include "softpower/core/table.hpp"
#include "softpower/index/pipeline.hpp"
#include "softpower/index/spec.hpp"
#include "support/data.hpp"

namespace softpower::index {
namespace {

class Asem : public ::testing::Test {
 protected:
  void SetUp() override {
    SOFTPOWER_REQUIRE_DATA(data);
    const std::string text = read_file(testing::source_dir() / "examples/asem.toml");
    spec_ = parse_spec(text, "examples/asem.toml");
    asem_ = testing::load_asem(data);
  }
  Spec spec_;
  testing::AsemData asem_;
};

TEST_F(Asem, TreatsRawFlightsAsCoinrDoes) {
  // COINr's treat vignette: Treat(coin, dset = "Raw") winsorises one point of Flights.
  const Pipeline pipeline(spec_);
  const IndexInput input = assemble_input(spec_, asem_.datasets, asem_.groups);
  const int flights = *pipeline.framework().find("Flights");
  std::vector<double> x(
      input.raw[static_cast<std::size_t>(flights)].col(0).data(),
      input.raw[static_cast<std::size_t>(flights)].col(0).data() + input.units.size());
  const TreatmentRecord rec = treat_indicator(x, spec_.treat);
  EXPECT_NEAR(rec.skew_before, 2.1032872, 1e-7);
  EXPECT_NEAR(rec.kurtosis_before, 4.5088794, 1e-7);
  EXPECT_FALSE(rec.passed_before);
  EXPECT_EQ(rec.winsorised, 1);
  EXPECT_EQ(rec.points.size(), 1u);
  EXPECT_EQ(rec.applied, TreatMethod::winsorise);
  EXPECT_NEAR(rec.skew_after, 1.900658, 1e-6);
  EXPECT_NEAR(rec.kurtosis_after, 3.336065, 1e-6);
  EXPECT_TRUE(rec.passed_after);
}

}  // namespace
}  // namespace softpower::index
