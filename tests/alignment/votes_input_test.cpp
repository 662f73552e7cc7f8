// The alignment operations' votes input: a folder of vote files in either format, the data
// directory's un-votes/, or a votes dataset of a workspace, each giving the same votes.

#include "softpower/ops/votes_input.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>

#include "softpower/core/error.hpp"
#include "softpower/sources/un_votes.hpp"
#include "softpower/store/workspace.hpp"
#include "store/support.hpp"
#include "support/data.hpp"

namespace softpower::alignment {
namespace {

Args votes_args(std::initializer_list<std::pair<std::string, std::string>> values) {
  Operation op;
  op.params = votes_params();
  Args args;
  for (const auto& [name, value] : values) args.set(name, value);
  return op.validate(args);
}

TEST(AlignmentVotesInput, TheUnVotesFolderAndTheDataDirectoryGiveTheSameVotes) {
  SOFTPOWER_REQUIRE_DATA(data);
  Progress quiet;
  std::ostringstream log;
  Context ctx{quiet, log};
  const VotesInput folder = load_votes(votes_args({{"votes", (data / "un-votes").string()}}), ctx);
  const VotesInput dir = load_votes(votes_args({{"data", data.string()}}), ctx);
  EXPECT_EQ(folder.votes.call_count(), 6203u);
  EXPECT_EQ(folder.votes.cast_count(), 870109u);
  EXPECT_TRUE(folder.votes == dir.votes);
  EXPECT_EQ(folder.unmapped, 0u);
  EXPECT_NE(log.str().find("6203 roll calls, 203 states, 870109 votes cast"), std::string::npos)
      << log.str();

  const VotesInput voeten =
      load_votes(votes_args({{"votes", (data / "un-votes").string()}, {"format", "voeten"}}), ctx);
  EXPECT_EQ(voeten.votes.call_count(), 5429u);
  int last_session = 0;
  for (const RollCall& c : voeten.votes.calls()) last_session = std::max(last_session, c.session);
  EXPECT_EQ(last_session, 70);
}

TEST(AlignmentVotesInput, AWorkspaceDatasetGivesTheVotesAsImported) {
  testing::ScratchDir dir;
  std::vector<RollCall> calls(2);
  calls[0] = {.id = 1, .session = 1, .date = "1946-02-01", .year = 1946};
  calls[1] = {.id = 2, .session = 1, .date = "1946-03-01", .year = 1946, .issues = {"co"}};
  RollCallVotes votes(calls, {"FRA", "USA"});
  votes.set(0, 0, Vote::yes);
  votes.set(1, 0, Vote::no);
  votes.set(1, 1, Vote::abstain);
  {
    store::Workspace ws = store::Workspace::open(dir / "w.sqlite");
    store::DatasetRecord meta;
    meta.name = "votes";
    meta.reader = "test";
    meta.title = "two roll calls";
    ws.import_votes(meta, votes);
  }
  Progress quiet;
  std::ostringstream log;
  Context ctx{quiet, log};
  const VotesInput in = load_votes(
      votes_args({{"dataset", "votes"}, {"workspace", (dir / "w.sqlite").string()}}), ctx);
  EXPECT_TRUE(in.votes == votes);
  EXPECT_NE(in.origin.find("dataset votes"), std::string::npos);

  EXPECT_THROW(
      load_votes(votes_args({{"dataset", "votes"}, {"workspace", (dir / "none.sqlite").string()}}),
                 ctx),
      Error);
}

TEST(AlignmentVotesInput, AFolderWithoutVotesIsAClearError) {
  testing::ScratchDir dir;
  Progress quiet;
  std::ostringstream log;
  Context ctx{quiet, log};
  try {
    load_votes(votes_args({{"votes", (dir / "missing").string()}}), ctx);
    FAIL() << "a missing folder was read";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("no such directory"), std::string::npos) << e.what();
  }
  EXPECT_THROW(load_votes(votes_args({{"votes", dir.path().string()}}), ctx), Error);
}

}  // namespace
}  // namespace softpower::alignment
