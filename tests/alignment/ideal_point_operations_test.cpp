// `softpower alignment ideal-points` on a workspace dataset of simulated votes and on the UN
// votes: the files it writes (exact headers, one row per state and session), the page, the
// message, and the errors for a bad anchor or bootstrap.

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>

#include "softpower/core/error.hpp"
#include "softpower/core/table.hpp"
#include "softpower/ops/alignment.hpp"
#include "softpower/report/alignment_csv.hpp"
#include "softpower/report/ideal_points_html.hpp"
#include "softpower/store/workspace.hpp"
#include "store/support.hpp"
#include "support/csv_cells.hpp"
#include "support/data.hpp"

namespace softpower::alignment {
namespace {

const std::vector<std::string> kStates = {"USA", "GBR", "FRA", "ISR", "CAN", "AUS", "JPN",
                                          "DEU", "ITA", "ESP", "IND", "BRA", "MEX", "EGY",
                                          "NGA", "IDN", "CHN", "RUS", "CUB", "PRK"};

// Two sessions of 30 roll calls from the ordinal model, positions falling along kStates (USA
// highest); SYR is a state without any cast vote. The first 10 roll calls of each session
// carry the same 10 titles: 10 bridges between the sessions.
RollCallVotes simulated_votes() {
  std::mt19937_64 rng(7);
  std::normal_distribution<double> normal(0, 1);
  std::vector<RollCall> calls;
  for (int r = 0; r < 60; ++r) {
    RollCall c;
    c.id = r + 1;
    c.session = 70 + r / 30;
    c.year = 2015 + r / 30;
    c.date = std::to_string(c.year) + "-10-01";
    c.long_description = "Resolution " + std::to_string(r % 30 < 10 ? r % 30 : r);
    calls.push_back(c);
  }
  std::vector<std::string> countries = kStates;
  countries.push_back("SYR");
  RollCallVotes votes(calls, countries);
  for (std::size_t r = 0; r < calls.size(); ++r) {
    const double a = 0.5 + 0.5 * normal(rng), b = (r % 2 == 0 ? 1 : -1) * 0.8;
    for (std::size_t i = 0; i < kStates.size(); ++i) {
      const double x = 1.5 - 3.0 * static_cast<double>(i) / static_cast<double>(kStates.size() - 1);
      const double z = a + b * x + 0.4 * normal(rng);
      votes.set(i, r, z < 0 ? Vote::no : z < 1 ? Vote::abstain : Vote::yes);
    }
    votes.set(kStates.size(), r, Vote::absent);
  }
  return votes;
}

struct Fixture {
  testing::ScratchDir dir;
  std::filesystem::path workspace = dir / "w.sqlite";
  OperationRegistry registry;
  Fixture() {
    store::Workspace ws = store::Workspace::open(workspace);
    store::DatasetRecord meta;
    meta.name = "votes";
    meta.reader = "test";
    meta.title = "simulated roll calls";
    ws.import_votes(meta, simulated_votes());
    register_ideal_point_operations(registry);
  }
  nlohmann::json run(std::initializer_list<std::pair<std::string, std::string>> values,
                     Progress* progress = nullptr) {
    const Operation* op = registry.find("alignment ideal-points");
    EXPECT_NE(op, nullptr);
    Args args;
    args.set("dataset", "votes");
    args.set("workspace", workspace.string());
    args.set("out", (dir / "out").string());
    for (const auto& [name, value] : values) args.set(name, value);
    Progress quiet;
    std::ostringstream log;
    Context ctx{progress != nullptr ? *progress : quiet, log};
    return op->run(op->validate(args), ctx);
  }
};

// Cancels once `after` bootstrap replicates are done: a run stopped part-way.
class CancelledAfter : public Progress {
 public:
  explicit CancelledAfter(std::size_t after) : after_(after) {}
  void advance(std::size_t steps) override {
    Progress::advance(steps);
    if (task_ == "bootstrap replicates" && done() >= after_) cancel();
  }

