// The alignment commands end to end, through the `softpower` binary, on the real UN votes.

#include <gtest/gtest.h>

#include <filesystem>

#include "softpower/core/table.hpp"
#include "support/cli.hpp"
#include "support/data.hpp"
#include "support/scratch.hpp"

namespace softpower {
namespace {

namespace fs = std::filesystem;

class AlignmentCli : public ::testing::Test {
 protected:
  void SetUp() override {
    SOFTPOWER_REQUIRE_DATA(data);
    votes_ = data / "un-votes";
  }
  testing::ScratchDir scratch_{"softpower-cli"};
  fs::path votes_;
  fs::path out_ = scratch_ / "out";
};

TEST_F(AlignmentCli, TheThreeCommandsWriteTheirFiles) {
  const auto help = testing::run_cli("alignment --help");
  for (const char* command : {"agreement", "ideal-points", "with"}) {
    EXPECT_NE(help.out.find(command), std::string::npos) << help.out;
  }
  const auto agreement = testing::run_cli("alignment agreement --votes " + votes_.string() +
                                          " --by year --issue nu --out " + (out_ / "a").string());
  ASSERT_EQ(agreement.status, 0) << agreement.out;
  const Table a = read_csv(out_ / "a" / "agreement.csv");
  EXPECT_EQ(a.header, (std::vector<std::string>{"period", "a", "b", "n", "agree", "s_score",
                                                "kappa", "kappa_w", "pi", "alignment"}));
  EXPECT_GE(std::stoi(a.cell(0, 0)), 1946);  // periods are years

  const auto ideal = testing::run_cli("alignment ideal-points --votes " + votes_.string() +
                                      " --out " + (out_ / "i").string());
  ASSERT_EQ(ideal.status, 0) << ideal.out;
  EXPECT_NE(ideal.out.find("74 converged"), std::string::npos) << ideal.out;
  const Table points = read_csv(out_ / "i" / "ideal_points.csv");
  EXPECT_EQ(points.header, (std::vector<std::string>{"session", "country", "x", "se"}));

  const auto with = testing::run_cli("alignment with CUB --votes " + votes_.string() +
                                     " --positions none --out " + (out_ / "w").string());
  ASSERT_EQ(with.status, 0) << with.out;
  EXPECT_NE(with.out.find("Alignment with Cuba (CUB)"), std::string::npos) << with.out;
  EXPECT_TRUE(fs::exists(out_ / "w" / "alignment_with.html"));
}

TEST_F(AlignmentCli, BadInputIsOneClearLine) {
  const auto issue = testing::run_cli("alignment agreement --votes " + votes_.string() +
                                      " --issue xx --out " + out_.string());
  EXPECT_EQ(issue.status, 1);
  EXPECT_NE(issue.out.find("xx"), std::string::npos) << issue.out;
  const auto folder = testing::run_cli("alignment ideal-points --votes /nonexistent/votes");
  EXPECT_EQ(folder.status, 1);
  EXPECT_NE(folder.out.find("--votes /nonexistent/votes: no such directory"), std::string::npos)
      << folder.out;
  EXPECT_FALSE(fs::exists(out_));
}

}  // namespace
}  // namespace softpower
