// The files `index build` writes, checked on the ASEM example.

#include "softpower/report/index_outputs.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "softpower/core/table.hpp"
#include "softpower/index/spec.hpp"
#include "softpower/report/index_html.hpp"
#include "support/asem.hpp"
#include "support/data.hpp"
#include "support/generated_index.hpp"
#include "support/scratch.hpp"

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

  const testing::ScratchDir scratch("softpower-outputs");
  const auto out = scratch / "out";
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
  // No temporary folders are left beside the output.
  for (const auto& e : std::filesystem::directory_iterator(scratch.path()))
    EXPECT_EQ(e.path().filename(), "out");
}

// The page made from the parts of the JSON files it reads (page_results, page_audit) is the
// page made from the whole files, with the build time of both the same.
std::string page_of(nlohmann::json results, const nlohmann::json& audit) {
  results["index"]["generated"] = "2026-01-01T00:00:00Z";
  return index_report_html(results, audit);
}

// A dump(1) of results.json with each unit's "scores" and "ranks" objects joined on one line.
std::string one_line_per_unit_values(const std::string& dumped) {
  std::string out;
  std::istringstream lines(dumped);
  std::string line;
  bool joining = false;
  while (std::getline(lines, line)) {
    const auto text = line.find_first_not_of(' ');
    if (joining) {
      const std::string item = line.substr(text);
      if (item.front() == '}') {
        out += item + "\n";
        joining = false;
      } else {
        out += (out.back() == '{' ? "" : " ") + item;
      }
      continue;
    }
    const bool opens =
        text == 5 && (line.substr(text) == "\"scores\": {" || line.substr(text) == "\"ranks\": {");
    out += line;
    if (opens) {
      joining = true;
    } else {
      out += '\n';
    }
  }
  if (!dumped.empty() && dumped.back() != '\n') out.pop_back();
  return out;
}

// results.json and audit.json are written as text part by part, a megabyte at a time: the
// text must be the dump of the whole tree, byte for byte (results.json with each unit's scores
// and ranks on one line), and the page the same.
void expect_outputs_are_the_trees(const IndexRun& run) {
  nlohmann::json results = results_json(run);
  std::string text = results_text(run);
  // The build time is the only part made twice; both are of the same second or one apart.
  const std::string generated = results["index"]["generated"];
  const auto at = text.find("\"generated\": \"");
  ASSERT_NE(at, std::string::npos);
  text.replace(at + 14, generated.size(), generated);
  EXPECT_EQ(nlohmann::json::parse(text), results);
  const std::string joined = one_line_per_unit_values(results.dump(1));
  const auto differ = std::mismatch(joined.begin(), joined.end(), text.begin(), text.end());
  EXPECT_EQ(joined.size(), text.size());
  EXPECT_TRUE(differ.first == joined.end())
      << "first difference at byte " << (differ.first - joined.begin()) << ": "
      << std::string(differ.first, joined.end()).substr(0, 80) << " | "
      << std::string(differ.second, text.end()).substr(0, 80);
  EXPECT_EQ(audit_text(run), audit_json(run).dump(1));
  EXPECT_EQ(page_of(page_results(run), page_audit(run)), page_of(results, audit_json(run)));
}

TEST(IndexOutputs, TheJsonFilesAndThePageAreThoseOfTheWholeTreesForAsem) {
  SOFTPOWER_REQUIRE_DATA(data);
  const testing::AsemIndex asem = testing::asem_index(data);
  const index::IndexResult result = asem.pipeline.run(asem.input);
  const IndexRun run{asem.pipeline,
                     asem.input,
                     result,
                     {index::audit_year(asem.pipeline, result.years[0])},
                     {{"CHE", "Switzerland"}},
                     {}};
  expect_outputs_are_the_trees(run);
}

