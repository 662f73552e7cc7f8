#pragma once
// A scratch folder for one test: named by the process and the test (so parallel ctest runs
// never share one), emptied when made and removed with everything in it at the end.

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace softpower::testing {

class ScratchDir {
 public:
  explicit ScratchDir(const std::string& prefix = "softpower-test") {
    const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
    // A parameterised test's names hold '/' ("Cases/BadInput"): one folder, not a tree whose
    // upper folders would stay behind.
    std::string name = prefix + "-" + std::to_string(::getpid()) + "-" + test->test_suite_name() +
                       "-" + test->name();
    std::replace(name.begin(), name.end(), '/', '-');
    path_ = std::filesystem::temp_directory_path() / name;
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~ScratchDir() { std::filesystem::remove_all(path_); }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;

  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

/// A file's bytes as they are (no decompression).
inline std::string slurp(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace softpower::testing
