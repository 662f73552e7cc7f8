// Tables as inputs without a file (embedded.hpp's RunRequest::inputs, core/input_memory.hpp):
// an operation run by a host language on tables it holds in memory gives the bytes it gives on
// the same tables in files, and the command line refuses a memory path with a clear error.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "softpower/core/error.hpp"
#include "softpower/core/progress.hpp"
#include "softpower/embedded.hpp"
#include "support/cli.hpp"
#include "support/errors.hpp"
#include "support/scratch.hpp"

namespace softpower {
namespace {

namespace fs = std::filesystem;

// Three states, four roll calls in two sessions, in the unvotes format.
const std::map<std::string, std::string> kVotes = {
    {"un_roll_calls.csv",
     "rcid,session,importantvote,date,unres,amend,para,short,descr\n"
     "3,1,0,1946-01-01,R/1/66,1,0,\"AMENDMENTS, RULES\",TO ADOPT\n"
     "4,1,1,1946-01-02,R/1/79,0,0,ELECTIONS,TO ADOPT A PROPOSAL\n"
     "5,1,0,1946-02-02,R/1/80,0,0,ARMS,ON ARMS\n"
     "9,2,0,1947-10-02,R/2/10,0,0,ARMS,ON ARMS AGAIN\n"},
    {"un_roll_call_issues.csv", "rcid,short_name,issue\n3,hr,Human rights\n5,di,Arms control\n"},
    {"un_votes.csv",
     "rcid,country,country_code,vote\n"
     "3,United States,US,yes\n3,Canada,CA,no\n3,France,FR,yes\n"
     "4,United States,US,no\n4,Canada,CA,no\n4,France,FR,abstain\n"
     "5,United States,US,yes\n5,Canada,CA,yes\n5,France,FR,no\n"
     "9,United States,US,abstain\n9,Canada,CA,yes\n9,Namibia,NA,yes\n"}};

embedded::RunOutcome run(std::map<std::string, std::vector<std::string>> values,
                         std::map<std::string, std::string_view> inputs = {}) {
  Progress progress;
  return embedded::run({"alignment agreement", std::move(values), true, false, std::move(inputs)},
                       progress);
}

TEST(MemoryInputs, AnOperationOnTablesInMemoryGivesTheBytesOfTheSameTablesInFiles) {
  testing::ScratchDir dir;
  fs::create_directories(dir / "votes");
  std::map<std::string, std::string_view> inputs;
  for (const auto& [name, text] : kVotes) {
    std::ofstream(dir / "votes" / name, std::ios::binary) << text;
    inputs.emplace("votes/" + name, text);
  }
  const auto from_files = run({{"votes", {(dir / "votes").string()}}, {"focal", {"USA"}}});
  const auto from_memory = run({{"votes", {"memory:votes"}}, {"focal", {"USA"}}}, inputs);
  ASSERT_EQ(from_memory.files.size(), from_files.files.size());
  for (const auto& [name, bytes] : from_files.files) {
    ASSERT_TRUE(from_memory.files.contains(name)) << name;
    // The page names where the votes came from; the tables are the same bytes.
    if (name.ends_with(".csv")) EXPECT_EQ(from_memory.files.at(name), bytes) << name;
  }
  EXPECT_NE(from_memory.files.at("agreement.html").find("votes from memory:votes."),
            std::string::npos);
  EXPECT_NE(from_memory.files.at("agreement.csv").find("1,FRA,USA,3,"), std::string::npos)
      << from_memory.files.at("agreement.csv");
  EXPECT_NE(from_memory.log.find("memory:votes: 4 roll calls, 4 states"), std::string::npos)
      << from_memory.log;
  // The inputs were those of that run alone.
  EXPECT_NE(testing::error_of([] {
              run({{"votes", {"memory:votes"}}});
            }).find("no in-memory input 'memory:votes' (this run has: none)"),
            std::string::npos);
}

TEST(MemoryInputs, ReadersErrorsNameTheInMemoryFileAndLine) {
  std::map<std::string, std::string_view> inputs;
  for (const auto& [name, text] : kVotes) inputs.emplace("votes/" + name, text);
  const std::string bad = "rcid,country,country_code,vote\n3,United States,US,maybe\n";
  inputs["votes/un_votes.csv"] = bad;
  EXPECT_EQ(testing::error_of([&] {
              run({{"votes", {"memory:votes"}}}, inputs);
            }),
            "memory:votes/un_votes.csv:2: field 'vote': not a vote (yes, abstain or no): 'maybe'");
}

TEST(MemoryInputs, TheCommandLineRefusesAMemoryPath) {
  const auto refused = testing::run_cli("alignment agreement --votes memory:votes");
  EXPECT_EQ(refused.status, 1) << refused.out;
  EXPECT_NE(refused.out.find("--votes: 'memory:votes' names an in-memory input, which only the "
                             "Python and R packages give"),
            std::string::npos)
      << refused.out;
}

}  // namespace
}  // namespace softpower