TEST(IndexOutputs, TheJsonFilesAndThePageAreThoseOfTheWholeTreesWhereBoundsApply) {
  // 60 siblings (more than the audit correlates pair by pair) under a chain of 14 aggregates
  // (more than it correlates a node with): audit.json says what was left out.
  std::string text = testing::chain_spec(14, 60);
  const index::Spec spec = index::parse_spec(text, "generated.toml");
  const index::Pipeline pipeline(spec);
  const index::IndexInput input = testing::generated_input(spec, 9);
  const index::IndexResult result = pipeline.run(input);
  const IndexRun run{pipeline, input, result, {index::audit_year(pipeline, result.years[0])},
                     {},       {}};
  expect_outputs_are_the_trees(run);
  const nlohmann::json audit = audit_json(run);
  EXPECT_EQ(audit["years"][0]["left_out"],
            (nlohmann::json{{"sibling_pairs", 60 * 59 / 2},
                            {"siblings_correlated_up_to", 50},
                            // 60 indicators 3 levels too far, a1 2, a2 1
                            {"ancestor_pairs", 60 * 3 + 2 + 1},
                            {"ancestors_correlated_up_to", 10}}));
  for (const auto& g : audit["years"][0]["aggregates"]) {
    if (g["code"] == "a1") {
      EXPECT_EQ(g["sibling_pairs_left_out"], 60 * 59 / 2);
    } else {
      EXPECT_FALSE(g.contains("sibling_pairs_left_out")) << g;
    }
  }
  // Where no bound applies there is no left_out.
  const IndexRun small{pipeline, input, result, {index::Audit{}}, {}, {}};
  EXPECT_FALSE(audit_json(small)["years"][0].contains("left_out"));
}

TEST(IndexPage, DrawsWholeLevelsFromTheIndexDownWhileTheyHoldAtMostAHundredAggregates) {
  ASSERT_EQ(kMaxShownAggregates, 100U);
  EXPECT_EQ(lowest_level_drawn({{2, 8}, {3, 2}, {4, 1}}), 2);  // ASEM: all
  EXPECT_EQ(lowest_level_drawn({{2, 150}, {3, 7}, {4, 1}}), 3);
  EXPECT_EQ(lowest_level_drawn({{2, 92}, {3, 7}, {4, 1}}), 2);  // 100 exactly
  EXPECT_EQ(lowest_level_drawn({{2, 93}, {3, 7}, {4, 1}}), 3);  // 101
  EXPECT_EQ(lowest_level_drawn({{2, 500}, {3, 400}}), 3);       // the index's level always
  std::map<int, std::size_t> chain;
  for (int level = 2; level <= 20'001; ++level) chain[level] = 1;
  EXPECT_EQ(lowest_level_drawn(chain), 19'902);
  EXPECT_EQ(lowest_level_drawn({}), 2);
}

TEST(IndexPage, DrawsTheGridsOfAtMostAHundredAggregatesDepthFirstAndNoneOfAWideOne) {
  // Node 0 the index (level 3) over aggregates 1..150 (level 2), each over two indicators
  // 151.. (level 1); aggregate 2 is wide (its pairs were left out).
  std::vector<long> parent = {-1};
  std::vector<int> level = {3};
  for (int a = 1; a <= 150; ++a) {
    parent.push_back(0);
    level.push_back(2);
  }
  for (int a = 1; a <= 150; ++a) {
    for (int k = 0; k < 2; ++k) {
      parent.push_back(a);
      level.push_back(1);
    }
  }
  std::vector<bool> wide(parent.size(), false);
  wide[2] = true;
  const std::vector<std::size_t> drawn = heat_map_aggregates(parent, level, wide, 0);
  ASSERT_EQ(drawn.size(), kMaxHeatMaps);
  EXPECT_EQ(drawn[0], 0U);  // the index first, then its children in order, skipping 2
  EXPECT_EQ(drawn[1], 1U);
  EXPECT_EQ(drawn[2], 3U);
  EXPECT_EQ(drawn[99], 100U);
  // A chain of 20,000 aggregates of one component each has no grid, and is walked without
  // recursion.
  std::vector<long> chain_parent = {-1};
  std::vector<int> chain_level = {20'001};
  for (int k = 1; k <= 20'000; ++k) {
    chain_parent.push_back(k - 1);
    chain_level.push_back(20'001 - k);
  }
  EXPECT_TRUE(heat_map_aggregates(chain_parent, chain_level,
                                  std::vector<bool>(chain_parent.size(), false), 0)
                  .empty());
}

}  // namespace
}  // namespace softpower::report
