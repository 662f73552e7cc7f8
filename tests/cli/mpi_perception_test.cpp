// `perception aggregate` under mpirun (docs/cluster.md): each GDELT file a work unit, its sums
// gathered to rank 0 and merged in file order, so three ranks write the bytes of one process;
// a job killed once some files' sums are checkpointed finishes on two ranks with the same bytes;
// a kept file's sums are not reused once the file has changed. The MPI tests are skipped when
// the build has no MPI.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "support/data.hpp"
#include "support/mpi.hpp"

namespace softpower::testing {
namespace {

namespace fs = std::filesystem;

// A GDELT 2.0 export whose lines `bad` … are cut short (malformed: too few columns), after one
// copy of a real export's first `good` lines.
void write_with_bad_lines(const fs::path& from, const fs::path& to, int good, int bad) {
  std::ifstream in(from, std::ios::binary);
  std::ofstream out(to, std::ios::binary);
  std::string line;
  for (int i = 0; i < good + bad && std::getline(in, line); ++i) {
    out << (i < good ? line : line.substr(0, line.size() / 2)) << '\n';
  }
}

TEST_F(Mpi, PerceptionAggregateOnThreeRanksIsByteIdenticalToOneProcess) {
  SOFTPOWER_REQUIRE_DATA(data);
  const std::string events = (data / "gdelt" / "events").string();
  const std::string georgia = (data / "gdelt" / "undp-georgia-gdelt1").string();
  // Three files of 12 malformed lines each: problems.csv keeps the first 20 in file order, so
  // they come from the first two files, the second's first 8.
  const fs::path bad = work_.parent_path() / "bad";
  fs::create_directories(bad);
  const fs::path sample = data / "gdelt" / "events" / "20190121220000.export.CSV";
  for (const char* name : {"1.export.CSV", "2.export.CSV", "3.export.CSV"})
    write_with_bad_lines(sample, bad / name, 30, 12);
  const std::vector<std::vector<std::string>> commands = {
      {"perception", "aggregate", events, georgia, "--by", "day", "--dedup-url"},
      {"perception", "aggregate", bad.string(), events, "--by", "week", "--root-only",
       "--root-codes", "1-9"},
      {"perception", "aggregate", georgia, "--by", "quarter"}};
  for (std::size_t c = 0; c < commands.size(); ++c) {
    const OneAndThree out = one_and_three(commands[c], std::to_string(c));
    ASSERT_EQ(out.one.size(), 5U) << "command " << c;
    EXPECT_GT(out.one.at("dyads.csv").size(), 1000U) << "command " << c;
    EXPECT_TRUE(out.one == out.three) << "command " << c;
    // Printed once, by rank 0, with the same counts (from the events read to the last output).
    const auto counts = [](const std::string& printed) {
      const std::size_t from = printed.find("MB/s): ");
      return printed.substr(from, printed.find("\nWrote") - from);
    };
    EXPECT_EQ(counts(out.printed_one), counts(out.printed_three));
    const std::size_t first = out.printed_three.find("MB/s): ");
    EXPECT_EQ(out.printed_three.find("MB/s): ", first + 1), std::string::npos);
  }
  // The malformed lines of the second command, in file order, 20 at most.
  const std::string problems = files_of(work_ / "1-one").at("problems.csv");
  EXPECT_NE(problems.find("1.export.CSV,31,"), std::string::npos) << problems;
  EXPECT_NE(problems.find("2.export.CSV,38,"), std::string::npos) << problems;
  EXPECT_EQ(problems.find("2.export.CSV,39,"), std::string::npos) << problems;
  EXPECT_EQ(problems.find("3.export.CSV"), std::string::npos) << problems;
}

TEST_F(Mpi, APerceptionAggregateKilledOnThreeRanksResumesOnTwoWithTheSameBytes) {
  SOFTPOWER_REQUIRE_DATA(data);
  // The four exports given 180 times: 720 files of 3-10 ms each, about a second on each of
  // three ranks of one thread, so that SIGTERM reaches them before they are done.
  std::vector<std::string> words = {"perception", "aggregate"};
  for (int i = 0; i < 180; ++i) words.push_back((data / "gdelt" / "events").string());
  words.insert(words.end(), {"--by", "day", "--resume"});
  expect_resumed_alike(words, "files-", 3);
}

// Not MPI: a file's kept sums are reused only while the file is as it was.
TEST(PerceptionResume, AFileChangedSinceItsSumsWereKeptIsReadAgain) {
  SOFTPOWER_REQUIRE_DATA(data);
  ScratchDir scratch("softpower-resume");
  const fs::path in = scratch.path() / "in";
  fs::create_directories(in);
  const fs::path events = data / "gdelt" / "events";
  fs::copy_file(events / "20151027220000.export.CSV", in / "a.export.CSV");
  fs::copy_file(events / "20180326044500.export.CSV", in / "b.export.CSV");
  write_with_bad_lines(events / "20191024143000.export.CSV", in / "c.export.CSV", 5, 1);
  const std::string kept = (scratch.path() / "kept").string();
  const std::string args = "perception aggregate " + in.string() + " --by day --strict --out ";
  // Strict reading stops at c's malformed line: a's and b's sums stay in the checkpoint.
  const CommandResult failed = run_cli(args + kept + " --resume");
  ASSERT_NE(failed.status, 0) << failed.out;
  EXPECT_NE(failed.out.find("c.export.CSV:6"), std::string::npos) << failed.out;
  const fs::path checkpoint = fs::path(kept) / ".softpower-checkpoint";
  EXPECT_TRUE(fs::exists(checkpoint / "files-0"));
  EXPECT_TRUE(fs::exists(checkpoint / "files-1"));
  EXPECT_FALSE(fs::exists(checkpoint / "files-2"));
  // b now holds another export and c is mended; a is as it was.
  fs::remove(in / "b.export.CSV");
  fs::copy_file(events / "20190121220000.export.CSV", in / "b.export.CSV");
  fs::remove(in / "c.export.CSV");
  fs::copy_file(events / "20191024143000.export.CSV", in / "c.export.CSV");
  const CommandResult resumed = run_cli(args + kept + " --resume");
  ASSERT_EQ(resumed.status, 0) << resumed.out;
  EXPECT_FALSE(fs::exists(checkpoint));
  const CommandResult fresh = run_cli(args + (scratch.path() / "fresh").string());
  ASSERT_EQ(fresh.status, 0) << fresh.out;
  const auto a = files_of(kept);
  EXPECT_EQ(a.size(), 5U);
  EXPECT_TRUE(a == files_of(scratch.path() / "fresh"));
  // 2116 + 1629 + 2111 events; b's sums kept from before would give 2116 + 1540 + 2111.
  EXPECT_NE(resumed.out.find("5856 events"), std::string::npos) << resumed.out;
}

}  // namespace
}  // namespace softpower::testing
