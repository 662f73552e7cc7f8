// The files `index build` writes, checked on the ASEM example.

#include "softpower/report/index_outputs.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "softpower/core/table.hpp"
#include "softpower/index/spec.hpp"
#include "support/asem.hpp"
#include "support/data.hpp"

namespace softpower::report {
namespace {

TEST(IndexOutputs, AsemFilesHoldTheResults) {
  SOFTPOWER_REQUIRE_DATA(data);
  const testing::AsemIndex asem = testing::asem_index(data);
  const auto& pipeline = asem.pipeline;
  const auto& input = asem.input;
  const index::IndexResult result = pipeline.run(input);
  IndexRun run{pipeline,
               input,
               result,
               {index::audit_year(pipeline, result.years[0])},
               {{"CHE", "Switzerland"}},
               {}};

  const auto out =
      std::filesystem::temp_directory_path() / ("softpower-outputs-" + std::to_string(::getpid()));
  std::filesystem::remove_all(out);
  write_index_outputs(out, run);
  write_index_outputs(out, run);  // replacing an existing output works

  const Table scores = read_csv(out / "scores.csv");
  EXPECT_EQ(scores.header, (std::vector<std::string>{"unit", "code", "level", "score", "rank"}));
  EXPECT_EQ(scores.size(), 51u * 11u);  // 8 pillars + 2 sub-indices + the index
  bool found = false;
  for (std::size_t r = 0; r < scores.size(); ++r) {
    if (scores.cell(r, 0) == "CHE" && scores.cell(r, 1) == "Index") {
      EXPECT_NEAR(scores.number(r, 3), 68.38, 0.005);
      EXPECT_EQ(scores.cell(r, 4), "1");
      EXPECT_EQ(scores.cell(r, 2), "4");
      found = true;
    }
  }
  EXPECT_TRUE(found);
  for (const char* step :
       {"Raw", "Denominated", "Imputed", "Screened", "Treated", "Normalised", "Aggregated"}) {
    const Table t = read_csv(out / "datasets" / (std::string(step) + ".csv"));
    EXPECT_EQ(t.header.front(), "uCode") << step;
    EXPECT_EQ(t.size(), 51u) << step;
  }
  EXPECT_EQ(read_csv(out / "datasets/Aggregated.csv").header.size(), 1u + 49u + 11u);

  const auto results = nlohmann::json::parse(read_file(out / "results.json"));
  EXPECT_EQ(results["framework"].size(), 60u);
  const auto& units = results["years"][0]["units"];
  ASSERT_EQ(units.size(), 51u);
  double weight_sum = 0;
  for (const auto& n : results["framework"]) {
    if (n["level"] == 1) weight_sum += n["effective_weight"].get<double>();
  }
  EXPECT_NEAR(weight_sum, 1.0, 1e-12);
  for (const auto& u : units) {
    if (u["code"] == "CHE") {
      EXPECT_EQ(u["name"], "Switzerland");
      EXPECT_EQ(u["strengths"].size(), 5u);
      EXPECT_EQ(u["group_ranks"]["EurAsia_group"]["group"], "Europe");
      EXPECT_EQ(u["group_ranks"]["EurAsia_group"]["rank"], 1);
    }
  }
  const auto audit = nlohmann::json::parse(read_file(out / "audit.json"));
  EXPECT_EQ(audit["years"][0]["indicators"].size(), 49u);
  EXPECT_EQ(audit["years"][0]["aggregates"].size(), 11u);
  EXPECT_TRUE(std::filesystem::exists(out / "report.html"));
  if (const char* keep = std::getenv("SOFTPOWER_KEEP_OUTPUTS")) {
    std::filesystem::copy(out, keep,
                          std::filesystem::copy_options::recursive |
                              std::filesystem::copy_options::overwrite_existing);
  }
  std::filesystem::remove_all(out);
  // No temporary folders are left beside the output.
  for (const auto& e : std::filesystem::directory_iterator(out.parent_path())) {
    EXPECT_EQ(e.path().filename().string().find(".softpower-outputs-" + std::to_string(::getpid())),
              std::string::npos);
  }
}

}  // namespace
}  // namespace softpower::report
