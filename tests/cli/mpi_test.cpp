// The same `softpower` under mpirun (core/distributed, docs/cluster.md): three ranks on this one
// machine (--oversubscribe) write the same bytes as one process, print once, and an error on
// one rank ends them all with its message. Skipped when the build has no MPI.

#include "support/mpi.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "support/paths.hpp"

namespace softpower::testing {
namespace {

namespace fs = std::filesystem;

TEST_F(Mpi, EnsemblesOnThreeRanksAreByteIdenticalToOneProcess) {
  const std::string small = (source_dir() / "examples" / "scenarios" / "small.toml").string();
  const std::vector<std::vector<std::string>> commands = {
      {"simulate", "axelrod", "--L", "12", "--runs", "7", "--seed", "5"},
      {"simulate", "axelrod", "--graph", "small-world", "--n", "200", "--runs", "5"},
      {"simulate", small, "--runs", "5", "--seed", "3", "--compare", small}};
  for (std::size_t c = 0; c < commands.size(); ++c) {
    const OneAndThree out = one_and_three(commands[c], std::to_string(c));
    EXPECT_GE(out.one.size(), 5U);
    EXPECT_TRUE(out.one == out.three) << "command " << c;
    // Printed once, by rank 0: the summary's first line appears once.
    const std::string first = out.printed_three.substr(0, out.printed_three.find('\n'));
    EXPECT_EQ(out.printed_three.find(first, 1), std::string::npos) << out.printed_three;
  }
}

TEST_F(Mpi, SweepsOnThreeRanksAreByteIdenticalToOneProcess) {
  const std::string small = (source_dir() / "examples" / "scenarios" / "small.toml").string();
  const std::vector<std::vector<std::string>> commands = {
      {"simulate", "sweep", "axelrod", "--grid", "q=2:14:4,L=4:10:3", "--runs", "3"},
      {"simulate", "sweep", small, "--grid", "q=6:8:1,exporter[0].budget=30:40:10", "--runs", "2",
       "--measure", "attraction_BBB_AAA"}};
  for (std::size_t c = 0; c < commands.size(); ++c) {
    const OneAndThree out = one_and_three(commands[c], "sweep" + std::to_string(c));
    EXPECT_EQ(out.one.size(), 2U);
    EXPECT_TRUE(out.one == out.three) << "command " << c;
  }
}

TEST_F(Mpi, ASweepKilledOnThreeRanksResumesOnTwoWithTheSameBytes) {
  expect_resumed_alike(
      {"simulate", "sweep", "axelrod", "--grid", "q=2:48:2,L=24", "--runs", "3", "--resume"},
      "sweep-", 2);
}

TEST_F(Mpi, AnErrorOnOneRankEndsEveryRankWithItsMessage) {
  // Ranks 1 and 2 get a memory limit that refuses the lattice; rank 0 would go on computing.
  const Outcome out = run_in({kMpiexec,   "--oversubscribe",
                              "-np",      "1",
                              cli_path(), "simulate",
                              "axelrod",  "--L",
                              "30",       "--runs",
                              "4",        "--out",
                              "x",        ":",
                              "-np",      "2",
                              "env",      "SOFTPOWER_MAX_MEMORY=1000",
                              cli_path(), "simulate",
                              "axelrod",  "--L",
                              "30",       "--runs",
                              "4",        "--out",
                              "x"},
                             work_, kMpiEnv, std::chrono::seconds(120));
  EXPECT_FALSE(out.timed_out);
  EXPECT_NE(out.status, 0);
  const std::string line = "softpower: error: rank 1 of 3: a 30 × 30 lattice would need";
  EXPECT_NE(out.out.find(line), std::string::npos) << out.out;
  EXPECT_EQ(out.out.find(line, out.out.find(line) + 1), std::string::npos) << out.out;
  EXPECT_FALSE(fs::exists(work_ / "x"));
}

TEST_F(Mpi, AnOperationThatIsNotDistributedRunsOnRankZeroAlone) {
  const std::string small = (source_dir() / "examples" / "scenarios" / "small.toml").string();
  const std::vector<std::string> words = {"simulation", "ensemble", small, "--runs", "3"};
  const Outcome alone = run(words);
  const Outcome ranks = run(words, 3);
  ASSERT_EQ(alone.status, 0) << alone.out;
  ASSERT_EQ(ranks.status, 0) << ranks.out;
  EXPECT_EQ(alone.out, ranks.out);
}

}  // namespace
}  // namespace softpower::testing
