// report/diffusion_csv: the files of `softpower simulate` read back through the reader every
// input goes through: measures named after a scenario's country codes stay whole even when a
// code holds a comma or a quote, and every number is the double that was written, bit for bit
// (the files once held 6 significant digits).

#include "softpower/report/diffusion_csv.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "softpower/core/table.hpp"
#include "support/csv_cells.hpp"

namespace softpower::report {
namespace {

using testing::expect_cell_is;

using diffusion::Ensemble;
using diffusion::Interval;
using diffusion::RunSeries;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Two runs of three measures, one named after the country code `A,"B"`.
Ensemble two_runs() {
  Ensemble e;
  e.measures = {"regions", "smax", "attraction_A,\"B\"_KOR"};
  e.interval = 1000;
  RunSeries a;
  a.seed = 18446744073709551615ULL;
  a.events = 2000;
  a.absorbed = true;
  a.times = {0, 1000, 2000};
  a.values = {{100, 0.01, kNaN}, {37, 1.0 / 3, 0.1 + 0.2}, {2, 0.987654321, 0.123456789}};
  RunSeries b;
  b.seed = 7;
  b.events = 1500;
  b.times = {0, 1500};
  b.values = {{100, 0.01, kNaN}, {5, 2.0 / 3, 1e-17}};
  e.runs = {a, b};
  return e;
}

TEST(DiffusionCsv, SummaryAndSeriesKeepNamesAndEveryDigit) {
  const Ensemble e = two_runs();
  const Table s = parse_csv(diffusion_summary_csv(e), {}, "summary.csv");
  EXPECT_EQ(s.header, (std::vector<std::string>{"run", "events", "regions", "smax",
                                                "attraction_A,\"B\"_KOR", "absorbed", "seed"}));
  ASSERT_EQ(s.size(), 2U);
  EXPECT_EQ(s.cell(0, 1), "2000");
  EXPECT_EQ(s.cell(0, 5), "1");
  EXPECT_EQ(s.cell(0, 6), "18446744073709551615");
  EXPECT_EQ(s.cell(1, 5), "0");
  for (std::size_t r = 0; r < 2; ++r) {
    for (std::size_t m = 0; m < 3; ++m) expect_cell_is(s, r, 2 + m, e.runs[r].final()[m]);
  }
  const Table t = parse_csv(diffusion_series_csv(e), {}, "series.csv");
  EXPECT_EQ(t.header, (std::vector<std::string>{"run", "events", "regions", "smax",
                                                "attraction_A,\"B\"_KOR"}));
  ASSERT_EQ(t.size(), 5U);
  std::size_t row = 0;
  for (std::size_t r = 0; r < 2; ++r) {
    for (std::size_t p = 0; p < e.runs[r].times.size(); ++p, ++row) {
      EXPECT_EQ(t.cell(row, 0), std::to_string(r));
      EXPECT_EQ(t.cell(row, 1), std::to_string(e.runs[r].times[p]));
      for (std::size_t m = 0; m < 3; ++m) expect_cell_is(t, row, 2 + m, e.runs[r].values[p][m]);
    }
  }
}

TEST(DiffusionCsv, EnsembleAndFinalReadBack) {
  const Ensemble e = two_runs();
  const std::vector<std::vector<Interval>> over = diffusion::over_time(e);
  const std::vector<Interval> end = diffusion::at_end(e);
  const Table t = parse_csv(diffusion_ensemble_csv(e, over), {}, "ensemble.csv");
  const std::vector<std::uint64_t> grid = e.grid();
  ASSERT_EQ(t.size(), grid.size() * 3);
  for (std::size_t p = 0; p < grid.size(); ++p) {
    for (std::size_t m = 0; m < 3; ++m) {
      const std::size_t row = p * 3 + m;
      EXPECT_EQ(t.cell(row, 0), std::to_string(grid[p]));
      EXPECT_EQ(t.cell(row, 1), e.measures[m]);
      const Interval& i = over[p][m];
      expect_cell_is(t, row, 2, i.mean);
      expect_cell_is(t, row, 3, i.sd);
      expect_cell_is(t, row, 4, i.lo);
      expect_cell_is(t, row, 5, i.hi);
      EXPECT_EQ(t.cell(row, 6), std::to_string(i.n));
    }
  }
  const Table f = parse_csv(diffusion_final_csv(e, end), {}, "final.csv");
  ASSERT_EQ(f.size(), 4U);
  EXPECT_EQ(f.cell(0, 0), "events");
  expect_cell_is(f, 0, 1, 1750);
  EXPECT_EQ(f.cell(3, 0), "attraction_A,\"B\"_KOR");
  for (std::size_t m = 0; m < 3; ++m) {
    expect_cell_is(f, 1 + m, 1, end[m].mean);
    expect_cell_is(f, 1 + m, 2, end[m].sd);
    expect_cell_is(f, 1 + m, 4, end[m].hi);
  }
  EXPECT_FALSE(std::isnan(end[2].sd));  // a measure with digits to lose
}

TEST(DiffusionCsv, ComparisonQuotesTheScenarioName) {
  ComparisonRow row;
  row.scenario = "Hallyu, \"digital first\"";
  row.country = "JPN";
  row.exporter = "KOR";
  row.attraction_start = {0.1, 0, 0.1, 0.1, 3};
  row.attraction = {1.0 / 3, 0.01, 0.3, 0.36666666666666664, 3};
  row.homogenisation = {kNaN, kNaN, kNaN, kNaN, 0};
  row.diversity_drop = {0.2, 0, 0.2, 0.2, 3};
  row.asymmetry = {-0.05, 0.01, -0.07, -0.03, 3};
  const Table c = parse_csv(diffusion_comparison_csv({row}), {}, "comparison.csv");
  ASSERT_EQ(c.size(), 1U);
  ASSERT_EQ(c.header.size(), 16U);
  EXPECT_EQ(c.cell(0, 0), "Hallyu, \"digital first\"");
  EXPECT_EQ(c.cell(0, 1), "JPN");
  EXPECT_EQ(c.cell(0, 2), "KOR");
  expect_cell_is(c, 0, 3, 0.1);
  expect_cell_is(c, 0, 4, 1.0 / 3);
  expect_cell_is(c, 0, 6, 0.36666666666666664);
  expect_cell_is(c, 0, 7, kNaN);
  expect_cell_is(c, 0, 13, -0.05);
  expect_cell_is(c, 0, 15, -0.03);
}

}  // namespace
}  // namespace softpower::report
