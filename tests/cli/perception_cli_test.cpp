// The perception commands end to end, through the `softpower` binary: aggregate the real GDELT
// exports, generate a file with a known tone shift and find it with `perception shifts`, a
// malformed line reported with its file and line, and clear errors for bad input.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "softpower/core/table.hpp"
#include "support/cli.hpp"
#include "support/data.hpp"
#include "support/scratch.hpp"

namespace softpower {
namespace {

namespace fs = std::filesystem;

class PerceptionCli : public ::testing::Test {
 protected:
  testing::ScratchDir scratch_{"softpower-cli"};
  fs::path out_ = scratch_.path();
};

std::size_t column(const Table& t, const std::string& name) {
  for (std::size_t i = 0; i < t.header.size(); ++i) {
    if (t.header[i] == name) return i;
  }
  ADD_FAILURE() << "no column " << name;
  return 0;
}

TEST_F(PerceptionCli, AggregatesTheRealExports) {
  SOFTPOWER_REQUIRE_DATA(data);
  const auto r = testing::run_cli("perception aggregate " + (data / "gdelt" / "events").string() +
                                  " --by year --out " + (out_ / "a").string());
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("7396 events, 7396 kept"), std::string::npos) << r.out;
  const Table dyads = read_csv(out_ / "a" / "dyads.csv");
  EXPECT_EQ(dyads.header,
            (std::vector<std::string>{"period", "source", "target", "events", "mentions", "tone",
                                      "goldstein", "q1", "q2", "q3", "q4", "share", "coop"}));
  const Table targets = read_csv(out_ / "a" / "targets.csv");
  EXPECT_EQ(targets.header[1], "country");
  const Table periods = read_csv(out_ / "a" / "periods.csv");
  long long events = 0;
  for (const auto& row : periods.rows) events += std::stoll(row[column(periods, "events")]);
  EXPECT_EQ(events, 7396);
  // The United States as target, all years together, equals the sum of its yearly rows.
  long long us = 0;
  for (const auto& row : targets.rows) {
    if (row[1] == "USA") us += std::stoll(row[column(targets, "events")]);
  }
  EXPECT_EQ(us, 884);
  for (const char* file : {"sources.csv", "problems.csv"})
    EXPECT_TRUE(fs::exists(out_ / "a" / file));
}

TEST_F(PerceptionCli, GeneratesAShiftAndFindsIt) {
  SOFTPOWER_REQUIRE_DATA(data);
  const fs::path file = out_ / "gen.export.CSV.gz";
  const auto g = testing::run_cli("perception generate " + file.string() +
                                  " --rows 80000 --seed 3 --from 20160101 --to 20181231 "
                                  "--shift GBR:20170701:-4 --data " +
                                  data.string());
  ASSERT_EQ(g.status, 0) << g.out;
  EXPECT_NE(g.out.find("80000 events"), std::string::npos) << g.out;
  const auto s = testing::run_cli("perception shifts " + file.string() +
                                  " --country GBR --country USA --out " + (out_ / "s").string());
  ASSERT_EQ(s.status, 0) << s.out;
  const Table cp = read_csv(out_ / "s" / "changepoints.csv");
  EXPECT_EQ(cp.header, (std::vector<std::string>{"country", "partner", "role", "series", "method",
                                                 "period", "before", "after", "change"}));
  bool found = false;
  for (const auto& row : cp.rows) {
    if (row[0] == "GBR" && row[5] == "2017-07") {
      found = true;
      EXPECT_NEAR(std::stod(row[8]), -4.0, 1.0);
    }
  }
  EXPECT_TRUE(found) << s.out;
  const Table series = read_csv(out_ / "s" / "series.csv");
  EXPECT_EQ(series.rows.size(), 72u);  // 36 months for each of the two countries
  std::ifstream page(out_ / "s" / "perception.html");
  const std::string html((std::istreambuf_iterator<char>(page)), std::istreambuf_iterator<char>());
  EXPECT_NE(html.find("media treats United Kingdom"), std::string::npos);
  EXPECT_NE(html.find("Top partners"), std::string::npos);
}

// Thin data (docs/perception-shifts.md): the four 15-minute exports spread a few hundred events
// over five years of months, and used to give Israel a "shift" from four points; now no series
// of theirs gets a change point, and the command and the page say why. Georgia's 1.0 files lack
// March 2013: the page shows the month as a gap instead of joining February to April.
TEST_F(PerceptionCli, ThinSeriesGetNoChangePointAndGapsShow) {
  SOFTPOWER_REQUIRE_DATA(data);
  const auto slices = testing::run_cli("perception shifts " + (data / "gdelt" / "events").string() +
                                       " --out " + (out_ / "slices").string());
  ASSERT_EQ(slices.status, 0) << slices.out;
  EXPECT_NE(slices.out.find("0 change points in 6 series"), std::string::npos) << slices.out;
  EXPECT_NE(slices.out.find("6 series too thin for change points"), std::string::npos);
  EXPECT_NE(slices.out.find("Israel (ISR): no change points sought: only 3 of the 49 months from "
                            "2015-10 to 2019-10 have 20 events or more"),
            std::string::npos)
      << slices.out;
  EXPECT_TRUE(read_csv(out_ / "slices" / "changepoints.csv").rows.empty());
  std::ifstream slices_page(out_ / "slices" / "perception.html");
  const std::string thin((std::istreambuf_iterator<char>(slices_page)),
                         std::istreambuf_iterator<char>());
  EXPECT_NE(thin.find("No change points sought:</strong> only 4 of the 50 months"),
            std::string::npos);
  EXPECT_EQ(thin.find("class=\"level\""), std::string::npos);  // no segment level drawn
  // Asked for less, the old "shift" comes back: the minimums are what hid it.
  const auto lenient =
      testing::run_cli("perception shifts " + (data / "gdelt" / "events").string() +
                       " --country ISR --shift-min-periods 2 --shift-min-coverage 0 --out " +
                       (out_ / "lenient").string());
  ASSERT_EQ(lenient.status, 0) << lenient.out;
  EXPECT_NE(lenient.out.find("Israel (ISR) from 2019-01"), std::string::npos) << lenient.out;

  const auto georgia =
      testing::run_cli("perception shifts " + (data / "gdelt" / "undp-georgia-gdelt1").string() +
                       " --country GEO --out " + (out_ / "georgia").string());
  ASSERT_EQ(georgia.status, 0) << georgia.out;
  EXPECT_NE(georgia.out.find("Georgia (GEO) from 2012-11"), std::string::npos) << georgia.out;
  std::ifstream georgia_page(out_ / "georgia" / "perception.html");
  const std::string page((std::istreambuf_iterator<char>(georgia_page)),
                         std::istreambuf_iterator<char>());
  EXPECT_NE(page.find("from 2011-06 to 2013-05: 24 periods, 23 of them with events"),
            std::string::npos);
  EXPECT_NE(page.find("No data in the input: 2013-03."), std::string::npos);
  EXPECT_NE(page.find("<title>2013-03: no data in the input</title>"), std::string::npos);
  EXPECT_EQ(page.find("No change points sought"), std::string::npos);
}

TEST_F(PerceptionCli, MalformedLinesAreReportedAndBadInputIsRefused) {
  SOFTPOWER_REQUIRE_DATA(data);
  // One real export with a broken line appended.
  const fs::path file = out_ / "broken.export.CSV";
  fs::copy_file(data / "gdelt" / "events" / "20190121220000.export.CSV", file);
  {
    std::ofstream out(file, std::ios::app);
    out << "123\tnot a date\n";
  }
  const auto r =
      testing::run_cli("perception aggregate " + file.string() + " --out " + (out_ / "a").string());
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("1 malformed lines"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("broken.export.CSV:1630"), std::string::npos) << r.out;
  const Table problems = read_csv(out_ / "a" / "problems.csv");
  ASSERT_EQ(problems.rows.size(), 1u);
  EXPECT_EQ(problems.rows[0][1], "1630");

  const auto strict = testing::run_cli("perception aggregate " + file.string() +
                                       " --strict --out " + (out_ / "b").string());
  EXPECT_EQ(strict.status, 1);
  EXPECT_NE(strict.out.find("broken.export.CSV:1630"), std::string::npos) << strict.out;
  EXPECT_FALSE(fs::exists(out_ / "b" / "dyads.csv"));

  const auto missing = testing::run_cli("perception aggregate " + (out_ / "nothing").string());
  EXPECT_EQ(missing.status, 1);
  EXPECT_NE(missing.out.find("nothing"), std::string::npos) << missing.out;
  const auto country = testing::run_cli("perception shifts " + file.string() +
                                        " --country XYZ --out " + (out_ / "c").string());
  EXPECT_EQ(country.status, 1);
  EXPECT_NE(country.out.find("--country XYZ"), std::string::npos) << country.out;
  const auto dyad = testing::run_cli("perception shifts " + file.string() +
                                     " --country USA --role dyad --out " + (out_ / "d").string());
  EXPECT_EQ(dyad.status, 1);
  EXPECT_NE(dyad.out.find("--partner"), std::string::npos) << dyad.out;
}

// `perception shifts` reads the columns `perception aggregate` sums, no more (docs/
// perception-data.md, "Which columns are checked"): a line whose only fault is in NumSources is
// counted by both, and only --strict, which checks every column, stops at it.
TEST_F(PerceptionCli, AggregateAndShiftsCheckTheSameColumns) {
  SOFTPOWER_REQUIRE_DATA(data);
  const std::string text = read_file(data / "gdelt" / "events" / "20190121220000.export.CSV");
  // Line 3's NumSources (the 33rd of 61 tab-separated columns) becomes "x".
  std::size_t at = text.find('\n', text.find('\n') + 1) + 1;
  for (int tab = 0; tab < 32; ++tab) at = text.find('\t', at) + 1;
  const std::size_t end = text.find('\t', at);
  ASSERT_EQ(text.substr(at, end - at), "1");
  const fs::path file = out_ / "sources.export.CSV";
  write_file_atomic(file, text.substr(0, at) + "x" + text.substr(end));
  for (const char* command : {"aggregate", "shifts"}) {
    const auto r = testing::run_cli(std::string("perception ") + command + " " + file.string() +
                                    " --out " + (out_ / command).string());
    ASSERT_EQ(r.status, 0) << r.out;
    EXPECT_NE(r.out.find(": 1629 events, 1629 kept"), std::string::npos) << command << r.out;
    EXPECT_EQ(r.out.find("malformed"), std::string::npos) << command << r.out;
    const auto strict =
        testing::run_cli(std::string("perception ") + command + " " + file.string() +
                         " --strict --out " + (out_ / (std::string(command) + "-strict")).string());
    EXPECT_EQ(strict.status, 1);
    EXPECT_NE(strict.out.find("sources.export.CSV:3: field 'NumSources': 'x' is not a count"),
              std::string::npos)
        << command << strict.out;
  }
}

}  // namespace
}  // namespace softpower
