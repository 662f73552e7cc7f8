// OutputCapture (core/output_folder.hpp): the outputs of an operation kept in memory for the
// Python package. Nothing is written at the folder's path, the private temporary folder of
// file() is gone afterwards, and everything else writes as before.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "softpower/core/error.hpp"
#include "softpower/core/output_folder.hpp"
#include "support/scratch.hpp"

namespace softpower {
namespace {

namespace fs = std::filesystem;
using testing::ScratchDir;

TEST(OutputCapture, KeepsWrittenAndStreamedFilesAndWritesNothing) {
  ScratchDir dir;
  const fs::path out = dir.path() / "out";
  OutputCapture capture;
  fs::path streamed;
  {
    OutputFolder folder(out, {"scores.csv", "datasets/Raw.csv"});
    EXPECT_EQ(folder.display(), kInMemory);
    folder.write("scores.csv", "unit,score\nFRA,1.5\n");
    streamed = folder.file("datasets/Raw.csv");
    std::ofstream(streamed, std::ios::binary) << "uCode,x\nDEU,2\n";
    folder.write("datasets/Normalised.csv", "uCode,x\nDEU,0\n");  // named at run time
    folder.commit();
  }
  EXPECT_FALSE(fs::exists(out));
  EXPECT_FALSE(fs::exists(streamed));
  EXPECT_FALSE(fs::exists(streamed.parent_path().parent_path()));  // the temporary folder
  ASSERT_EQ(capture.files.size(), 3U);
  EXPECT_EQ(capture.files.at("scores.csv"), "unit,score\nFRA,1.5\n");
  EXPECT_EQ(capture.files.at("datasets/Raw.csv"), "uCode,x\nDEU,2\n");
  EXPECT_EQ(capture.files.at("datasets/Normalised.csv"), "uCode,x\nDEU,0\n");
}

TEST(OutputCapture, KeepsNothingOfARunThatFailsAndChecksNames) {
  ScratchDir dir;
  OutputCapture capture;
  fs::path streamed;
  {
    OutputFolder folder(dir.path() / "out", {"a.csv"});
    folder.write("a.csv", "x\n");
    streamed = folder.file("b.csv");
    EXPECT_THROW(folder.write("../escape.csv", "x\n"), Error);
  }  // no commit: the run failed
  EXPECT_TRUE(capture.files.empty());
  EXPECT_FALSE(fs::exists(streamed.parent_path()));
  EXPECT_THROW(OutputFolder(dir.path() / "out", {"a.csv", "a.csv"}), Error);
}

TEST(OutputCapture, LeavesSingleFilesAndLaterRunsOnDisk) {
  ScratchDir dir;
  {
    OutputCapture capture;
    OutputFolder single = OutputFolder::for_file(dir.path() / "one.csv");
    single.write("one.csv", "x\n");
    single.commit();
    EXPECT_TRUE(capture.files.empty());
  }
  EXPECT_TRUE(fs::is_regular_file(dir.path() / "one.csv"));
  EXPECT_EQ(OutputCapture::current(), nullptr);
  OutputFolder folder(dir.path() / "out", {"a.csv"});
  folder.write("a.csv", "x\n");
  folder.commit();
  EXPECT_TRUE(fs::is_regular_file(dir.path() / "out" / "a.csv"));
}

TEST(OutputCapture, NestedCapturesGiveTheInnermostTheFiles) {
  ScratchDir dir;
  OutputCapture outer;
  {
    OutputCapture inner;
    OutputFolder folder(dir.path() / "out", {"a.csv"});
    folder.write("a.csv", "inner\n");
    folder.commit();
    EXPECT_EQ(inner.files.at("a.csv"), "inner\n");
  }
  EXPECT_EQ(OutputCapture::current(), &outer);
  EXPECT_TRUE(outer.files.empty());
}

}  // namespace
}  // namespace softpower
