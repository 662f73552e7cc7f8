// The same `softpower` under mpirun (core/distributed, docs/cluster.md): three ranks on this one
// machine (--oversubscribe) write the same bytes as one process, print once, and an error on
// one rank ends them all with its message. Skipped when the build has no MPI.

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <vector>

#include "softpower/core/distributed.hpp"
#include "support/cli.hpp"
#include "support/kill_when.hpp"
#include "support/paths.hpp"
#include "support/scratch.hpp"
#include "support/spawn.hpp"

namespace softpower::testing {
namespace {

namespace fs = std::filesystem;

#ifdef SOFTPOWER_MPIEXEC
constexpr const char* kMpiexec = SOFTPOWER_MPIEXEC;
#else
constexpr const char* kMpiexec = "";
#endif

// OpenMPI refuses to run as root unless told (CI runs as root).
const std::map<std::string, std::string> kEnv = {{"OMPI_ALLOW_RUN_AS_ROOT", "1"},
                                                 {"OMPI_ALLOW_RUN_AS_ROOT_CONFIRM", "1"},
                                                 {"OMPI_MCA_rmaps_base_oversubscribe", "1"}};

// Every file under `dir` (but the list of outputs, which names the process) with its bytes.
std::map<std::string, std::string> files_of(const fs::path& dir) {
  std::map<std::string, std::string> files;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file() || entry.path().filename() == ".softpower-outputs") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    files[entry.path().lexically_relative(dir).generic_string()].assign(
        std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  return files;
}

class Mpi : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!distributed::built_with_mpi() || std::string(kMpiexec).empty()) {
      GTEST_SKIP() << "built without MPI";
    }
    fs::create_directories(work_);
  }

  // `softpower words…` alone, or under mpirun with `ranks` ranks.
  Outcome run(const std::vector<std::string>& words, int ranks = 0) const {
    std::vector<std::string> all;
    if (ranks > 0) all = {kMpiexec, "--oversubscribe", "-np", std::to_string(ranks)};
    all.push_back(cli_path());
    all.insert(all.end(), words.begin(), words.end());
    return run_in(all, work_, kEnv, std::chrono::seconds(120));
  }

  ScratchDir scratch_{"softpower-mpi"};
  fs::path work_ = scratch_.path() / "work";
};

TEST_F(Mpi, EnsemblesOnThreeRanksAreByteIdenticalToOneProcess) {
  const std::string small = (source_dir() / "examples" / "scenarios" / "small.toml").string();
  const std::vector<std::vector<std::string>> commands = {
      {"simulate", "axelrod", "--L", "12", "--runs", "7", "--seed", "5"},
      {"simulate", "axelrod", "--graph", "small-world", "--n", "200", "--runs", "5"},
      {"simulate", small, "--runs", "5", "--seed", "3", "--compare", small}};
  for (std::size_t c = 0; c < commands.size(); ++c) {
    std::vector<std::string> one = commands[c], three = commands[c];
    one.insert(one.end(), {"--out", "one" + std::to_string(c)});
    three.insert(three.end(), {"--out", "three" + std::to_string(c)});
    const Outcome alone = run(one);
    const Outcome ranks = run(three, 3);
    ASSERT_EQ(alone.status, 0) << alone.out;
    ASSERT_EQ(ranks.status, 0) << ranks.out;
    const auto a = files_of(work_ / ("one" + std::to_string(c)));
    const auto b = files_of(work_ / ("three" + std::to_string(c)));
    EXPECT_GE(a.size(), 5U);
    EXPECT_TRUE(a == b) << "command " << c;
    // Printed once, by rank 0: the summary's first line appears once.
    const std::string first = ranks.out.substr(0, ranks.out.find('\n'));
    EXPECT_EQ(ranks.out.find(first, 1), std::string::npos) << ranks.out;
  }
}

TEST_F(Mpi, SweepsOnThreeRanksAreByteIdenticalToOneProcess) {
  const std::string small = (source_dir() / "examples" / "scenarios" / "small.toml").string();
  const std::vector<std::vector<std::string>> commands = {
      {"simulate", "sweep", "axelrod", "--grid", "q=2:14:4,L=4:10:3", "--runs", "3"},
      {"simulate", "sweep", small, "--grid", "q=6:8:1,exporter[0].budget=30:40:10", "--runs", "2",
       "--measure", "attraction_BBB_AAA"}};
  for (std::size_t c = 0; c < commands.size(); ++c) {
    std::vector<std::string> one = commands[c], three = commands[c];
    one.insert(one.end(), {"--out", "sweep-one" + std::to_string(c)});
    three.insert(three.end(), {"--out", "sweep-three" + std::to_string(c)});
    const Outcome alone = run(one);
    const Outcome ranks = run(three, 3);
    ASSERT_EQ(alone.status, 0) << alone.out;
    ASSERT_EQ(ranks.status, 0) << ranks.out;
    const auto a = files_of(work_ / ("sweep-one" + std::to_string(c)));
    EXPECT_EQ(a.size(), 2U);
    EXPECT_TRUE(a == files_of(work_ / ("sweep-three" + std::to_string(c)))) << "command " << c;
  }
}

TEST_F(Mpi, ASweepKilledOnThreeRanksResumesOnTwoWithTheSameBytes) {
  const std::vector<std::string> sweep = {"simulate",      "sweep",  "axelrod", "--grid",
                                          "q=2:24:2,L=24", "--runs", "3",       "--resume"};
  std::vector<std::string> alone = sweep;
  alone.insert(alone.end(), {"--out", "alone"});
  ASSERT_EQ(run(alone).status, 0);
  // Three ranks of one thread each, stopped by mpirun's SIGTERM (a cluster's preemption) once
  // two units are kept; then two ranks finish the job.
  const fs::path checkpoint = work_ / "ranks" / ".softpower-checkpoint";
  auto kept = [&] {
    std::size_t n = 0;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(checkpoint, ec)) {
      n += e.path().filename().string().starts_with("sweep-") ? 1 : 0;
    }
    return n;
  };
  std::vector<std::string> words = {kMpiexec, "--oversubscribe", "-np", "3", cli_path()};
  words.insert(words.end(), sweep.begin(), sweep.end());
  words.insert(words.end(), {"--out", (work_ / "ranks").string()});
  std::map<std::string, std::string> env = kEnv;
  env["SOFTPOWER_THREADS"] = "1";
  ASSERT_TRUE(kill_when(
      words, env, [&] { return kept() >= 2; }, SIGTERM));
  EXPECT_FALSE(fs::exists(work_ / "ranks" / "sweep.csv"));
  std::vector<std::string> resume = sweep;
  resume.insert(resume.end(), {"--out", "ranks"});
  const Outcome resumed = run(resume, 2);
  ASSERT_EQ(resumed.status, 0) << resumed.out;
  EXPECT_FALSE(fs::exists(checkpoint));
  EXPECT_TRUE(files_of(work_ / "alone") == files_of(work_ / "ranks"));
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
                             work_, kEnv, std::chrono::seconds(120));
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
