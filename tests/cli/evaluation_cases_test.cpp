// The applied cases of examples/evaluations/ run as a user runs them (bash, the built command,
// the shared data), and give the design and the figures their docs pages state
// (docs/evaluation-china-confucius.md, docs/evaluation-philippines-2016.md).

#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <map>
#include <string>

#include "softpower/core/table.hpp"
#include "support/cli.hpp"
#include "support/data.hpp"
#include "support/paths.hpp"
#include "support/scratch.hpp"

namespace softpower {
namespace {

namespace fs = std::filesystem;

// Runs a case script with the built command and the shared data; what it printed.
std::string run_case(const std::string& script, const fs::path& data, const fs::path& out) {
  const std::string command =
      "SOFTPOWER=" + std::string(testing::cli_path()) + " SOFTPOWER_DATA=" + data.string() +
      " bash " + (testing::source_dir() / "examples" / "evaluations" / script).string() + " " +
      out.string() + " 2>&1";
  std::string text;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return "popen failed";
  std::array<char, 4096> buffer{};
  std::size_t n = 0;
  while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) text.append(buffer.data(), n);
  const int status = pclose(pipe);
  EXPECT_EQ(status, 0) << text;
  return text;
}

// Column `value` of the rows of a CSV file, keyed by the values of two columns joined by '|'.
std::map<std::string, double> column(const fs::path& file, const std::string& a,
                                     const std::string& b, const std::string& value) {
  const Table t = read_csv(file);
  std::map<std::string, double> out;
  for (std::size_t r = 0; r < t.size(); ++r) {
    out[t.cell(r, t.column(a)) + "|" + t.cell(r, t.column(b))] = t.number(r, t.column(value));
  }
  return out;
}

TEST(EvaluationCases, ConfuciusInstitutesAndAgreementWithChina) {
  SOFTPOWER_REQUIRE_DATA(data);
  testing::ScratchDir dir("softpower-case-confucius");
  const std::string log = run_case("china-confucius.sh", data, dir.path());
  EXPECT_NE(log.find("left out 4 units, without the outcome in all 17 periods: KGZ, TJK, TLS, UZB"),
            std::string::npos)
      << log;
  EXPECT_NE(log.find("34 units (0 dropped"), std::string::npos) << log;
  // 20 cohorts' countries and 14 never treated: ATT(g,t) for the 8 cohorts 2004-2012.
  const auto notyet = column(dir / "confucius-notyet" / "aggregate.csv", "type", "key", "estimate");
  const auto notyet_lo = column(dir / "confucius-notyet" / "aggregate.csv", "type", "key", "ci_lo");
  const auto notyet_hi = column(dir / "confucius-notyet" / "aggregate.csv", "type", "key", "ci_hi");
  EXPECT_NEAR(notyet.at("simple|"), 0.0069, 5e-5);
  EXPECT_NEAR(notyet_lo.at("simple|"), -0.0127, 5e-4);  // bootstrap band: seed 1, 1,000 draws
  EXPECT_NEAR(notyet_hi.at("simple|"), 0.0265, 5e-4);
  EXPECT_NEAR(notyet.at("dynamic|"), 0.0034, 5e-5);
  std::size_t groups = 0;
  for (const auto& [key, v] : notyet) groups += key.rfind("group|20", 0) == 0 ? 1 : 0;
  EXPECT_EQ(groups, 8u);
  const auto never = column(dir / "confucius-never" / "aggregate.csv", "type", "key", "estimate");
  EXPECT_NEAR(never.at("simple|"), 0.0104, 5e-5);
  // The pre-trend: 12 years before, -0.115 against the year before opening.
  const auto universal =
      column(dir / "confucius-universal" / "aggregate.csv", "type", "key", "estimate");
  EXPECT_NEAR(universal.at("dynamic|-12"), -0.115, 5e-4);
  EXPECT_NEAR(universal.at("dynamic|-5"), -0.006, 5e-4);
  EXPECT_EQ(universal.at("dynamic|-1"), 0.0);
  const auto visits = column(dir / "visits" / "aggregate.csv", "type", "key", "estimate");
  EXPECT_NEAR(visits.at("simple|"), 0.0483, 5e-5);
  EXPECT_NE(log.find("16 units (18 dropped: treated from the first period)"), std::string::npos)
      << log;
  // The decomposition's weights: 75% treated against never treated.
  const Table bacon = read_csv(dir / "confucius-notyet" / "bacon.csv");
  double never_weight = 0;
  for (std::size_t r = 0; r < bacon.size(); ++r) {
    if (bacon.cell(r, bacon.column("type")) == "treated vs never treated")
      never_weight += bacon.number(r, bacon.column("weight"));
  }
  EXPECT_NEAR(never_weight, 0.746, 5e-4);
}

TEST(EvaluationCases, ThePhilippinesTurnOf2016) {
  SOFTPOWER_REQUIRE_DATA(data);
  testing::ScratchDir dir("softpower-case-philippines");
  const std::string log = run_case("philippines-2016.sh", data, dir.path());
  EXPECT_NE(log.find("34 units (1 treated from 2016), 20 periods (16 before)"), std::string::npos)
      << log;
  const fs::path out = dir / "agreement-chn";
  const Table estimates = read_csv(out / "estimates.csv");
  std::map<std::string, std::pair<double, double>> e;
  for (std::size_t r = 0; r < estimates.size(); ++r) {
    e[estimates.cell(r, 0)] = {estimates.number(r, estimates.column("estimate")),
                               estimates.number(r, estimates.column("se"))};
  }
  EXPECT_NEAR(e.at("did").first, -0.0205, 5e-5);
  EXPECT_NEAR(e.at("sc").first, 0.0036, 5e-5);
  EXPECT_NEAR(e.at("sdid").first, -0.0040, 5e-5);
  EXPECT_NEAR(e.at("sdid").second, 0.0443, 5e-4);
  const auto paths = column(out / "paths.csv", "estimator", "time", "treated");
  EXPECT_NEAR(paths.at("sdid|2017"), 0.783, 5e-4);
  // Under synthetic DiD, 28 of the 34 units have a post/pre RMSPE ratio at least the
  // Philippines' (permutation p = 28/34).
  const Table placebos = read_csv(out / "placebos.csv");
  double own = 0;
  std::size_t units = 0, as_large = 0;
  for (std::size_t r = 0; r < placebos.size(); ++r) {
    if (placebos.cell(r, 0) != "sdid") continue;
    const double ratio = placebos.number(r, placebos.column("ratio"));
    if (placebos.cell(r, placebos.column("treated")) == "1") own = ratio;
  }
  for (std::size_t r = 0; r < placebos.size(); ++r) {
    if (placebos.cell(r, 0) != "sdid") continue;
    ++units;
    as_large += placebos.number(r, placebos.column("ratio")) >= own ? 1 : 0;
  }
  EXPECT_EQ(units, 34u);
  EXPECT_EQ(as_large, 28u);
}

}  // namespace
}  // namespace softpower
