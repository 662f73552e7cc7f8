#pragma once
// Where tests and benchmarks find the repository and ../shared/data (no GoogleTest here, so
// benchmarks can use it too).

#include <cstdlib>
#include <filesystem>

namespace softpower::testing {

inline std::filesystem::path shared_data_dir() {
  if (const char* env = std::getenv("SOFTPOWER_DATA"); env != nullptr && *env != '\0') return env;
  return std::filesystem::path(SOFTPOWER_SOURCE_DIR).parent_path() / "shared" / "data";
}

inline std::filesystem::path source_dir() {
  return SOFTPOWER_SOURCE_DIR;
}

}  // namespace softpower::testing
