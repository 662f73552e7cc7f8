// What a run keeps: with Variant::keep_tables (the default) every year holds the table after
// each step, for the reports and the audit; without it (uncertainty and sensitivity
// replications) no step table is kept at all, and the scores are the same bit for bit.

#include "softpower/index/pipeline.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "softpower/core/error.hpp"
#include "softpower/core/panel.hpp"
#include "softpower/index/spec.hpp"
#include "support/asem.hpp"
#include "support/data.hpp"

namespace softpower::index {
namespace {

std::vector<std::string> table_names(const YearResult& year) {
  std::vector<std::string> names;
  for (const StepTable& table : year.tables) names.push_back(table.name);
  return names;
}

// Bit for bit, NaN where NaN (Eigen's == treats NaN as unequal to itself).
void expect_identical(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) {
  ASSERT_EQ(a.rows(), b.rows());
  ASSERT_EQ(a.cols(), b.cols());
  for (Eigen::Index r = 0; r < a.rows(); ++r) {
    for (Eigen::Index c = 0; c < a.cols(); ++c) {
      if (std::isnan(a(r, c))) {
        EXPECT_TRUE(std::isnan(b(r, c))) << r << "," << c;
      } else {
        EXPECT_EQ(a(r, c), b(r, c)) << r << "," << c;
      }
    }
  }
}

TEST(Pipeline, WithoutKeepTablesNoStepTableIsKept) {
  // Two indicators under one root, with an impute and a normalise step: Raw plus two tables.
  const std::string text =
      "[index]\nname = \"t\"\nyear = 2018\n[data]\ndatasets = [\"d\"]\n"
      "[steps]\norder = [\"impute\", \"normalise\", \"aggregate\"]\n"
      "[steps.impute]\nmethod = \"mean\"\n"
      "[[indicator]]\ncode = \"a\"\nparent = \"root\"\n"
      "[[indicator]]\ncode = \"b\"\nparent = \"root\"\n"
      "[[aggregate]]\ncode = \"root\"\n";
  const Spec spec = parse_spec(text, "s.toml");
  const Pipeline pipeline(spec);
  Panel panel({"FRA", "DEU", "ITA"}, {"a", "b"}, {2018});
  for (std::size_t u = 0; u < 3; ++u) {
    panel.at(u, 0, 0) = static_cast<double>(u + 1);
    panel.at(u, 1, 0) = static_cast<double>(2 * u + 3);
  }
  panel.at(1, 1, 0) = std::nan("");
  const IndexInput input = assemble_input(spec, {{"d", panel}}, {});

  const IndexResult kept = pipeline.run(input);
  ASSERT_EQ(kept.years.size(), 1U);
  EXPECT_EQ(table_names(kept.years[0]), (std::vector<std::string>{"Raw", "Imputed", "Normalised"}));

  Variant fast;
  fast.keep_tables = false;
  const IndexResult bare = pipeline.run(input, fast);
  ASSERT_EQ(bare.years.size(), 1U);
  EXPECT_EQ(table_names(bare.years[0]), std::vector<std::string>{});
  EXPECT_EQ(bare.years[0].imputed, 1U);
  expect_identical(bare.years[0].scores, kept.years[0].scores);
  expect_identical(bare.years[0].ranks, kept.years[0].ranks);
}

TEST(Pipeline, AsemReplicationKeepsNoStepTableAndScoresAsTheFullRun) {
  SOFTPOWER_REQUIRE_DATA(data);
  const testing::AsemIndex asem = testing::asem_index(data);
  const IndexResult kept = asem.pipeline.run(asem.input);
  ASSERT_FALSE(kept.years.empty());
  EXPECT_EQ(table_names(kept.years.back()),
            (std::vector<std::string>{"Raw", "Denominated", "Imputed", "Screened", "Treated",
                                      "Normalised"}));
  Variant fast;
  fast.keep_tables = false;
  const IndexResult bare = asem.pipeline.run(asem.input, fast);
  ASSERT_EQ(bare.years.size(), kept.years.size());
  for (std::size_t t = 0; t < bare.years.size(); ++t) {
    EXPECT_TRUE(bare.years[t].tables.empty()) << "year " << bare.years[t].year;
    EXPECT_EQ(bare.years[t].rows, kept.years[t].rows);
    expect_identical(bare.years[t].scores, kept.years[t].scores);
  }
}

TEST(Pipeline, AForcedUnitIsForcedInTheYearsItHasData) {
  // A panel's forced-out unit may have no data in some years (a territory that did not yet
  // exist): it is left out where present, with the spec's reason, and a code in no year at all
  // is still an error.
  const std::string text =
      "[index]\nname = \"t\"\nyears = [2017, 2018]\n[data]\ndatasets = [\"d\"]\n"
      "[steps]\norder = [\"screen\", \"aggregate\"]\n"
      "[steps.screen]\nby = \"na\"\nthreshold = 0.5\nforce_out = [\"SXM\"]\n"
      "force_out_reason = \"not a state\"\n"
      "[[indicator]]\ncode = \"a\"\nparent = \"root\"\n"
      "[[aggregate]]\ncode = \"root\"\n";
  const Spec spec = parse_spec(text, "s.toml");
  EXPECT_EQ(spec.screen.force_out_reason, "not a state");
  const Pipeline pipeline(spec);
  Panel panel({"FRA", "DEU", "SXM"}, {"a"}, {2017, 2018});
  for (std::size_t u = 0; u < 3; ++u) {
    for (std::size_t t = 0; t < 2; ++t) panel.at(u, 0, t) = static_cast<double>(u + t + 1);
  }
  panel.at(2, 0, 0) = std::nan("");  // Sint Maarten: no data in 2017
  const IndexResult result = pipeline.run(assemble_input(spec, {{"d", panel}}, {}));
  ASSERT_EQ(result.years.size(), 2U);
  EXPECT_EQ(result.years[0].rows, (std::vector<int>{0, 1}));
  EXPECT_EQ(result.years[1].rows, (std::vector<int>{0, 1}));
  EXPECT_EQ(result.years[1].screening.included, (std::vector<bool>{true, true, false}));

  Spec unknown = spec;
  unknown.screen.force_out = {"XXX"};
  EXPECT_THROW(Pipeline(unknown).run(assemble_input(unknown, {{"d", panel}}, {})), Error);
}

}  // namespace
}  // namespace softpower::index
