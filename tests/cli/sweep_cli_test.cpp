// `simulate sweep` (docs/diffusion.md, "Sweeps"): a grid point is the ensemble `simulate` runs
// with the same parameters, runs and seed, so its row holds final.csv's numbers bit for bit.

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "support/cli.hpp"
#include "support/kill_when.hpp"
#include "support/scratch.hpp"

namespace softpower::testing {
namespace {

std::string read_whole(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<std::string> lines_of(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

TEST(SimulateSweep, APointIsTheEnsembleSimulateRunsWithTheSameSeed) {
  ScratchDir dir("softpower-sweep");
  const auto sweep = run_cli("simulate sweep axelrod --grid q=3:9:6,L=6 --runs 5 --seed 7 --out " +
                             (dir / "sweep").string());
  ASSERT_EQ(sweep.status, 0) << sweep.out;
  const auto plain =
      run_cli("simulate axelrod --q 9 --L 6 --runs 5 --seed 7 --out " + (dir / "plain").string());
  ASSERT_EQ(plain.status, 0) << plain.out;
  const auto rows = lines_of(dir / "sweep" / "sweep.csv");
  ASSERT_EQ(rows.size(), 3U);
  EXPECT_EQ(rows[0],
            "point,q,L,runs,absorbed,regions_mean,regions_lo,regions_hi,smax_mean,smax_lo,smax_hi");
  // final.csv: measure,mean,sd,lo,hi,n; rows events, regions, smax.
  const auto final = lines_of(dir / "plain" / "final.csv");
  ASSERT_EQ(final.size(), 4U);
  auto cells = [](const std::string& line) {
    std::vector<std::string> out;
    std::stringstream in(line);
    for (std::string c; std::getline(in, c, ',');) out.push_back(c);
    return out;
  };
  const auto row = cells(rows[2]);
  const auto regions = cells(final[2]), smax = cells(final[3]);
  ASSERT_EQ(row.size(), 11U);
  EXPECT_EQ(row[1], "9");
  EXPECT_EQ(row[3], "5");
  EXPECT_EQ(row[5], regions[1]);
  EXPECT_EQ(row[6], regions[3]);
  EXPECT_EQ(row[7], regions[4]);
  EXPECT_EQ(row[8], smax[1]);
  EXPECT_EQ(row[9], smax[3]);
  EXPECT_EQ(row[10], smax[4]);
}

TEST(SimulateSweep, AGridPointOutOfBoundsIsRefusedBeforeAnyRun) {
  ScratchDir dir("softpower-sweep");
  const auto out = run_cli("simulate sweep axelrod --grid L=0:10:5 --out " + (dir / "x").string());
  EXPECT_EQ(out.status, 1);
  EXPECT_EQ(out.out, "softpower: error: --grid at L=0: --L: must be between 1 and 10000, not 0\n");
  EXPECT_FALSE(std::filesystem::exists(dir / "x"));
}

// The number of units kept in a checkpoint folder.
std::size_t kept_units(const std::filesystem::path& checkpoint) {
  std::size_t n = 0;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(checkpoint, ec)) {
    n += e.path().filename().string().starts_with("sweep-") ? 1 : 0;
  }
  return n;
}

TEST(SimulateSweep, AKilledSweepResumesWithTheSameBytes) {
  ScratchDir dir("softpower-sweep");
  const std::vector<std::string> words = {cli_path(), "simulate",      "sweep",  "axelrod",
                                          "--grid",   "q=2:24:2,L=14", "--runs", "3",
                                          "--resume", "--out"};
  auto with_out = [&](const std::string& out) {
    std::vector<std::string> w = words;
    w.push_back((dir / out).string());
    return w;
  };
  std::string whole;
  for (const auto& w : with_out("whole")) whole += "'" + w + "' ";
  ASSERT_EQ(run_command(whole).status, 0);
  EXPECT_FALSE(std::filesystem::exists(dir / "whole" / ".softpower-checkpoint"));
  // One thread, killed (SIGKILL: nothing of it runs after) once two units are kept.
  const auto checkpoint = dir / "killed" / ".softpower-checkpoint";
  ASSERT_TRUE(kill_when(
      with_out("killed"), {{"SOFTPOWER_THREADS", "1"}}, [&] { return kept_units(checkpoint) >= 2; },
      SIGKILL));
  const std::size_t kept = kept_units(checkpoint);
  EXPECT_LT(kept, 36U);
  EXPECT_FALSE(std::filesystem::exists(dir / "killed" / "sweep.csv"));
  std::string again;
  for (const auto& w : with_out("killed")) again += "'" + w + "' ";
  const auto resumed = run_command("SOFTPOWER_PROGRESS_EVERY=0 " + again);
  ASSERT_EQ(resumed.status, 0) << resumed.out;
  EXPECT_FALSE(std::filesystem::exists(checkpoint));
  for (const char* f : {"sweep.csv", "sweep.html"}) {
    EXPECT_EQ(read_whole(dir / "whole" / f), read_whole(dir / "killed" / f)) << f;
  }
}

TEST(SimulateSweep, ACheckpointOfOtherParametersIsNotMixedIn) {
  ScratchDir dir("softpower-sweep");
  const std::string out = (dir / "out").string();
  std::filesystem::create_directories(dir / "out" / ".softpower-checkpoint");
  std::ofstream(dir / "out" / ".softpower-checkpoint" / "job") << "0123\n";
  const auto run = run_cli("simulate sweep axelrod --grid q=2:4:2 --runs 2 --resume --out " + out);
  EXPECT_EQ(run.status, 1);
  EXPECT_NE(run.out.find(".softpower-checkpoint: holds the checkpoint of another job"),
            std::string::npos)
      << run.out;
}

}  // namespace
}  // namespace softpower::testing
