// report/alignment_csv: the alignment operations' CSV files read back through the reader every
// input goes through: each number the double that was written, bit for bit (the files once
// held 6 significant digits or 6 decimals), undefined values empty, and codes holding a comma
// or a quote kept whole.

#include "softpower/report/alignment_csv.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "softpower/core/table.hpp"
#include "support/csv_cells.hpp"

namespace softpower::report {
namespace {

using testing::expect_cell_is;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

TEST(AlignmentCsv, AgreementReadsBackBitIdentical) {
  std::vector<alignment::DyadAgreement> dyads(2);
  dyads[0] = {74, "CUB", "USA", 89, 30.0 / 178, 1.0 / 3, -0.1 - 0.2, 2e-9, -1e-9, 1};
  dyads[1] = {74, "A,B", "say \"C\"", 1, 1, 1, kNaN, kNaN, kNaN, 0};
  const Table t = parse_csv(agreement_csv(dyads), {}, "agreement.csv");
  ASSERT_EQ(t.size(), 2U);
  EXPECT_EQ(t.header, (std::vector<std::string>{"period", "a", "b", "n", "agree", "s_score",
                                                "kappa", "kappa_w", "pi", "alignment"}));
  EXPECT_EQ(t.cell(1, 1), "A,B");
  EXPECT_EQ(t.cell(1, 2), "say \"C\"");
  for (std::size_t r = 0; r < 2; ++r) {
    const alignment::DyadAgreement& d = dyads[r];
    EXPECT_EQ(t.cell(r, 0), "74");
    EXPECT_EQ(t.cell(r, 3), std::to_string(d.n));
    const double values[] = {d.agree, d.s_score, d.kappa, d.kappa_w, d.pi, d.alignment};
    for (std::size_t m = 0; m < 6; ++m) expect_cell_is(t, r, 4 + m, values[m]);
  }
}

TEST(AlignmentCsv, IdealPointsAndSessionsReadBack) {
  alignment::IdealPointResult result;
  result.points = {{70, "USA", 1.2345678901234567, 0.000123456789, 30},
                   {70, "X,\"Y\"", -0.9876543210987654, kNaN, 12},
                   {71, "USA", 5e-7, 1e-300, 30}};
  result.sessions = {{70, 2015, 21, 30, {3, 9}, 42, true, "anchor"},
                     {71, 2016, 20, 29, {}, 500, false, "session 70, by \"sign\""}};
  const Table p = parse_csv(ideal_points_csv(result), {}, "ideal_points.csv");
  EXPECT_EQ(p.header, (std::vector<std::string>{"session", "country", "x", "se"}));
  ASSERT_EQ(p.size(), 3U);
  for (std::size_t r = 0; r < 3; ++r) {
    EXPECT_EQ(p.cell(r, 0), std::to_string(result.points[r].session));
    EXPECT_EQ(p.cell(r, 1), result.points[r].country);
    expect_cell_is(p, r, 2, result.points[r].x);
    expect_cell_is(p, r, 3, result.points[r].se);
  }
  EXPECT_EQ(ideal_point_sessions_csv(result),
            "session,year,model,states,items,dropped,bridged,iterations,converged,orientation\n"
            "70,2015,session,21,30,2,0,42,1,anchor\n"
            "71,2016,session,20,29,0,0,500,0,\"session 70, by \"\"sign\"\"\"\n");
  EXPECT_EQ(ideal_point_bridges_csv(result), "session_a,session_b,items\n");
  result.model = "bridged";
  result.sessions[0].bridged = 7;
  result.shared = {{70, 71, 7}, {70, 74, 1}};
  EXPECT_EQ(ideal_point_sessions_csv(result),
            "session,year,model,states,items,dropped,bridged,iterations,converged,orientation\n"
            "70,2015,bridged,21,30,2,7,42,1,anchor\n"
            "71,2016,bridged,20,29,0,0,500,0,\"session 70, by \"\"sign\"\"\"\n");
  EXPECT_EQ(ideal_point_bridges_csv(result), "session_a,session_b,items\n70,71,7\n70,74,1\n");
}

TEST(AlignmentCsv, AlignmentWithAndShiftsReadBack) {
  alignment::AlignmentWith result;
  result.focal = "USA";
  result.partners = {{"GBR", {1, 2, 3}, {0.9, 2.0 / 3, kNaN}, {0.123456789, kNaN, 0.25}},
                     {"P,Q", {2}, {1e-12}, {kNaN}}};
  result.shifts = {{"GBR", "agreement", 2, 0.9, 2.0 / 3}, {"P,Q", "distance", 3, 0.1, 0.7}};
  const std::map<int, int> years = {{1, 1946}, {2, 1947}};
  const Table s = parse_csv(alignment_with_csv(result, "kappa", years), {}, "alignment_with.csv");
  EXPECT_EQ(s.header,
            (std::vector<std::string>{"session", "year", "partner", "kappa", "distance"}));
  ASSERT_EQ(s.size(), 4U);
  EXPECT_EQ(s.cell(2, 1), "0");  // a session without a year
  EXPECT_EQ(s.cell(3, 2), "P,Q");
  std::size_t row = 0;
  for (const alignment::PartnerSeries& p : result.partners) {
    for (std::size_t i = 0; i < p.periods.size(); ++i, ++row) {
      EXPECT_EQ(s.cell(row, 0), std::to_string(p.periods[i]));
      expect_cell_is(s, row, 3, p.agreement[i]);
      expect_cell_is(s, row, 4, p.distance[i]);
    }
  }
  const Table h = parse_csv(alignment_shifts_csv(result, "kappa", years), {}, "shifts.csv");
  EXPECT_EQ(h.header, (std::vector<std::string>{"partner", "measure", "session", "year", "before",
                                                "after", "change"}));
  ASSERT_EQ(h.size(), 2U);
  EXPECT_EQ(h.cell(0, 1), "kappa");  // the agreement series is named by its measure
  EXPECT_EQ(h.cell(1, 0), "P,Q");
  EXPECT_EQ(h.cell(1, 1), "distance");
  EXPECT_EQ(h.cell(1, 3), "0");
  for (std::size_t r = 0; r < 2; ++r) {
    expect_cell_is(h, r, 4, result.shifts[r].before);
    expect_cell_is(h, r, 5, result.shifts[r].after);
    expect_cell_is(h, r, 6, result.shifts[r].size());
  }
}

}  // namespace
}  // namespace softpower::report
