// report.html of a panel (examples/soft-power.toml, 2000-2019, on the real data): the latest
// year in detail, every other year held once as compact arrays the page ranks from, and a
// page that opens quickly (issue 17: it had grown to 9.2 MB writing every year in full).

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>

#include "softpower/core/table.hpp"
#include "support/cli.hpp"
#include "support/data.hpp"
#include "support/held_years.hpp"
#include "support/scratch.hpp"
#include "support/text.hpp"

namespace softpower {
namespace {

using nlohmann::json;

// The bound on the panel's page: its latest year's detail and the years held once.
constexpr std::uintmax_t kMaxPanelPageBytes = 1'800'000;

TEST(IndexPanelReport, HoldsTheLatestYearInDetailAndEveryYearOnce) {
  SOFTPOWER_REQUIRE_DATA(data);
  const testing::ScratchDir scratch("panel-report");
  const auto out = scratch / "out";
  const auto r = testing::run_cli("index build " +
                                  (testing::source_dir() / "examples/soft-power.toml").string() +
                                  " --data " + data.string() + " --out " + out.string());
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_LE(std::filesystem::file_size(out / "report.html"), kMaxPanelPageBytes);
  const std::string page = read_file(out / "report.html");
  const json results = json::parse(read_file(out / "results.json"));
  const json& latest = results["years"].back();
  ASSERT_EQ(latest["year"], 2019);

  // The latest year in detail: its table, a profile per unit with the Data block of each unit
  // whose results rest on anything not observed, and a place for its trends.
  const std::size_t units = latest["units"].size();
  std::size_t with_coverage = 0;
  for (const json& u : latest["units"]) with_coverage += u.contains("coverage") ? 1 : 0;
  EXPECT_GT(with_coverage, 100u);
  EXPECT_EQ(testing::count(page, "<tr class=\"detail\" id=\"profile-2019-"), units);
  EXPECT_EQ(testing::count(page, "<div class=\"coverage\"><h4>Data</h4>"), with_coverage);
  EXPECT_EQ(testing::count(page, "<div class=\"trends\" data-unit="), units);
  EXPECT_NE(page.find("id=\"ranking-2019\""), std::string::npos);
  EXPECT_EQ(page.find("id=\"ranking-2018\""), std::string::npos);  // no table per year
  EXPECT_EQ(testing::count(page, "<option value="), 20u);

  // The held years give every unit of 2010 the rank scores.csv gives it.
  const json years = testing::held_years(page);
  ASSERT_TRUE(years.is_object());
  ASSERT_EQ(years["years"].size(), 20u);
  const auto t = static_cast<std::size_t>(2010 - 2000);
  ASSERT_EQ(years["years"][t], 2010);
  const auto held = testing::held_ranks(years, 2010);
  const Table scores = read_csv(out / "scores.csv");
  const std::size_t year = scores.column("year"), unit = scores.column("unit"),
                    code = scores.column("code"), rank = scores.column("rank"),
                    score = scores.column("score");
  std::map<std::string, long> expected;
  std::map<std::string, double> expected_score;
  for (std::size_t row = 0; row < scores.size(); ++row) {
    if (scores.cell(row, year) != "2010" || scores.cell(row, code) != "soft_power") continue;
    const double rk = scores.number(row, rank);
    expected[scores.cell(row, unit)] = std::isnan(rk) ? 0 : std::lround(rk);
    expected_score[scores.cell(row, unit)] = scores.number(row, score);
  }
  EXPECT_EQ(expected.size(), 167u);
  EXPECT_EQ(held, expected);
  // And its index score, in hundredths.
  for (std::size_t u = 0; u < years["units"].size(); ++u) {
    const std::string c = years["units"][u][0].get<std::string>();
    const json& s = years["scores"][0][t][u];
    if (expected_score.count(c) == 0 || std::isnan(expected_score[c])) {
      EXPECT_TRUE(s.is_null()) << c;
    } else {
      EXPECT_EQ(s.get<long>(), std::lround(expected_score[c] * 100)) << c;
    }
  }
}

}  // namespace
}  // namespace softpower
