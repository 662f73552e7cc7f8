// Every fuzz target's seed corpus (fuzz/corpus/<name>/) replayed through its entry with g++,
// so every build checks the seeds, not only a clang fuzzing run (fuzz/README.md).

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <string>

#include "fuzz/target.hpp"
#include "softpower/core/table.hpp"
#include "support/paths.hpp"

namespace softpower::fuzz {
namespace {

namespace fs = std::filesystem;

fs::path corpus_root() {
  return testing::source_dir() / "fuzz" / "corpus";
}

TEST(FuzzCorpus, EveryTargetHasSeedsAndEverySeedFolderATarget) {
  std::set<std::string> names;
  for (const Target& t : targets()) names.insert(std::string(t.name));
  EXPECT_EQ(names.size(), targets().size()) << "two fuzz targets share a name";
  std::set<std::string> folders;
  for (const auto& entry : fs::directory_iterator(corpus_root())) {
    if (entry.is_directory()) folders.insert(entry.path().filename().string());
  }
  EXPECT_EQ(names, folders);
}

TEST(FuzzCorpus, SeedsReplayWithoutEscapingErrorsAndSomeAreAccepted) {
  ASSERT_FALSE(targets().empty());
  for (const Target& t : targets()) {
    const fs::path folder = corpus_root() / std::string(t.name);
    std::size_t seeds = 0, accepted = 0;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(folder, ec)) {
      std::ifstream in(entry.path(), std::ios::binary);
      const std::string bytes((std::istreambuf_iterator<char>(in)),
                              std::istreambuf_iterator<char>());
      SCOPED_TRACE(entry.path().string());
      EXPECT_NO_THROW(accepted += static_cast<std::size_t>(t.entry(
                          reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size())));
      ++seeds;
    }
    EXPECT_GE(seeds, 4u) << t.name << ": a target needs seeds in " << folder;
    // At least one seed is a valid input, so the replay reaches past the first check.
    EXPECT_GE(accepted, 1u) << t.name;
  }
}

// The seeds copied from examples/ (index specs, scenarios) are the examples as they are now:
// soft-power.toml had stayed the seven-pillar 2019 spec after the example became a panel.
TEST(FuzzCorpus, SeedsNamedAfterAnExampleAreThatExample) {
  const fs::path examples = testing::source_dir() / "examples";
  std::size_t compared = 0;
  for (const auto& [seeds, originals] :
       {std::pair{"index_spec", examples}, std::pair{"scenario", examples / "scenarios"}}) {
    for (const auto& entry : fs::directory_iterator(corpus_root() / seeds)) {
      const fs::path original = originals / entry.path().filename();
      if (!fs::exists(original)) continue;
      EXPECT_EQ(read_file(entry.path()), read_file(original)) << entry.path();
      ++compared;
    }
  }
  EXPECT_EQ(compared, 7u);  // asem, elcano, soft-power; hallyu, heritage, rivals, small
}

}  // namespace
}  // namespace softpower::fuzz
