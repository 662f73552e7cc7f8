#pragma once
// The MPI tests' fixture (docs/cluster.md): the command alone or under mpirun with several ranks
// on this one machine (--oversubscribe), the files of an output folder to compare byte for byte,
// and a job killed once it has checkpointed some units and resumed. Skips when the build has no
// MPI. The launcher comes from CMake (SOFTPOWER_MPIEXEC, set for tests/cli/mpi*_test.cpp).

#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <cstddef>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "softpower/core/distributed.hpp"
#include "support/cli.hpp"
#include "support/kill_when.hpp"
#include "support/scratch.hpp"
#include "support/spawn.hpp"

namespace softpower::testing {

#ifdef SOFTPOWER_MPIEXEC
inline constexpr const char* kMpiexec = SOFTPOWER_MPIEXEC;
#else
inline constexpr const char* kMpiexec = "";
#endif

// OpenMPI refuses to run as root unless told (CI runs as root).
inline const std::map<std::string, std::string> kMpiEnv = {
    {"OMPI_ALLOW_RUN_AS_ROOT", "1"},
    {"OMPI_ALLOW_RUN_AS_ROOT_CONFIRM", "1"},
    {"OMPI_MCA_rmaps_base_oversubscribe", "1"}};

// Every file under `dir` (but the list of outputs, which names the process) with its bytes.
inline std::map<std::string, std::string> files_of(const std::filesystem::path& dir) {
  std::map<std::string, std::string> files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
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
    std::filesystem::create_directories(work_);
  }

  // The words that start `softpower words…` under mpirun with `ranks` ranks (alone: none).
  static std::vector<std::string> launch(const std::vector<std::string>& words, int ranks) {
    std::vector<std::string> all;
    if (ranks > 0) all = {kMpiexec, "--oversubscribe", "-np", std::to_string(ranks)};
    all.push_back(cli_path());
    all.insert(all.end(), words.begin(), words.end());
    return all;
  }

  // `softpower words…` alone, or under mpirun with `ranks` ranks, in the work folder.
  Outcome run(const std::vector<std::string>& words, int ranks = 0) const {
    return run_in(launch(words, ranks), work_, kMpiEnv, std::chrono::seconds(120));
  }

  // `words` run alone into `<tag>-one` and on 3 ranks into `<tag>-three`, both expected to
  // succeed: the outputs of each (empty when a run failed) and what each printed.
  struct OneAndThree {
    std::map<std::string, std::string> one, three;
    std::string printed_one, printed_three;
  };
  OneAndThree one_and_three(const std::vector<std::string>& words, const std::string& tag) const {
    std::vector<std::string> one = words;
    std::vector<std::string> three = words;
    one.insert(one.end(), {"--out", tag + "-one"});
    three.insert(three.end(), {"--out", tag + "-three"});
    const Outcome alone = run(one);
    const Outcome ranks = run(three, 3);
    EXPECT_EQ(alone.status, 0) << alone.out;
    EXPECT_EQ(ranks.status, 0) << ranks.out;
    if (alone.status != 0 || ranks.status != 0) return {{}, {}, alone.out, ranks.out};
    return {outputs_of(work_ / (tag + "-one")), outputs_of(work_ / (tag + "-three")), alone.out,
            ranks.out};
  }

  // `words` (which must hold --resume) run alone into `alone`; then on 3 ranks of one thread
  // each into `ranks`, stopped by SIGTERM to mpirun and its ranks (a cluster's preemption) once at
  // least `kept` files whose names start with `part` are in its checkpoint; then resumed on 2
  // ranks. Expects the killed run to have left no outputs, the resumed one to have removed its
  // checkpoint, and both folders to hold the same bytes.
  void expect_resumed_alike(const std::vector<std::string>& words, std::string_view part,
                            std::size_t kept) const {
    std::vector<std::string> alone = words;
    alone.insert(alone.end(), {"--out", "alone"});
    const Outcome first = run(alone);
    ASSERT_EQ(first.status, 0) << first.out;
    const std::filesystem::path checkpoint = work_ / "ranks" / ".softpower-checkpoint";
    auto units = [&] {
      std::size_t n = 0;
      std::error_code ec;
      for (const auto& e : std::filesystem::directory_iterator(checkpoint, ec)) {
        n += e.path().filename().string().starts_with(part) ? 1 : 0;
      }
      return n;
    };
    std::vector<std::string> killed = words;
    killed.insert(killed.end(), {"--out", (work_ / "ranks").string()});
    std::map<std::string, std::string> env = kMpiEnv;
    env["SOFTPOWER_THREADS"] = "1";
    ASSERT_TRUE(kill_when(
        launch(killed, 3), env, [&] { return units() >= kept; }, SIGTERM))
        << "the job ended before " << kept << " units were kept";
    const std::map<std::string, std::string> left = files_of(work_ / "ranks");
    for (const auto& [file, bytes] : left) {
      EXPECT_TRUE(file.starts_with(".softpower-checkpoint/")) << "the killed run left " << file;
    }
    std::vector<std::string> resume = words;
    resume.insert(resume.end(), {"--out", "ranks"});
    const Outcome resumed = run(resume, 2);
    ASSERT_EQ(resumed.status, 0) << resumed.out;
    EXPECT_FALSE(std::filesystem::exists(checkpoint));
    EXPECT_TRUE(outputs_of(work_ / "alone") == outputs_of(work_ / "ranks"));
  }

  // The files of an output folder as they are compared: a command whose page says how long it
  // took masks that.
  virtual std::map<std::string, std::string> outputs_of(const std::filesystem::path& dir) const {
    return files_of(dir);
  }

  ScratchDir scratch_{"softpower-mpi"};
  std::filesystem::path work_ = scratch_.path() / "work";
};

}  // namespace softpower::testing
