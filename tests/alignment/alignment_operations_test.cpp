// `softpower alignment with`: the whole command on made-up votes with a known shift (read
// from a workspace dataset), and on the real UN votes.

#include <gtest/gtest.h>

#include <map>
#include <sstream>

#include "softpower/alignment/agreement.hpp"
#include "softpower/ops/alignment.hpp"
#include "softpower/core/table.hpp"
#include "softpower/store/workspace.hpp"
#include "store/support.hpp"
#include "support/data.hpp"

namespace softpower::alignment {
namespace {

const Operation& operation(const std::string& name) {
  static const OperationRegistry registry = [] {
    OperationRegistry r;
    register_operations(r);
    return r;
  }();
  const Operation* op = registry.find(name);
  if (op == nullptr) throw Error("no operation " + name);
  return *op;
}

nlohmann::json run(const std::string& name,
                   std::initializer_list<std::pair<std::string, std::string>> values) {
  Args args;
  for (const auto& [k, v] : values) args.set(k, v);
  Progress quiet;
  std::ostringstream log;
  Context ctx{quiet, log};
  const Operation& op = operation(name);
  return op.run(op.validate(args), ctx);
}

// Twenty sessions of four roll calls. USA votes yes, no, yes, abstain... in a fixed pattern;
// FRA always votes as the USA; CUB as the USA for ten sessions and the opposite (yes <-> no)
// from session 11; IND votes yes throughout.
RollCallVotes turning_votes() {
  std::vector<RollCall> calls;
  for (int s = 1; s <= 20; ++s) {
    for (int k = 0; k < 4; ++k) {
      calls.push_back({.id = s * 10 + k,
                       .session = s,
                       .date = std::to_string(1945 + s) + "-11-0" + std::to_string(k + 1),
                       .year = 1945 + s});
    }
  }
  RollCallVotes v(calls, {"CUB", "FRA", "IND", "USA"});
  const Vote pattern[4] = {Vote::yes, Vote::no, Vote::yes, Vote::no};
  for (std::size_t c = 0; c < calls.size(); ++c) {
    const Vote us = pattern[c % 4];
    const Vote flipped = us == Vote::yes ? Vote::no : Vote::yes;
    v.set(3, c, us);
    v.set(1, c, us);
    v.set(2, c, Vote::yes);
    v.set(0, c, calls[c].session <= 10 ? us : flipped);
  }
  return v;
}

TEST(AlignmentWithOperation, FindsTheTurnOfAPartnerInAWorkspaceDataset) {
  testing::ScratchDir dir;
  {
    store::Workspace ws = store::Workspace::open(dir / "w.sqlite");
    store::DatasetRecord meta;
    meta.name = "turning";
    meta.reader = "test";
    meta.title = "made-up votes";
    ws.import_votes(meta, turning_votes());
  }
  const nlohmann::json r = run("alignment with", {{"country", "USA"},
                                                  {"dataset", "turning"},
                                                  {"workspace", (dir / "w.sqlite").string()},
                                                  {"positions", "none"},
                                                  {"out", (dir / "out").string()}});
  EXPECT_EQ(r["partners"], 3);
  const Table shifts = read_csv(dir / "out" / "shifts.csv");
  ASSERT_EQ(shifts.size(), 1u) << read_file(dir / "out" / "shifts.csv");
  EXPECT_EQ(shifts.cell(0, 0), "CUB");
  EXPECT_EQ(shifts.cell(0, 1), "agree");
  EXPECT_EQ(shifts.cell(0, 2), "11");
  EXPECT_EQ(shifts.cell(0, 3), "1956");
  EXPECT_EQ(shifts.cell(0, 4), "1");
  EXPECT_EQ(shifts.cell(0, 5), "0");
  const Table series = read_csv(dir / "out" / "alignment_with.csv");
  EXPECT_EQ(series.header,
            (std::vector<std::string>{"session", "year", "partner", "agree", "distance"}));
  EXPECT_EQ(series.size(), 60u);  // 3 partners x 20 sessions
  for (std::size_t row = 0; row < series.size(); ++row) {
    const std::string& partner = series.cell(row, 2);
    const double agree = std::stod(series.cell(row, 3));
    // IND votes yes on two of the USA's yes and against two of its no: 0.5 every session.
    if (partner == "IND") EXPECT_DOUBLE_EQ(agree, 0.5);
    if (partner == "FRA") EXPECT_DOUBLE_EQ(agree, 1.0);
    EXPECT_EQ(series.cell(row, 4), "");  // --positions none
  }
  const std::string page = read_file(dir / "out" / "alignment_with.html");
  EXPECT_NE(page.find("Alignment with United States"), std::string::npos);
  EXPECT_NE(page.find("data-switch-panel=\"partner\" data-value=\"CUB\""), std::string::npos);
  // The run is recorded in the workspace with its three files.
  store::Workspace ws = store::Workspace::open(dir / "w.sqlite");
  const store::RunRecord recorded = ws.runs().front();
  EXPECT_EQ(r["run"].get<long long>(), recorded.id);
  EXPECT_EQ(recorded.operation, "alignment with");
  EXPECT_EQ(recorded.status, store::RunStatus::ok);
  EXPECT_EQ(ws.results(recorded.id).size(), 3u);

  try {
    run("alignment with",
        {{"country", "ZZZ"}, {"dataset", "turning"}, {"workspace", (dir / "w.sqlite").string()}});
    FAIL() << "an unknown focal state was accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("no such voting state"), std::string::npos);
  }
}

TEST(AlignmentWithOperation, TheUnitedStatesOnTheRealVotes) {
  SOFTPOWER_REQUIRE_DATA(data);
  testing::ScratchDir dir;
  const nlohmann::json r = run("alignment with", {{"country", "USA"},
                                                  {"votes", (data / "un-votes").string()},
                                                  {"positions", "none"},
                                                  {"out", (dir / "out").string()}});
  // Every state that ever voted in a session with the United States: all 203 but itself.
  EXPECT_EQ(r["partners"], 202);
  const Table series = read_csv(dir / "out" / "alignment_with.csv");
  std::map<std::pair<int, std::string>, double> by_dyad;
  for (std::size_t row = 0; row < series.size(); ++row) {
    by_dyad[{std::stoi(series.cell(row, 0)), series.cell(row, 2)}] = std::stod(series.cell(row, 3));
  }
  // The same numbers as the agreement of every dyad.
  const Table all = [&] {
    run("alignment agreement",
        {{"votes", (data / "un-votes").string()}, {"out", (dir / "agreement").string()}});
    return read_csv(dir / "agreement" / "agreement.csv");
  }();
  std::size_t checked = 0;
  for (std::size_t row = 0; row < all.size(); ++row) {
    const std::string& a = all.cell(row, 1);
    const std::string& b = all.cell(row, 2);
    if (a != "USA" && b != "USA") continue;
    const auto it = by_dyad.find({std::stoi(all.cell(row, 0)), a == "USA" ? b : a});
    ASSERT_NE(it, by_dyad.end());
    EXPECT_NEAR(it->second, std::stod(all.cell(row, 4)), 1e-5);
    ++checked;
  }
  EXPECT_EQ(checked, by_dyad.size());
  EXPECT_GT(read_csv(dir / "out" / "shifts.csv").size(), 20u);
}

}  // namespace
}  // namespace softpower::alignment
