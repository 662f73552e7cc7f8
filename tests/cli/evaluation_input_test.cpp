// Where `evaluate panel` and `evaluate staggered` read their panel from: a file as it is, a
// file whose countries go through the registry, or workspace datasets joined by country and
// year; and the programme given as a column, as the first period of positive activity, or as
// named units from a period on. Each way of giving the same panel gives the same bytes.

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "softpower/core/error.hpp"
#include "softpower/core/table.hpp"
#include "support/cli.hpp"
#include "support/data.hpp"
#include "support/scratch.hpp"

namespace softpower {
namespace {

namespace fs = std::filesystem;

struct Country {
  const char* code;
  const char* name;
};

// 24 states present throughout 2000-2009; the first 12 adopt in 2004 or 2006, the rest never.
constexpr Country kCountries[] = {
    {"FRA", "France"},    {"DEU", "Germany"},     {"ITA", "Italy"},   {"ESP", "Spain"},
    {"PRT", "Portugal"},  {"NLD", "Netherlands"}, {"BEL", "Belgium"}, {"AUT", "Austria"},
    {"SWE", "Sweden"},    {"NOR", "Norway"},      {"DNK", "Denmark"}, {"FIN", "Finland"},
    {"POL", "Poland"},    {"IRL", "Ireland"},     {"GRC", "Greece"},  {"HUN", "Hungary"},
    {"JPN", "Japan"},     {"CAN", "Canada"},      {"MEX", "Mexico"},  {"BRA", "Brazil"},
    {"ARG", "Argentina"}, {"CHL", "Chile"},       {"IND", "India"},   {"AUS", "Australia"}};

int cohort_of(std::size_t i) {
  return i < 6 ? 2004 : (i < 12 ? 2006 : 0);
}

// A deterministic outcome with unit and period effects, noise and a growing effect.
double outcome_of(std::size_t i, int year) {
  const int cohort = cohort_of(i);
  const double effect = cohort != 0 && year >= cohort ? 0.5 + 0.25 * (year - cohort) : 0.0;
  return 0.3 * static_cast<double>(i) + 0.1 * (year - 2000) +
         0.2 * std::sin(static_cast<double>(i * 13 + year)) + effect;
}

// Activity: 2 programmes opened in the adoption year, none other years, and some years not
// recorded (missing); a never-adopting state with nothing recorded at all (AUS).
std::string activity_of(std::size_t i, int year) {
  if (std::string(kCountries[i].code) == "AUS") return "";
  if (year == cohort_of(i)) return "2";
  return (i + static_cast<std::size_t>(year)) % 5 == 0 ? "" : "0";
}

struct Files {
  fs::path reference;  ///< ISO3 codes and the cohort column, AUS left out
  fs::path names;      ///< country names, the outcome and the activity, one unmappable row
  fs::path outcome;    ///< names and the outcome only
  fs::path activity;   ///< ISO3 codes and the activity only
};

Files write_files(const fs::path& dir) {
  Files f{dir / "reference.csv", dir / "names.csv", dir / "outcome.csv", dir / "activity.csv"};
  std::string reference = "iso,year,y,cohort\n", names = "country,year,y,opened\n";
  std::string outcome = "country,year,y\n", activity = "iso,year,opened\n";
  for (std::size_t i = 0; i < std::size(kCountries); ++i) {
    for (int year = 2000; year <= 2009; ++year) {
      const std::string y = fmt::format("{}", outcome_of(i, year));
      const std::string a = activity_of(i, year);
      if (std::string(kCountries[i].code) != "AUS") {
        reference += fmt::format("{},{},{},{}\n", kCountries[i].code, year, y, cohort_of(i));
      }
      names += fmt::format("{},{},{},{}\n", kCountries[i].name, year, y, a);
      outcome += fmt::format("{},{},{}\n", kCountries[i].name, year, y);
      activity += fmt::format("{},{},{}\n", kCountries[i].code, year, a);
    }
  }
  names += "Atlantis,2003,1.5,0\n";
  write_file_atomic(f.reference, reference);
  write_file_atomic(f.names, names);
  write_file_atomic(f.outcome, outcome);
  write_file_atomic(f.activity, activity);
  return f;
}

std::string file_text(const fs::path& p) {
  return read_file(p);
}

// The JSON answer of a command run with --json, after what it logged.
nlohmann::json answer(const std::string& out) {
  const std::size_t at = out.rfind("\n{");
  return nlohmann::json::parse(at == std::string::npos ? out : out.substr(at + 1));
}

void expect_same_files(const fs::path& a, const fs::path& b,
                       const std::vector<std::string>& files) {
  for (const std::string& f : files) {
    EXPECT_EQ(file_text(a / f), file_text(b / f)) << f << ": " << a << " against " << b;
  }
}

TEST(EvaluationInput, DatasetsAndRegistryMappedFilesGiveTheSamePanelAsAPlainFile) {
  testing::ScratchDir dir("softpower-evaluate-input");
  const Files f = write_files(dir.path());
  const std::string common = " --outcome y --reps 0";
  auto r = testing::run_cli("--json evaluate staggered " + f.reference.string() +
                            " --unit iso --time year --cohort cohort --out " +
                            (dir / "reference").string() + common);
  ASSERT_EQ(r.status, 0) << r.out;
  const nlohmann::json reference = answer(r.out);
  EXPECT_EQ(reference["units"], 23);
  EXPECT_TRUE(reference["left_out"].empty());
  const std::vector<std::string> tables = {"att_gt.csv", "aggregate.csv", "bacon.csv"};

  // The file with names: mapped through the registry, Atlantis reported and left out, the
  // cohort the first year with activity above 0, AUS (no activity recorded) left out.
  r = testing::run_cli("--json evaluate staggered " + f.names.string() +
                       " --code-system name --unit country --time year --adoption opened --out " +
                       (dir / "names").string() + common);
  ASSERT_EQ(r.status, 0) << r.out;
  nlohmann::json result = answer(r.out);
  EXPECT_EQ(result["left_out"], nlohmann::json::array({"AUS (no value of opened)"}));
  expect_same_files(dir / "reference", dir / "names", tables);
  r = testing::run_cli("evaluate staggered " + f.names.string() +
                       " --code-system name --unit country --time year --adoption opened "
                       "--outcome y --reps 0 --out " +
                       (dir / "names").string());
  EXPECT_NE(r.out.find("1 rows not mapped to a country, left out: line 242 'Atlantis' (unknown "
                       "name)"),
            std::string::npos)
      << r.out;

  // Two workspace datasets, one naming countries by name and one by code, joined.
  const std::string ws = (dir / "w.workspace").string();
  r = testing::run_cli("import --workspace " + ws + " --file " + f.outcome.string() +
                       " --unit-column country --code-system name --year-column year "
                       "--value-columns y --name outcome");
  ASSERT_EQ(r.status, 0) << r.out;
  r = testing::run_cli("import --workspace " + ws + " --file " + f.activity.string() +
                       " --unit-column iso --code-system iso3 --year-column year "
                       "--value-columns opened --name programme");
  ASSERT_EQ(r.status, 0) << r.out;
  r = testing::run_cli("--json evaluate staggered --workspace " + ws +
                       " --dataset outcome --dataset programme --adoption opened --out " +
                       (dir / "datasets").string() + common);
  ASSERT_EQ(r.status, 0) << r.out;
  result = answer(r.out);
  EXPECT_EQ(result["units"], 23);
  EXPECT_NE(result["source"].get<std::string>().find("outcome + programme"), std::string::npos);
  expect_same_files(dir / "reference", dir / "datasets", tables);

  // --above: activity must exceed 2, which it never does: every state is never treated.
  r = testing::run_cli("evaluate staggered --workspace " + ws +
                       " --dataset outcome,programme --adoption opened --above 2 --outcome y "
                       "--reps 0 --out " +
                       (dir / "above").string());
  EXPECT_EQ(r.status, 1) << r.out;
  EXPECT_NE(r.out.find("treated"), std::string::npos) << r.out;

  // --units and --periods select; --units with a unit the panel lacks is refused.
  r = testing::run_cli("--json evaluate staggered --workspace " + ws +
                       " --dataset outcome,programme --adoption opened --units "
                       "FRA,DEU,ITA,FIN,POL,IRL,GRC,HUN --periods 2001:2008 --out " +
                       (dir / "subset").string() + common);
  ASSERT_EQ(r.status, 0) << r.out;
  result = answer(r.out);
  EXPECT_EQ(result["units"], 8);
  const Table att = read_csv(dir / "subset" / "att_gt.csv");
  for (std::size_t k = 0; k < att.size(); ++k) {
    const double t = att.number(k, att.column("time"));
    EXPECT_TRUE(t >= 2002 && t <= 2008) << t;  // the first period is every group's base
  }
  r = testing::run_cli("evaluate staggered --workspace " + ws +
                       " --dataset outcome,programme --adoption opened --outcome y --units XYZ");
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.out.find("--units: outcome + programme"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("has no unit 'XYZ'"), std::string::npos) << r.out;
}

TEST(EvaluationInput, ANamedTreatedUnitFromAPeriodIsTheTreatmentColumn) {
  SOFTPOWER_REQUIRE_DATA(data);
  testing::ScratchDir dir("softpower-evaluate-treated");
  const std::string p99 = (data / "evaluation" / "california_prop99.csv").string();
  const std::string common =
      p99 + " --unit State --time Year --outcome PacksPerCapita --se none --out ";
  auto r = testing::run_cli("evaluate panel " + common + (dir / "column").string() +
                            " --treatment treated");
  ASSERT_EQ(r.status, 0) << r.out;
  r = testing::run_cli("evaluate panel " + common + (dir / "named").string() +
                       " --treated California --start 1989");
  ASSERT_EQ(r.status, 0) << r.out;
  expect_same_files(
      dir / "column", dir / "named",
      {"estimates.csv", "unit_weights.csv", "time_weights.csv", "paths.csv", "placebos.csv"});
  // Fewer periods: the estimate changes, the design is the same.
  r = testing::run_cli("--json evaluate panel " + common + (dir / "late").string() +
                       " --treated California --start 1989 --periods 1980:2000");
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_EQ(answer(r.out)["periods"], 21);
}

TEST(EvaluationInput, IncompleteUnitsStopOrAreLeftOutAndListed) {
  testing::ScratchDir dir("softpower-evaluate-incomplete");
  const Files f = write_files(dir.path());
  std::string text = read_file(f.reference);
  const std::string row = fmt::format("DEU,2003,{},2004\n", outcome_of(1, 2003));
  const std::size_t at = text.find(row);
  ASSERT_NE(at, std::string::npos);
  text.replace(at, row.size(), "DEU,2003,,2004\n");
  const fs::path gap = dir / "gap.csv";
  write_file_atomic(gap, text);
  const std::string args = gap.string() +
                           " --unit iso --time year --outcome y --cohort cohort "
                           "--reps 0 --out " +
                           (dir / "out").string();
  auto r = testing::run_cli("evaluate staggered " + args);
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.out.find("unit 'DEU' has no outcome in period 2003"), std::string::npos) << r.out;
  r = testing::run_cli("--json evaluate staggered " + args + " --drop-incomplete");
  ASSERT_EQ(r.status, 0) << r.out;
  const nlohmann::json result = answer(r.out);
  EXPECT_EQ(result["units"], 22);
  EXPECT_EQ(result["left_out"],
            nlohmann::json::array({"DEU (without the outcome in all 10 periods)"}));
}

TEST(EvaluationInput, InputGivenTwiceOrNotAtAllIsRefusedSayingHow) {
  testing::ScratchDir dir("softpower-evaluate-input-errors");
  const Files f = write_files(dir.path());
  const std::string ws = (dir / "w.workspace").string();
  ASSERT_EQ(testing::run_cli("import --workspace " + ws + " --file " + f.activity.string() +
                             " --unit-column iso --code-system iso3 --year-column year "
                             "--value-columns opened --name programme")
                .status,
            0);
  const std::string out = " --out " + (dir / "out").string();
  const std::string file = f.reference.string();
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"evaluate staggered --outcome y --cohort cohort" + out,
       "give the panel: a CSV FILE, or --dataset NAME"},
      {"evaluate staggered " + file + " --outcome y --cohort cohort" + out,
       "--unit and --time: name the columns of FILE"},
      {"evaluate staggered " + file + " --unit iso --time year --outcome y" + out,
       "give the cohort: --cohort COLUMN or --adoption COLUMN"},
      {"evaluate staggered " + file +
           " --unit iso --time year --outcome y --cohort cohort --adoption cohort" + out,
       "give the cohort only once"},
      {"evaluate panel " + file + " --unit iso --time year --outcome y --treated FRA" + out,
       "--treated and --start go together"},
      {"evaluate panel " + file + " --unit iso --time year --outcome y --treated XYZ --start 2004" +
           out,
       "--treated: " + file + " has no unit 'XYZ'"},
      {"evaluate staggered " + file +
           " --unit iso --time year --outcome y --cohort cohort --periods 2009:2001" + out,
       "--periods: '2009:2001' is not a range FROM:TO"},
      {"evaluate staggered " + file +
           " --unit iso --time year --outcome y --cohort cohort --periods 1990:1995" + out,
       "has no rows in these periods"},
      {"evaluate staggered " + file + " --dataset programme --outcome y --adoption opened" + out,
       "--dataset: give workspace datasets or a FILE, not both"},
      {"evaluate staggered --workspace " + ws +
           " --dataset programme --unit iso --outcome y --adoption opened" + out,
       "--unit: not with --dataset"},
      {"evaluate staggered --workspace " + ws +
           " --dataset programme --outcome y --adoption opened" + out,
       "no indicator 'y'; programme has opened"},
      {"evaluate staggered --workspace " + ws + " --dataset nothing --outcome y --cohort c" + out,
       "nothing"},
  };
  for (const auto& [args, expected] : cases) {
    const auto r = testing::run_cli(args);
    EXPECT_EQ(r.status, 1) << args << "\n" << r.out;
    EXPECT_NE(r.out.find(expected), std::string::npos) << args << "\n" << r.out;
  }
}

}  // namespace
}  // namespace softpower