 private:
  std::size_t after_;
};

TEST(IdealPointOperation, WritesPointsSessionsAndAPage) {
  Fixture f;
  const nlohmann::json result = f.run({});
  const std::string message = result.at("message");
  EXPECT_NE(message.find("of 2 sessions: 2 converged"), std::string::npos) << message;
  EXPECT_EQ(result.at("sessions"), 2);

  const std::string points = read_file(f.dir / "out" / "ideal_points.csv");
  EXPECT_EQ(points.substr(0, points.find('\n')), "session,country,x,se");
  const Table t = read_csv(f.dir / "out" / "ideal_points.csv");
  ASSERT_EQ(t.rows.size(), 2 * kStates.size());  // SYR cast no vote: no position
  std::map<std::string, double> x70;
  for (const auto& row : t.rows) {
    // The bridged default's errors come from the curvature (issue 19).
    EXPECT_GT(std::stod(row[3]), 0);
    if (row[0] == "70") x70[row[1]] = std::stod(row[2]);
  }
  EXPECT_GT(x70.at("USA"), 0);
  EXPECT_LT(x70.at("PRK"), 0);
  EXPECT_GT(x70.at("GBR"), x70.at("CHN"));

  // The default model is the bridged one: the 10 shared titles are its bridges.
  EXPECT_EQ(result.at("model"), "bridged");
  EXPECT_NE(message.find("bridged: 1 pairs of sessions share items"), std::string::npos);
  const std::string sessions = read_file(f.dir / "out" / "sessions.csv");
  EXPECT_EQ(sessions.substr(0, sessions.find('\n')),
            "session,year,model,states,items,dropped,bridged,iterations,converged,orientation");
  const Table s = read_csv(f.dir / "out" / "sessions.csv");
  ASSERT_EQ(s.rows.size(), 2u);
  EXPECT_EQ(s.rows[0][0], "70");
  EXPECT_EQ(s.rows[0][1], "2015");
  EXPECT_EQ(s.rows[0][2], "bridged");
  EXPECT_EQ(s.rows[0][3], "20");
  EXPECT_EQ(s.rows[0][6], "10");
  EXPECT_EQ(s.rows[0][8], "1");
  EXPECT_EQ(s.rows[0][9], "joint");
  EXPECT_EQ(read_file(f.dir / "out" / "bridges.csv"), "session_a,session_b,items\n70,71,10\n");
  // The session model: each session alone, oriented by the anchor, no bridges.
  EXPECT_EQ(f.run({{"model", "session"}}).at("model"), "session");
  const Table alone = read_csv(f.dir / "out" / "sessions.csv");
  EXPECT_EQ(alone.rows[0][2], "session");
  EXPECT_EQ(alone.rows[0][6], "0");
  EXPECT_EQ(alone.rows[0][9], "anchor");
  EXPECT_EQ(read_file(f.dir / "out" / "bridges.csv"), "session_a,session_b,items\n");

  const std::string page = read_file(f.dir / "out" / "ideal_points.html");
  EXPECT_NE(page.find("<svg"), std::string::npos);
  EXPECT_NE(page.find("id=\"ip-pick\""), std::string::npos);
  EXPECT_NE(page.find("<option value=\"CUB\">Cuba (CUB)</option>"), std::string::npos);
  EXPECT_NE(page.find("class=\"mark key\" data-key=\"USA\""), std::string::npos);
  EXPECT_NE(page.find("class=\"mark line\" data-key=\"CUB\""), std::string::npos);
  EXPECT_NE(page.find(">2015</text>"), std::string::npos);  // the axis is labelled in years
  EXPECT_EQ(page.find("src=\"http"), std::string::npos);
  EXPECT_EQ(page.find("href=\"http"), std::string::npos);
}

TEST(IdealPointOperation, BootstrapGivesStandardErrorsAndTheDynamicModelOneOrientation) {
  Fixture f;
  const nlohmann::json result = f.run({{"bootstrap", "4"}, {"dynamic", "true"}});
  EXPECT_NE(std::string(result.at("message")).find("4 bootstrap replicates"), std::string::npos);
  const Table t = read_csv(f.dir / "out" / "ideal_points.csv");
  for (const auto& row : t.rows) {
    ASSERT_FALSE(row[3].empty());
    EXPECT_GT(std::stod(row[3]), 0);
  }
  const Table s = read_csv(f.dir / "out" / "sessions.csv");
  EXPECT_EQ(s.rows[1][2], "dynamic");
  EXPECT_EQ(s.rows[1][9], "joint");
  // The bridged model's bootstrap refits its shared items in every replicate.
  f.run({{"bootstrap", "3"}});
  const Table b = read_csv(f.dir / "out" / "ideal_points.csv");
  for (const auto& row : b.rows) EXPECT_GT(std::stod(row[3]), 0) << row[0] << " " << row[1];
  EXPECT_EQ(read_csv(f.dir / "out" / "sessions.csv").rows[0][6], "10");
  // --dynamic is --model dynamic; with --model session it is a contradiction.
  EXPECT_EQ(f.run({{"model", "dynamic"}}).at("model"), "dynamic");
  EXPECT_THROW(f.run({{"model", "session"}, {"dynamic", "true"}}), Error);
}

// --resume keeps each replicate under the output folder and a run started again reuses those a
// stopped run kept: the same bytes as a run never stopped, and a kept replicate (altered here)
// is what the standard errors are made of (docs/cluster.md).
TEST(IdealPointOperation, ResumeReusesTheReplicatesAStoppedRunKept) {
  Fixture f;
  f.run({{"model", "session"}, {"bootstrap", "20"}});
  const std::string points = read_file(f.dir / "out" / "ideal_points.csv");
  const std::filesystem::path out = f.dir / "out";
  std::filesystem::remove_all(out);
  CancelledAfter stop(2);
  EXPECT_THROW(f.run({{"model", "session"}, {"bootstrap", "20"}, {"resume", "true"}}, &stop),
               Error);
  const std::filesystem::path kept = out / ".softpower-checkpoint";
  std::vector<std::filesystem::path> units;
  for (const auto& e : std::filesystem::directory_iterator(kept)) {
    if (e.path().filename().string().starts_with("replicates-")) units.push_back(e.path());
  }
  ASSERT_GE(units.size(), 2U);
  ASSERT_LT(units.size(), 40U);  // 2 sessions x 20 replicates: some are still to do
  EXPECT_FALSE(std::filesystem::exists(out / "ideal_points.csv"));
  const std::filesystem::path copy = f.dir / "copy";
  std::filesystem::copy(out, copy, std::filesystem::copy_options::recursive);

  f.run({{"model", "session"}, {"bootstrap", "20"}, {"resume", "true"}});
  EXPECT_EQ(read_file(out / "ideal_points.csv"), points);
  EXPECT_FALSE(std::filesystem::exists(kept));

  // A kept replicate whose first position is moved far off: its session's errors change.
  std::filesystem::remove_all(out);
  std::filesystem::rename(copy, out);
  const std::filesystem::path unit = kept / units.front().filename();
  std::string bytes = read_file(unit);
  const double far = 100;
  // After the head line and the 8 bytes saying whether the fit converged.
  const std::size_t first = bytes.find('\n') + 1 + 8;
  ASSERT_GT(bytes.size(), first + sizeof far);
  std::memcpy(bytes.data() + first, &far, sizeof far);
  std::ofstream(unit, std::ios::binary) << bytes;
  f.run({{"model", "session"}, {"bootstrap", "20"}, {"resume", "true"}});
  EXPECT_NE(read_file(out / "ideal_points.csv"), points);
}

// ideal_points.csv holds the estimates themselves: each x and se read back is the double the
// estimation computed, bit for bit (the file once held 6 decimals).
TEST(IdealPointOperation, TheFileHoldsTheEstimatesBitForBit) {
  Fixture f;
  f.run({{"bootstrap", "3"}, {"seed", "5"}});
  IdealPointOptions options;
  options.bridged = true;  // the command's default model
  options.bootstrap = 3;
  options.seed = 5;
  Progress quiet;
  const IdealPointResult fit = estimate_ideal_points(simulated_votes(), options, quiet);
  const Table t = read_csv(f.dir / "out" / "ideal_points.csv");
  ASSERT_EQ(t.size(), fit.points.size());
  std::size_t digits_beyond_six = 0;
  for (std::size_t r = 0; r < t.size(); ++r) {
    const IdealPoint& p = fit.points[r];
    EXPECT_EQ(t.cell(r, 1), p.country);
    testing::expect_cell_is(t, r, 2, p.x);
    testing::expect_cell_is(t, r, 3, p.se);
    EXPECT_FALSE(std::isnan(p.se));
    digits_beyond_six += t.cell(r, 2).size() > 9 ? 1 : 0;
  }
  EXPECT_GT(digits_beyond_six, t.size() / 2);
}

TEST(IdealPointOperation, BadAnchorsAndBootstrapsAreClearErrors) {
  Fixture f;
  auto message = [&](std::initializer_list<std::pair<std::string, std::string>> values) {
    try {
      f.run(values);
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(message({{"anchor", "XXX"}}).find("--anchor XXX: not a registry code"),
            std::string::npos);
  EXPECT_NE(message({{"anchor", "NOR"}}).find("--anchor NOR: this state never voted"),
            std::string::npos);
  EXPECT_NE(message({{"anchor", "syr"}}).find("--anchor SYR: this state cast no"),
            std::string::npos);
  EXPECT_NE(message({{"bootstrap", "1"}}).find("--bootstrap"), std::string::npos);
  // A lower-case anchor is the registry code.
  EXPECT_EQ(f.run({{"anchor", "prk"}}).at("sessions"), 2);
  const Table t = read_csv(f.dir / "out" / "ideal_points.csv");
  for (const auto& row : t.rows) {
    if (row[1] == "PRK") EXPECT_GT(std::stod(row[2]), 0);
  }
}

// --- --se (issue 19, alignment/ideal_point_se.hpp) ---
TEST(IdealPointOperation, StandardErrorsFromTheCurvatureByDefaultOrNone) {
  Fixture f;
  const std::string message = f.run({{"model", "session"}}).at("message");
  EXPECT_NE(message.find("from the curvature"), std::string::npos) << message;
  const Table curvature = read_csv(f.dir / "out" / "ideal_points.csv");
  for (const auto& row : curvature.rows) EXPECT_GT(std::stod(row[3]), 0);
  f.run({{"model", "dynamic"}});
  for (const auto& row : read_csv(f.dir / "out" / "ideal_points.csv").rows) {
    EXPECT_GT(std::stod(row[3]), 0);
  }
  f.run({{"model", "session"}, {"se", "none"}});
  const Table none = read_csv(f.dir / "out" / "ideal_points.csv");
  ASSERT_EQ(none.rows.size(), curvature.rows.size());
  for (std::size_t r = 0; r < none.rows.size(); ++r) {
    EXPECT_EQ(none.rows[r][2], curvature.rows[r][2]);  // the positions do not change
    EXPECT_TRUE(none.rows[r][3].empty());
  }
  auto error = [&](std::initializer_list<std::pair<std::string, std::string>> values) {
    try {
      f.run(values);
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(error({{"se", "bootstrap"}}).find("--se bootstrap: give the replicates"),
            std::string::npos);
  // The bridged model's curvature errors, asked for, are its default ones.
  f.run({});
  const std::string by_default = read_file(f.dir / "out" / "ideal_points.csv");
  f.run({{"se", "curvature"}});
  EXPECT_EQ(read_file(f.dir / "out" / "ideal_points.csv"), by_default);
  EXPECT_NE(error({{"se", "curvature"}, {"bootstrap", "3"}}).find("--bootstrap N asks"),
            std::string::npos);
  EXPECT_NE(f.run({{"se", "bootstrap"}, {"bootstrap", "3"}})
                .at("message")
                .get<std::string>()
                .find("3 bootstrap replicates"),
            std::string::npos);
}
// ---

TEST(IdealPointOperation, HighlightsTheAnchorAndThePermanentMembers) {
  EXPECT_EQ(report::highlighted_states("USA"),
            (std::vector<std::string>{"USA", "GBR", "FRA", "CHN", "SUN", "RUS"}));
  EXPECT_EQ(report::highlighted_states("BRA"),
            (std::vector<std::string>{"BRA", "USA", "GBR", "FRA", "CHN", "SUN", "RUS"}));
}

TEST(IdealPointOperation, TheUnVotes) {
  SOFTPOWER_REQUIRE_DATA(data);
  testing::ScratchDir dir;
  OperationRegistry registry;
  register_ideal_point_operations(registry);
  const Operation* op = registry.find("alignment ideal-points");
  Args args;
  args.set("data", data.string());
  args.set("out", (dir / "out").string());
  Progress quiet;
  std::ostringstream log;
  Context ctx{quiet, log};
  const nlohmann::json result = op->run(op->validate(args), ctx);
  std::cout << std::string(result.at("message")) << "\n";
  EXPECT_EQ(result.at("sessions"), 74);
  EXPECT_GE(result.at("converged").get<int>(), 70);
  const Table s = read_csv(dir / "out" / "sessions.csv");
  ASSERT_EQ(s.rows.size(), 74u);
  EXPECT_EQ(s.rows.front()[1], "1946");
  EXPECT_EQ(s.rows.back()[1], "2019");
  const Table t = read_csv(dir / "out" / "ideal_points.csv");
  EXPECT_EQ(t.rows.size(), result.at("points").get<std::size_t>());
  for (const auto& row : t.rows) {
    ASSERT_TRUE(std::isfinite(std::stod(row[2]))) << row[0] << " " << row[1];
    // The bridged default's errors from the curvature (issue 19): finite for every
    // country-session, none near zero or beyond the prior's sd (1).
    const double se = std::stod(row[3]);
    EXPECT_GT(se, 0.005) << row[0] << " " << row[1];
    EXPECT_LT(se, 1) << row[0] << " " << row[1];
  }
}

}  // namespace
}  // namespace softpower::alignment
