// `softpower opinion` end to end through the binary: a poll the user brings, about another
// country than the United States, goes through import and the opinion commands by the naming
// rule alone; the Pew series and its one-line errors.

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

class OpinionCli : public ::testing::Test {
 protected:
  testing::ScratchDir scratch_{"softpower-opinion"};
  fs::path workspace_ = scratch_ / "ws.db";
};

TEST_F(OpinionCli, APollAboutChinaFitsByTheNamingRule) {
  // Made-up figures: only their way through matters here.
  std::ofstream(scratch_ / "polls.csv")
      << "country,year,favourable:CHN,favourable:USA,gdp\n"
         "Germany,2016,28,57,1\nGermany,2017,34,35,1\nKenya,2017,63,54,1\n";
  const auto import = testing::run_cli(
      "import --file " + (scratch_ / "polls.csv").string() +
      " --unit-column country --code-system name --year-column year --value-columns "
      "favourable:CHN,favourable:USA,gdp --name my-polls --workspace " +
      workspace_.string());
  ASSERT_EQ(import.status, 0) << import.out;
  const fs::path out = scratch_ / "chn";
  const auto run = testing::run_cli("opinion series --polls my-polls --object CHN --workspace " +
                                    workspace_.string() + " --out " + out.string());
  ASSERT_EQ(run.status, 0) << run.out;
  const Table t = read_csv(out / "opinion.csv");
  EXPECT_EQ(t.header, (std::vector<std::string>{"year", "public", "object", "measure", "value"}));
  ASSERT_EQ(t.size(), 3u);  // gdp is not a poll; USA is not the object asked for
  EXPECT_EQ(t.rows[0], (std::vector<std::string>{"2016", "DEU", "CHN", "favourable", "28"}));
  EXPECT_EQ(t.rows[2], (std::vector<std::string>{"2017", "KEN", "CHN", "favourable", "63"}));
}

TEST_F(OpinionCli, ShiftsOfOnePublicAndErrorsInOneLine) {
  SOFTPOWER_REQUIRE_DATA(data);
  const fs::path out = scratch_ / "kor";
  const auto run = testing::run_cli("opinion shifts --data " + data.string() +
                                    " --public KOR --measure favourable --out " + out.string());
  ASSERT_EQ(run.status, 0) << run.out;
  EXPECT_NE(run.out.find("South Korea (KOR), favourable of USA: 53.5 -> 78.0 between 2007 and "
                         "2008"),
            std::string::npos)
      << run.out;
  const Table t = read_csv(out / "shifts.csv");
  ASSERT_EQ(t.size(), 1u);
  EXPECT_TRUE(fs::exists(out / "opinion.html"));

  const auto unknown = testing::run_cli("opinion shifts --data " + data.string() +
                                        " --public XYZ --out " + (scratch_ / "x").string());
  EXPECT_NE(unknown.status, 0);
  EXPECT_NE(unknown.out.find("--public XYZ: not a country code"), std::string::npos) << unknown.out;
  const auto none = testing::run_cli("opinion series --data " + data.string() +
                                     " --object CHN --out " + (scratch_ / "y").string());
  EXPECT_NE(none.status, 0);
  EXPECT_NE(none.out.find("no poll figures about CHN"), std::string::npos) << none.out;
  EXPECT_FALSE(fs::exists(scratch_ / "y"));  // nothing half-written
}

TEST_F(OpinionCli, AProfileListsTheSeriesOfAPublicAndOfAnObject) {
  SOFTPOWER_REQUIRE_DATA(data);
  const auto korea = testing::run_cli("--json opinion profile KOR --data " + data.string());
  ASSERT_EQ(korea.status, 0) << korea.out;
  // South Korea is asked about the US (confidence in 9 years, a favourable view in 11) and
  // is asked about by no one.
  EXPECT_NE(korea.out.find("\"measure\": \"confidence_president\""), std::string::npos);
  EXPECT_NE(korea.out.find("\"seen_by\": []"), std::string::npos) << korea.out;
  EXPECT_NE(korea.out.find("\"value\": 75.0,\n          \"year\": 2017"), std::string::npos)
      << korea.out;
  const auto usa = testing::run_cli("--json opinion profile USA --data " + data.string());
  ASSERT_EQ(usa.status, 0) << usa.out;
  EXPECT_NE(usa.out.find("\"as_public\": []"), std::string::npos) << usa.out;
  EXPECT_NE(usa.out.find("\"public\": \"ZAF\""), std::string::npos);
}

}  // namespace
}  // namespace softpower
