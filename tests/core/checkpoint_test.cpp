// Checkpoints of resumable jobs (core/checkpoint, docs/cluster.md "Resuming a killed job"):
// units read back as saved, a damaged unit is computed again, another job's checkpoint is
// refused, and removal touches nothing else.

#include "softpower/core/checkpoint.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "softpower/core/error.hpp"
#include "support/scratch.hpp"

namespace softpower {
namespace {

namespace fs = std::filesystem;

TEST(Checkpoint, UnitsReadBackAsSavedAndDamagedOnesAreLeftOut) {
  testing::ScratchDir dir("softpower-checkpoint");
  const Checkpoint c(dir / "out", "key1");
  c.save("runs", 0, std::string("\0a\nb", 4));
  c.save("runs", 7, "");
  c.save("runs", 3, "three");
  c.save("compare", 3, "other part");
  const auto units = c.units("runs");
  ASSERT_EQ(units.size(), 3U);
  EXPECT_EQ(units.at(0), std::string("\0a\nb", 4));
  EXPECT_EQ(units.at(7), "");
  EXPECT_EQ(units.at(3), "three");
  EXPECT_EQ(c.units("compare").at(3), "other part");
  // A unit cut short (a write of an older softpower, a disk that lost its end), one of another
  // job and a temporary file a kill left are not units.
  const fs::path folder = dir / "out" / ".softpower-checkpoint";
  std::ofstream(folder / "runs-3", std::ios::binary | std::ios::trunc)
      << "softpower-unit 1 key1 5\nthr";
  std::ofstream(folder / "runs-9") << "softpower-unit 1 key2 1\nx";
  std::ofstream(folder / ".runs-4.tmp77") << "softpower-unit 1 key1 1\nx";
  const auto again = Checkpoint(dir / "out", "key1").units("runs");
  EXPECT_EQ(again.size(), 2U);
  EXPECT_FALSE(again.contains(3));
  EXPECT_FALSE(again.contains(9));
}

TEST(Checkpoint, AnotherJobsCheckpointIsRefusedAndRemovalKeepsWhatItDidNotMake) {
  testing::ScratchDir dir("softpower-checkpoint");
  const Checkpoint c(dir / "out", "key1");
  c.save("sweep", 1, "one");
  try {
    const Checkpoint other(dir / "out", "key2");
    ADD_FAILURE() << "another job's checkpoint was taken";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("holds the checkpoint of another job"), std::string::npos);
  }
  const fs::path folder = dir / "out" / ".softpower-checkpoint";
  std::ofstream(folder / "notes.txt") << "mine";
  c.remove();
  EXPECT_TRUE(fs::exists(folder / "notes.txt"));
  EXPECT_FALSE(fs::exists(folder / "job"));
  EXPECT_FALSE(fs::exists(folder / "sweep-1"));
  fs::remove(folder / "notes.txt");
  Checkpoint(dir / "out", "key1").remove();
  EXPECT_FALSE(fs::exists(folder));
  EXPECT_TRUE(fs::exists(dir / "out"));
}

TEST(Checkpoint, TheKeyNamesTheParametersButNotWhereTheOutputsGo) {
  Args a;
  a.set("runs", "4");
  a.set("out", "one");
  Args b = a;
  b.set("out", "two");
  b.set("resume", "true");
  Args c = a;
  c.set("runs", "5");
  EXPECT_EQ(checkpoint_key("simulate", a, {}), checkpoint_key("simulate", b, {}));
  EXPECT_NE(checkpoint_key("simulate", a, {}), checkpoint_key("simulate", c, {}));
  EXPECT_NE(checkpoint_key("simulate", a, {}), checkpoint_key("simulate sweep", a, {}));
  EXPECT_EQ(checkpoint_key("simulate", a, {}).size(), 64U);
}

}  // namespace
}  // namespace softpower
