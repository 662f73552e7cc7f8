// What the index commands say besides their results: one line for the rows of the data not
// mapped to a country (each with --verbose, with "did you mean"), progress lines when stderr
// is not a terminal, and suggestions for an unknown country a user names.

#include <gtest/gtest.h>

#include <string>

#include "support/cli.hpp"
#include "support/data.hpp"
#include "support/paths.hpp"
#include "support/scratch.hpp"
#include "support/text.hpp"

namespace softpower {
namespace {

std::string spec(const std::string& name) {
  return (testing::source_dir() / "examples" / name).string();
}

TEST(IndexMessages, OneLineForTheUnmappedRowsAndEachWithVerbose) {
  SOFTPOWER_REQUIRE_DATA(data);
  const std::string args = "index reweight " + spec("soft-power.toml") + " --data " +
                           data.string() + " --weight values=2";
  const testing::CommandResult quiet = testing::run_cli(args);
  ASSERT_EQ(quiet.status, 0) << quiet.out;
  EXPECT_EQ(testing::count(quiet.out, "not mapped to a country"), 1u) << quiet.out;
  EXPECT_NE(quiet.out.find("16 datasets read: "), std::string::npos) << quiet.out;
  EXPECT_NE(quiet.out.find(" not mapped to a country ("), std::string::npos) << quiet.out;
  EXPECT_NE(quiet.out.find("; --verbose lists them\n"), std::string::npos) << quiet.out;
  EXPECT_EQ(quiet.out.find("reading data:"), std::string::npos) << quiet.out;  // a quick command

  const testing::CommandResult verbose = testing::run_cli(args + " --verbose");
  ASSERT_EQ(verbose.status, 0) << verbose.out;
  // The dataset's line as before, then one line per value it could not map.
  EXPECT_NE(verbose.out.find("olympics: 147 units, 6 indicators, 129 years; 27 rows not mapped to "
                             "a country\n  '"),
            std::string::npos)
      << verbose.out;
  EXPECT_NE(verbose.out.find("); listed above\n"), std::string::npos) << verbose.out;
  // The ranking is the same with or without the notes.
  EXPECT_EQ(quiet.out.substr(quiet.out.find("--verbose lists them\n") + 21),
            verbose.out.substr(verbose.out.find("listed above\n") + 13));
}

TEST(IndexMessages, ReachShowsProgressWhenStderrIsNotATerminal) {
  SOFTPOWER_REQUIRE_DATA(data);
  testing::ScratchDir out("softpower-reach-progress");
  const testing::CommandResult r =
      testing::run_command("SOFTPOWER_PROGRESS_EVERY=0 " + std::string(testing::cli_path()) +
                           " index reach " + spec("asem.toml") + " --data " + data.string() +
                           " --level 2 --range 0.2 --out " + out.path().string());
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("rank reach: 1 of 51 (1%)\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("rank reach: 51 of 51 (100%)\n"), std::string::npos) << r.out;
}

TEST(IndexMessages, AnUnknownCountryGetsSuggestions) {
  SOFTPOWER_REQUIRE_DATA(data);
  testing::ScratchDir out("softpower-did-you-mean");
  const testing::CommandResult r =
      testing::run_cli("network imbalance alliances --country USX --year 2018 --data " +
                       data.string() + " --out " + out.path().string());
  EXPECT_EQ(r.status, 1) << r.out;
  EXPECT_NE(r.out.find("--country USX: no alliances ties in 2018 (did you mean USA (United "
                       "States)"),
            std::string::npos)
      << r.out;
  const testing::CommandResult with = testing::run_cli(
      "alignment with Germany --data " + data.string() + " --out " + out.path().string());
  EXPECT_EQ(with.status, 1) << with.out;
  EXPECT_NE(with.out.find("did you mean DEU (Germany)?"), std::string::npos) << with.out;
}

}  // namespace
}  // namespace softpower
