// `index uncertainty` and `index sensitivity` under mpirun (core/distributed, docs/cluster.md):
// their replications, in units of 64, spread over three ranks on this one machine give every
// file byte for byte as one process does, a job killed part-way resumes on two ranks with the
// same bytes, and a checkpoint kept on other data is refused. Skipped without MPI or the data.

#include <gtest/gtest.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "support/data.hpp"
#include "support/mpi.hpp"
#include "support/paths.hpp"

namespace softpower::testing {
namespace {

namespace fs = std::filesystem;

std::string asem() {
  return (source_dir() / "examples" / "asem.toml").string();
}

TEST_F(Mpi, IndexAnalysesOnThreeRanksAreByteIdenticalToOneProcess) {
  SOFTPOWER_REQUIRE_DATA(data);
  // 300 replications: 5 units, the last of 44; the sensitivity's (4 + 2) × 40 = 240: 4 units.
  const std::vector<std::vector<std::string>> commands = {
      {"index", "uncertainty", asem(), "--data", data.string(), "--runs", "300", "--seed", "3"},
      {"index", "sensitivity", asem(), "--data", data.string(), "--runs", "40", "--seed", "5",
       "--bootstrap", "50"}};
  for (std::size_t c = 0; c < commands.size(); ++c) {
    const OneAndThree out = one_and_three(commands[c], std::to_string(c));
    EXPECT_EQ(out.one.size(), c == 0 ? 3U : 2U);
    EXPECT_TRUE(out.one == out.three) << "command " << c;
    // Printed once, by rank 0, as alone.
    EXPECT_EQ(out.printed_three.find("Wrote"), out.printed_three.rfind("Wrote"))
        << out.printed_three;
  }
}

TEST_F(Mpi, AnUncertaintyKilledOnThreeRanksResumesOnTwoWithTheSameBytes) {
  SOFTPOWER_REQUIRE_DATA(data);
  expect_resumed_alike({"index", "uncertainty", asem(), "--data", data.string(), "--runs", "60000",
                        "--seed", "7", "--resume"},
                       "replications-", 3);
}

TEST_F(Mpi, ASensitivityKilledOnThreeRanksResumesOnTwoWithTheSameBytes) {
  SOFTPOWER_REQUIRE_DATA(data);
  expect_resumed_alike({"index", "sensitivity", asem(), "--data", data.string(), "--runs", "10000",
                        "--bootstrap", "100", "--resume"},
                       "replications-", 3);
}

TEST_F(Mpi, ACheckpointKeptOnOtherDataIsRefused) {
  SOFTPOWER_REQUIRE_DATA(data);
  const std::vector<std::string> words = {
      "index",  "uncertainty", asem(),     "--data", data.string(),
      "--runs", "60000",       "--resume", "--out",  (work_ / "x").string()};
  const fs::path checkpoint = work_ / "x" / ".softpower-checkpoint";
  ASSERT_TRUE(kill_when(
      launch(words, 0), {{"SOFTPOWER_THREADS", "1"}},
      [&] { return fs::exists(checkpoint / "replications-0"); }, SIGKILL));
  // The digest of the input the units were computed from, as if the data had changed since.
  std::ifstream in(checkpoint / "data-0", std::ios::binary);
  std::string head;
  ASSERT_TRUE(std::getline(in, head));
  std::ofstream(checkpoint / "data-0", std::ios::binary | std::ios::trunc) << head << "\n"
                                                                           << std::string(64, '0');
  const Outcome resumed = run(words);
  EXPECT_EQ(resumed.status, 1) << resumed.out;
  EXPECT_NE(resumed.out.find(checkpoint.string() +
                             ": holds the checkpoint of a run on other data (the data folder "
                             "changed since)"),
            std::string::npos)
      << resumed.out;
  EXPECT_TRUE(fs::exists(checkpoint / "replications-0"));
  EXPECT_FALSE(fs::exists(work_ / "x" / "runs.csv"));
}

}  // namespace
}  // namespace softpower::testing
