// `alignment ideal-points --bootstrap N` under mpirun (core/distributed, docs/cluster.md): the
// bootstrap's replicates spread over three ranks give the same files, byte for byte, as one
// process, for the session model (a unit per session and replicate) and the bridged model (a
// unit per replicate of every session); a job stopped once it has kept some replicates resumes
// on two ranks with the same bytes. On three sessions of the UN votes, so that each test takes
// seconds. Skipped when the build has no MPI.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "support/data.hpp"
#include "support/mpi.hpp"

namespace softpower::testing {
namespace {

namespace fs = std::filesystem;

// Sessions first..last of the UN votes in `from`, written into `to` under the same names: the
// roll calls (rcid, session, …) of those sessions and the lines of their votes and issues
// (rcid, …), whole.
void write_sessions(const fs::path& from, const fs::path& to, int first, int last) {
  fs::create_directories(to);
  std::set<std::string> rcids;
  auto copy = [&](const char* name, const auto& keep) {
    std::ifstream in(from / name, std::ios::binary);
    std::ofstream out(to / name, std::ios::binary);
    std::string line;
    std::getline(in, line);
    out << line << '\n';
    while (std::getline(in, line)) {
      if (keep(line)) out << line << '\n';
    }
  };
  copy("un_roll_calls.csv", [&](const std::string& line) {
    const std::size_t a = line.find(','), b = line.find(',', a + 1);
    const int session = std::stoi(line.substr(a + 1, b - a - 1));
    if (session < first || session > last) return false;
    rcids.insert(line.substr(0, a));
    return true;
  });
  const auto voted = [&](const std::string& line) {
    return rcids.count(line.substr(0, line.find(','))) > 0;
  };
  copy("un_votes.csv", voted);
  copy("un_roll_call_issues.csv", voted);
}

class MpiIdealPoints : public Mpi {
 protected:
  void SetUp() override {
    Mpi::SetUp();
    if (IsSkipped()) return;
    SOFTPOWER_REQUIRE_DATA(data);
    write_sessions(data / "un-votes", votes_, 68, 70);
  }

  // The page says how long the estimate took ("estimated in 1.23 s"): that is masked.
  std::map<std::string, std::string> outputs_of(const fs::path& dir) const override {
    std::map<std::string, std::string> files = files_of(dir);
    const std::string said = "estimated in ";
    for (auto& [name, bytes] : files) {
      const std::size_t at = bytes.find(said);
      if (!name.ends_with(".html") || at == std::string::npos) continue;
      const std::size_t end = bytes.find(" s ", at);
      bytes.replace(at + said.size(), end - at - said.size(), "…");
    }
    return files;
  }

  std::vector<std::string> words(const std::string& model, const std::string& bootstrap) const {
    return {"alignment", "ideal-points", "--votes", votes_.string(), "--model",
            model,       "--bootstrap",  bootstrap, "--seed",        "3"};
  }

  fs::path votes_ = work_ / "votes";
};

TEST_F(MpiIdealPoints, BootstrapOnThreeRanksIsByteIdenticalToOneProcess) {
  for (const std::string model : {"session", "bridged"}) {
    const OneAndThree out = one_and_three(words(model, "4"), model);
    const auto& a = out.one;
    ASSERT_EQ(a.size(), 4U) << model;
    EXPECT_TRUE(a == out.three) << model;
    // Every state that voted has a bootstrap error (a finite number, not NaN).
    const std::string& points = a.at("ideal_points.csv");
    EXPECT_EQ(points.find("nan"), std::string::npos) << model;
    EXPECT_EQ(points.substr(0, points.find('\n')), "session,country,x,se");
    // Printed once, by rank 0.
    const std::string said = "Standard errors from 4 bootstrap replicates";
    ASSERT_NE(out.printed_three.find(said), std::string::npos) << out.printed_three;
    EXPECT_EQ(out.printed_three.find(said, out.printed_three.find(said) + 1), std::string::npos)
        << out.printed_three;
  }
}

TEST_F(MpiIdealPoints, ABootstrapKilledOnThreeRanksResumesOnTwoWithTheSameBytes) {
  // 30 replicates, so that the job is still running when SIGTERM comes (9 were done first on
  // the idle machine).
  std::vector<std::string> resumed = words("bridged", "30");
  resumed.push_back("--resume");
  expect_resumed_alike(resumed, "replicates-", 2);
}

}  // namespace
}  // namespace softpower::testing
